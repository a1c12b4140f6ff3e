package dev.tandem.policy.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tandem.policy.config.EncoderConfig;
import dev.tandem.policy.config.NetworkConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The policy network as one DJL block. Inputs: the normalized state [B, S], then one image [B, 3,
 * cropH, cropW] per encoder camera (floats in [0, 1]). Encoded image features are concatenated with
 * the state; then for each hidden size Linear, optional LayerNorm, ReLU; then a linear layer with
 * the head's raw outputs.
 *
 * <p>Parameter order (what {@code getParameters()} lists and checkpoints store): encoders in camera
 * order, then per hidden layer {@code weight [out, in], bias [out]} and, with LayerNorm, {@code
 * gamma, beta}, then the output layer's weight and bias.
 */
public final class PolicyNetwork extends AbstractBlock {

  private final List<CnnEncoder> encoders = new ArrayList<>();
  private final List<Linear> hidden = new ArrayList<>();
  private final List<LayerNorm> norms = new ArrayList<>();
  private final Linear output;
  private final int outputSize;

  public PolicyNetwork(NetworkConfig config, int outputSize) {
    this.outputSize = outputSize;
    EncoderConfig enc = config.encoder();
    if (enc != null) {
      for (int c = 0; c < enc.cameras().size(); c++) {
        encoders.add(
            addChildBlock(
                "encoder" + c, new CnnEncoder(enc.filters(), enc.keypoints(), enc.featureSize())));
      }
    }
    List<Integer> sizes = config.hiddenSizes();
    for (int i = 0; i < sizes.size(); i++) {
      hidden.add(addChildBlock("fc" + i, Linear.builder().setUnits(sizes.get(i)).build()));
      if (config.layerNorm()) {
        norms.add(addChildBlock("ln" + i, LayerNorm.builder().build()));
      }
    }
    output = addChildBlock("out", Linear.builder().setUnits(outputSize).build());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    for (int c = 0; c < encoders.size(); c++) {
      NDArray f = encoders.get(c).forward(ps, new NDList(inputs.get(1 + c)), training).head();
      x = x.concat(f, 1);
    }
    for (int i = 0; i < hidden.size(); i++) {
      x = hidden.get(i).forward(ps, new NDList(x), training).head();
      if (!norms.isEmpty()) {
        x = norms.get(i).forward(ps, new NDList(x), training).head();
      }
      x = ai.djl.nn.Activation.relu(x);
    }
    return output.forward(ps, new NDList(x), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), outputSize)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    long batch = inputShapes[0].get(0);
    long width = inputShapes[0].get(1);
    for (int c = 0; c < encoders.size(); c++) {
      Shape img = inputShapes[1 + c];
      encoders.get(c).initialize(manager, dataType, img);
      width += encoders.get(c).getOutputShapes(new Shape[] {img})[0].get(1);
    }
    for (int i = 0; i < hidden.size(); i++) {
      Shape in = new Shape(batch, width);
      hidden.get(i).initialize(manager, dataType, in);
      width = hidden.get(i).getOutputShapes(new Shape[] {in})[0].get(1);
      if (!norms.isEmpty()) {
        norms.get(i).initialize(manager, dataType, new Shape(batch, width));
      }
    }
    output.initialize(manager, dataType, new Shape(batch, width));
  }
}
