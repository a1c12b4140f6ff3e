package dev.tandem.policy.rl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * Adam over a fixed list of parameters, with its moments held here (not inside DJL's optimizer), so
 * they can be saved and restored with the learner. One fused native update per parameter (the same
 * kernel and bias correction DJL's own {@code Adam} uses): beta 0.9 / 0.999, epsilon 1e-8, no
 * weight decay.
 */
final class AdamState {
  static final float BETA1 = 0.9f;
  static final float BETA2 = 0.999f;
  static final float EPSILON = 1e-8f;

  private final List<Parameter> parameters;
  private final NDArray[] mean;
  private final NDArray[] variance;
  private final float learningRate;
  private long steps;

  AdamState(List<Parameter> parameters, NDManager manager, double learningRate) {
    this.parameters = List.copyOf(parameters);
    this.learningRate = (float) learningRate;
    mean = new NDArray[parameters.size()];
    variance = new NDArray[parameters.size()];
    for (int i = 0; i < mean.length; i++) {
      NDArray w = parameters.get(i).getArray();
      mean[i] = manager.zeros(w.getShape(), w.getDataType());
      variance[i] = manager.zeros(w.getShape(), w.getDataType());
    }
  }

  /** One Adam step from the gradients the last backward pass left on the parameters. */
  void step() {
    steps++;
    double c1 = 1 - Math.pow(BETA1, steps);
    double c2 = 1 - Math.pow(BETA2, steps);
    float corrected = (float) (learningRate * Math.sqrt(c2) / c1);
    for (int i = 0; i < mean.length; i++) {
      NDArray w = parameters.get(i).getArray();
      try (NDArray g = w.getGradient()) {
        w.getNDArrayInternal()
            .adamUpdate(
                new NDList(w, g, mean[i], variance[i]),
                new NDList(w),
                learningRate,
                corrected,
                0f,
                1f,
                -1f,
                BETA1,
                BETA2,
                EPSILON,
                true,
                false);
      }
    }
  }

  long steps() {
    return steps;
  }

  void setSteps(long s) {
    steps = s;
  }

  int size() {
    return mean.length;
  }

  NDArray mean(int i) {
    return mean[i];
  }

  NDArray variance(int i) {
    return variance[i];
  }
}
