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
 * An ensemble of E Q(s, a) MLPs whose weights are stacked: each layer's weights of all members are
 * one [E, in, out] tensor (biases and LayerNorm gains [E, 1, out]), and one backward pass computes
 * every member's gradients. Two {@link Form}s compute the same function: {@code BATCHED} runs a
 * layer as one batched matrix product for the whole ensemble, {@code LOOPED} splits the stacks into
 * per-member views and runs the members one after the other (one member's activations stay in
 * cache). Member e is the MLP Linear -> [LayerNorm -> ] ReLU per hidden layer, then Linear to one
 * output, on concat(normalized state, normalized action).
 *
 * <p>Inputs: state [B, S], action [B, A]; output [B, E]. Weights are Glorot-uniform per member
 * (from PyTorch's generator, seeded by the caller), biases 0, LayerNorm gain 1 and shift 0.
 */
final class CriticEnsemble extends AbstractBlock {

  static final float LAYER_NORM_EPS = 1e-5f;

  /** How the members are computed; same parameters, same function, different speed per CPU. */
  enum Form {
    BATCHED,
    LOOPED;

    /**
     * The form for where training runs: looped on a CPU, batched on a GPU. Measured on CPUs (see
     * docs/design/policy.md; {@code tandem bench rl} times both): looped 1.05-1.26x the batched
     * updates per CPU-second on an AVX-512 Zen 4, and PyTorch's plain loop 1.24x its batched form
     * on an AVX2 Zen 3 (issue 21), the members' activations staying in cache. On a GPU one batched
     * kernel per layer replaces ten launches (not measured here: no GPU).
     */
    static Form forDevice(boolean onGpu) {
      return onGpu ? BATCHED : LOOPED;
    }
  }

  private final Form form;

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

  CriticEnsemble(int ensembleSize, List<Integer> hiddenSizes, boolean layerNorm, Form form) {
    this.form = java.util.Objects.requireNonNull(form, "form");
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

  Form form() {
    return form;
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
    if (form == Form.LOOPED) {
      return forwardLooped(ps, x, index, scratch, e, training);
    }
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

  /** Member by member over per-member views of the (chosen rows of the) stacks: [B, e]. */
  private NDArray forwardLooped(
      ParameterStore ps, NDArray x, NDArray index, NDManager scratch, int e, boolean training) {
    int layers = weights.size();
    NDList[] w = new NDList[layers];
    NDList[] b = new NDList[layers];
    NDList[] g = new NDList[layers];
    NDList[] s = new NDList[layers];
    for (int l = 0; l < layers; l++) {
      w[l] = members(ps, weights.get(l), x, index, scratch, e, training, false);
      b[l] = members(ps, biases.get(l), x, index, scratch, e, training, true);
      if (l < hiddenSizes.size() && layerNorm) {
        g[l] = members(ps, gains.get(l), x, index, scratch, e, training, true);
        s[l] = members(ps, shifts.get(l), x, index, scratch, e, training, true);
      }
    }
    NDList columns = new NDList(e);
    for (int k = 0; k < e; k++) {
      NDArray h = x;
      for (int l = 0; l < layers; l++) {
        // one fused product-plus-bias (the weight as a transposed view: [out, in])
        h =
            ai.djl.nn.core.Linear.linear(h, w[l].get(k).transpose(), b[l].get(k))
                .singletonOrThrow();
        if (l < hiddenSizes.size()) {
          if (layerNorm) {
            // the member's gain and shift inside PyTorch's layer_norm
            h =
                LayerNorm.layerNorm(
                        h, new Shape(hiddenSizes.get(l)), g[l].get(k), s[l].get(k), LAYER_NORM_EPS)
                    .singletonOrThrow();
          }
          h = ai.djl.nn.Activation.relu(h);
        }
      }
      columns.add(h); // [B, 1]
    }
    return e == 1 ? columns.get(0) : ai.djl.ndarray.NDArrays.concat(columns, 1);
  }

  /** A stacked parameter's (chosen) members as e views of shape [in, out] or [out]. */
  private NDList members(
      ParameterStore ps,
      Parameter p,
      NDArray x,
      NDArray index,
      NDManager scratch,
      int e,
      boolean training,
      boolean vector) {
    NDArray stacked = pick(ps.getValue(p, x.getDevice(), training), index, scratch);
    NDList parts = e == 1 ? new NDList(stacked) : stacked.split(e, 0);
    NDList out = new NDList(e);
    for (NDArray part : parts) {
      // split's parts and their views would otherwise belong to the model's manager and pile up
      if (e > 1) {
        part.attach(scratch);
      }
      // [1, in, out] -> [in, out]; [1, 1, out] (bias, gain, shift) -> [out]
      NDArray member = vector ? part.reshape(part.getShape().get(2)) : part.squeeze(0);
      member.attach(scratch);
      out.add(member);
    }
    return out;
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
