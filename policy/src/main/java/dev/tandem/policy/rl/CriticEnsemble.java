package dev.tandem.policy.rl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.tandem.policy.config.HeadType;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.net.PolicyNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * An ensemble of Q(s, a) networks as one DJL block. Each member is a {@link PolicyNetwork} MLP
 * (Linear, optional LayerNorm, ReLU per hidden layer) with one output, reading the normalized state
 * and action concatenated. Inputs: state [B, S], action [B, A]; output [B, E].
 */
final class CriticEnsemble extends AbstractBlock {

  private final List<PolicyNetwork> members = new ArrayList<>();
  private int lastEvaluated;

  CriticEnsemble(int ensembleSize, List<Integer> hiddenSizes, boolean layerNorm) {
    NetworkConfig net =
        new NetworkConfig(hiddenSizes, layerNorm, HeadType.DETERMINISTIC, 1, 1e-2, null);
    for (int e = 0; e < ensembleSize; e++) {
      members.add(addChildBlock("q" + e, new PolicyNetwork(net, 1)));
    }
  }

  int size() {
    return members.size();
  }

  /** How many members the last forward pass evaluated. */
  int lastEvaluated() {
    return lastEvaluated;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    int[] all = new int[members.size()];
    for (int e = 0; e < all.length; e++) {
      all[e] = e;
    }
    return new NDList(forward(ps, inputs.get(0), inputs.get(1), all, training));
  }

  /** Q values of the chosen members only, [B, members.length], in the given order. */
  NDArray forward(
      ParameterStore ps, NDArray state, NDArray action, int[] chosen, boolean training) {
    NDArray x = state.concat(action, 1);
    lastEvaluated = chosen.length;
    NDList outs = new NDList(chosen.length);
    for (int e : chosen) {
      outs.add(members.get(e).forward(ps, new NDList(x), training).singletonOrThrow());
    }
    return outs.size() == 1 ? outs.get(0) : NDArrays.concat(outs, 1);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), members.size())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = new Shape(inputShapes[0].get(0), inputShapes[0].get(1) + inputShapes[1].get(1));
    for (PolicyNetwork m : members) {
      m.initialize(manager, dataType, in);
    }
  }
}
