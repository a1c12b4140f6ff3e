package dev.tandem.policy.rl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * An ensemble of E Q(s, a) MLPs evaluated as one batched computation: each layer's weights of all
 * members are stacked into one [E, in, out] tensor (biases and LayerNorm gains [E, 1, out]), so a
 * layer is one batched matrix product for the whole ensemble, LayerNorm runs over the last axis,
 * and one backward pass computes every member's gradients. Member e is the MLP Linear -> [LayerNorm
 * -> ] ReLU per hidden layer, then Linear to one output, on concat(normalized state, normalized
 * action).
 *
 * <p>Inputs: state [B, S], action [B, A]; output [B, E]. Weights are Glorot-uniform per member
 * (from PyTorch's generator, seeded by the caller), biases 0, LayerNorm gain 1 and shift 0.
 */
final class CriticEnsemble extends AbstractBlock {

  static final float LAYER_NORM_EPS = 1e-5f;

  private final int ensembleSize;
  private final List<Integer> hiddenSizes;
  private final boolean layerNorm;

  /** Per layer (hidden layers then the output): weight, bias, and gain/shift for LayerNorm. */
  private final List<Parameter> weights = new ArrayList<>();

  private final List<Parameter> biases = new ArrayList<>();
  private final List<Parameter> gains = new ArrayList<>();
  private final List<Parameter> shifts = new ArrayList<>();
  private NDArray[] ones;
  private NDArray[] zeros;
  private int lastEvaluated;

  CriticEnsemble(int ensembleSize, List<Integer> hiddenSizes, boolean layerNorm) {
    this.ensembleSize = ensembleSize;
    this.hiddenSizes = List.copyOf(hiddenSizes);
    this.layerNorm = layerNorm;
    int layers = hiddenSizes.size() + 1;
    for (int l = 0; l < layers; l++) {
      boolean hidden = l < hiddenSizes.size();
      String p = hidden ? "layer" + l : "out";
      weights.add(
          addParameter(
              Parameter.builder()
                  .setName(p + ".weight")
                  .setType(Parameter.Type.WEIGHT)
                  .optInitializer(CriticEnsemble::glorot)
                  .build()));
      biases.add(
          addParameter(
              Parameter.builder()
                  .setName(p + ".bias")
                  .setType(Parameter.Type.BIAS)
                  .optInitializer(Initializer.ZEROS)
                  .build()));
      if (hidden && layerNorm) {
        gains.add(
            addParameter(
                Parameter.builder()
                    .setName(p + ".gamma")
                    .setType(Parameter.Type.GAMMA)
                    .optInitializer(Initializer.ONES)
                    .build()));
        shifts.add(
            addParameter(
                Parameter.builder()
                    .setName(p + ".beta")
                    .setType(Parameter.Type.BETA)
                    .optInitializer(Initializer.ZEROS)
                    .build()));
      }
    }
  }

  /** Glorot-uniform per member: U(-l, l), l = sqrt(6 / (in + out)) of the last two axes. */
  private static NDArray glorot(NDManager manager, Shape shape, DataType type) {
    long in = shape.get(shape.dimension() - 2);
    long out = shape.get(shape.dimension() - 1);
    float limit = (float) Math.sqrt(6.0 / (in + out));
    return manager.randomUniform(-limit, limit, shape, type);
  }

  int size() {
    return ensembleSize;
  }

  /** How many members the last forward pass evaluated. */
  int lastEvaluated() {
    return lastEvaluated;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(forward(ps, inputs.get(0), inputs.get(1), null, training));
  }

  /**
   * Q values of the chosen members ({@code null}: all), [B, members], in the given order. Only the
   * chosen members are computed: their weights are gathered into smaller stacks first.
   */
  NDArray forward(
      ParameterStore ps, NDArray state, NDArray action, int[] chosen, boolean training) {
    boolean all = chosen == null || isIdentity(chosen);
    int e = all ? ensembleSize : chosen.length;
    lastEvaluated = e;
    NDArray x = state.concat(action, 1); // [B, in]
    NDManager scratch = x.getManager();
    NDArray index = null;
    if (!all) {
      long[] rows = new long[chosen.length];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = chosen[i];
      }
      index = scratch.create(rows);
    }
    long batch = x.getShape().get(0);
    for (int l = 0; l < weights.size(); l++) {
      NDArray w = pick(ps.getValue(weights.get(l), x.getDevice(), training), index, scratch);
      NDArray b = pick(ps.getValue(biases.get(l), x.getDevice(), training), index, scratch);
      // [B, in] x [E, in, out] broadcasts to [E, B, out]; then [E, B, h] x [E, h, out]
      x = x.matMul(w).add(b);
      if (l < hiddenSizes.size()) {
        if (layerNorm) {
          NDArray g = pick(ps.getValue(gains.get(l), x.getDevice(), training), index, scratch);
          NDArray s = pick(ps.getValue(shifts.get(l), x.getDevice(), training), index, scratch);
          int h = hiddenSizes.get(l);
          x =
              LayerNorm.layerNorm(x, new Shape(h), ones[l], zeros[l], LAYER_NORM_EPS)
                  .singletonOrThrow()
                  .mul(g)
                  .add(s);
        }
        x = ai.djl.nn.Activation.relu(x);
      }
    }
    // [E, B, 1] -> [B, E]
    return x.reshape(e, batch).transpose();
  }

  private boolean isIdentity(int[] chosen) {
    if (chosen.length != ensembleSize) {
      return false;
    }
    for (int i = 0; i < chosen.length; i++) {
      if (chosen[i] != i) {
        return false;
      }
    }
    return true;
  }

  /**
   * The chosen members' rows of a stacked parameter (one gather), owned by {@code scratch} (results
   * indexed from a parameter would otherwise belong to the model's manager and pile up).
   */
  private static NDArray pick(NDArray stacked, NDArray index, NDManager scratch) {
    if (index == null) {
      return stacked;
    }
    NDArray out = stacked.get(new ai.djl.ndarray.index.NDIndex("{}", index));
    out.attach(scratch);
    return out;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), ensembleSize)};
  }

  @Override
  protected void prepare(Shape[] inputShapes) {
    long in = inputShapes[0].get(1) + inputShapes[1].get(1);
    for (int l = 0; l < weights.size(); l++) {
      long out = l < hiddenSizes.size() ? hiddenSizes.get(l) : 1;
      weights.get(l).setShape(new Shape(ensembleSize, in, out));
      biases.get(l).setShape(new Shape(ensembleSize, 1, out));
      if (l < hiddenSizes.size() && layerNorm) {
        gains.get(l).setShape(new Shape(ensembleSize, 1, out));
        shifts.get(l).setShape(new Shape(ensembleSize, 1, out));
      }
      in = out;
    }
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    ones = new NDArray[hiddenSizes.size()];
    zeros = new NDArray[hiddenSizes.size()];
    for (int l = 0; l < hiddenSizes.size(); l++) {
      ones[l] = manager.ones(new Shape(hiddenSizes.get(l)), dataType);
      zeros[l] = manager.zeros(new Shape(hiddenSizes.get(l)), dataType);
    }
  }
}
