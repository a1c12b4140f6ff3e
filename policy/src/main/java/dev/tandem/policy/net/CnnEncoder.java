package dev.tandem.policy.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A small image encoder after robomimic's visual core: three 3x3 convolutions with ReLU (stride 2,
 * 2, 1), a 1x1 convolution to K keypoint maps, a spatial softmax (each map becomes a distribution
 * over positions; its expected x and y in [-1, 1] are the keypoint), and a linear projection of the
 * 2K coordinates. Input [B, 3, H, W] floats in [0, 1]; output [B, featureSize].
 */
final class CnnEncoder extends AbstractBlock {

  private final Conv2d conv1;
  private final Conv2d conv2;
  private final Conv2d conv3;
  private final Conv2d keypointMaps;
  private final Linear projection;
  private final int keypoints;
  private final int featureSize;

  CnnEncoder(int filters, int keypoints, int featureSize) {
    this.keypoints = keypoints;
    this.featureSize = featureSize;
    conv1 = addChildBlock("conv1", conv(filters, 3, 2, 1));
    conv2 = addChildBlock("conv2", conv(filters, 3, 2, 1));
    conv3 = addChildBlock("conv3", conv(filters, 3, 1, 1));
    keypointMaps = addChildBlock("keypoints", conv(keypoints, 1, 1, 0));
    projection = addChildBlock("projection", Linear.builder().setUnits(featureSize).build());
  }

  private static Conv2d conv(int filters, int kernel, int stride, int padding) {
    return Conv2d.builder()
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(padding, padding))
        .setFilters(filters)
        .build();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    x = ai.djl.nn.Activation.relu(conv1.forward(ps, new NDList(x), training).singletonOrThrow());
    x = ai.djl.nn.Activation.relu(conv2.forward(ps, new NDList(x), training).singletonOrThrow());
    x = ai.djl.nn.Activation.relu(conv3.forward(ps, new NDList(x), training).singletonOrThrow());
    x = keypointMaps.forward(ps, new NDList(x), training).singletonOrThrow();
    NDArray points = spatialSoftmax(x);
    return projection.forward(ps, new NDList(points), training);
  }

  /**
   * [B, K, H, W] maps to [B, 2K] expected positions (x then y per keypoint, in [-1, 1]). The
   * position grid is made by libtorch (linspace), not from Java memory, so the graph may keep it.
   */
  static NDArray spatialSoftmax(NDArray maps) {
    Shape s = maps.getShape();
    long b = s.get(0);
    long k = s.get(1);
    int h = (int) s.get(2);
    int w = (int) s.get(3);
    NDManager m = maps.getManager();
    NDArray xs = m.linspace(-1f, 1f, w).tile(h); // x of position p = p % w
    NDArray ys = m.linspace(-1f, 1f, h).repeat(w); // y of position p = p / w
    NDArray grid = NDArrays.stack(new NDList(xs, ys), 1); // [H*W, 2]
    NDArray p = maps.reshape(b, k, (long) h * w).softmax(2);
    return p.matMul(grid).reshape(b, 2 * k);
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
    keypointMaps.initialize(manager, dataType, s);
    projection.initialize(manager, dataType, new Shape(s.get(0), 2L * keypoints));
  }
}
