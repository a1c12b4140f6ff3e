package dev.tandem.policy.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A small image encoder: three 3x3 convolutions with ReLU (stride 2, 2, 1), global average pooling,
 * a linear projection, LayerNorm and tanh. Input [B, 3, H, W] floats in [0, 1]; output [B,
 * featureSize].
 */
final class CnnEncoder extends AbstractBlock {

  private final Conv2d conv1;
  private final Conv2d conv2;
  private final Conv2d conv3;
  private final Linear projection;
  private final LayerNorm norm;
  private final int featureSize;

  CnnEncoder(int filters, int featureSize) {
    this.featureSize = featureSize;
    conv1 = addChildBlock("conv1", conv(filters, 2));
    conv2 = addChildBlock("conv2", conv(filters, 2));
    conv3 = addChildBlock("conv3", conv(filters, 1));
    projection = addChildBlock("projection", Linear.builder().setUnits(featureSize).build());
    norm = addChildBlock("norm", LayerNorm.builder().build());
  }

  private static Conv2d conv(int filters, int stride) {
    return Conv2d.builder()
        .setKernelShape(new Shape(3, 3))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(1, 1))
        .setFilters(filters)
        .build();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    x = conv1.forward(ps, new NDList(x), training).singletonOrThrow();
    x = ai.djl.nn.Activation.relu(x);
    x = conv2.forward(ps, new NDList(x), training).singletonOrThrow();
    x = ai.djl.nn.Activation.relu(x);
    x = conv3.forward(ps, new NDList(x), training).singletonOrThrow();
    x = ai.djl.nn.Activation.relu(x);
    x = x.mean(new int[] {3}).mean(new int[] {2});
    x = projection.forward(ps, new NDList(x), training).singletonOrThrow();
    x = norm.forward(ps, new NDList(x), training).singletonOrThrow();
    return new NDList(x.tanh());
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), featureSize)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape s = inputShapes[0];
    conv1.initialize(manager, dataType, s);
    s = conv1.getOutputShapes(new Shape[] {s})[0];
    conv2.initialize(manager, dataType, s);
    s = conv2.getOutputShapes(new Shape[] {s})[0];
    conv3.initialize(manager, dataType, s);
    s = conv3.getOutputShapes(new Shape[] {s})[0];
    Shape pooled = new Shape(s.get(0), s.get(1));
    projection.initialize(manager, dataType, pooled);
    norm.initialize(manager, dataType, new Shape(s.get(0), featureSize));
  }
}
