package dev.tandem.policy.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.SplittableRandom;

/**
 * A diagonal Gaussian squashed by tanh, SAC's actor distribution. Raw outputs per sample: A means,
 * then A log-std parameters mapped smoothly into [{@link #LOG_STD_MIN}, {@link #LOG_STD_MAX}].
 * Actions are a = tanh(u), u ~ N(mean, std); log-probabilities include the change-of-variables term
 * -sum log(1 - tanh(u)^2), computed stably as -sum 2 (log 2 - u - softplus(-2u)).
 */
public record TanhGaussianHead(int actionDim) implements PolicyHead {

  public static final double LOG_STD_MIN = -5;
  public static final double LOG_STD_MAX = 2;

  /** Keeps atanh finite for actions at the bounds. */
  static final float EDGE = 1 - 1e-6f;

  @Override
  public int outputSize() {
    return 2 * actionDim;
  }

  public NDArray mean(NDArray out) {
    return out.get(":, 0:{}", actionDim);
  }

  public NDArray logStd(NDArray out) {
    NDArray raw = out.get(":, {}:", actionDim);
    NDArray unit = NdScalars.add(raw.tanh(), 1);
    return NdScalars.add(NdScalars.mul(unit, 0.5 * (LOG_STD_MAX - LOG_STD_MIN)), LOG_STD_MIN);
  }

  /** Sum over elements of log(1 - tanh(u)^2), shape [B]. */
  static NDArray logDetJacobian(NDArray u) {
    NDArray perElement = NdScalars.sub(NdMath.softplus(NdScalars.mul(u, -2)).add(u), NdMath.LOG_2);
    return NdScalars.mul(perElement, -2).sum(new int[] {1});
  }

  /** log N(u; mean, std) summed over elements, shape [B]. */
  static NDArray gaussianLogProb(NDArray u, NDArray mean, NDArray logStd) {
    NDArray z = u.sub(mean).div(logStd.exp());
    return NdScalars.sub(NdScalars.mul(z.square(), -0.5).sub(logStd), NdMath.LOG_SQRT_2PI)
        .sum(new int[] {1});
  }

  /** log p(action) per sample for squashed actions in (-1, 1), shape [B]. */
  public NDArray logProb(NDArray out, NDArray action) {
    NDArray y = action.clip(-EDGE, EDGE);
    // atanh(y) = (log(1 + y) - log(1 - y)) / 2 (PyTorch's engine in DJL has no atanh)
    NDArray u = NdScalars.mul(NdScalars.add(y, 1).log().sub(NdScalars.rsub(1, y).log()), 0.5);
    return gaussianLogProb(u, mean(out), logStd(out)).sub(logDetJacobian(u));
  }

  /**
   * A reparameterized sample for SAC: given standard normal noise [B, A], returns [action, log p]
   * with gradients flowing to the network outputs.
   */
  public NDList sample(NDArray out, NDArray noise) {
    NDArray mean = mean(out);
    NDArray logStd = logStd(out);
    NDArray u = mean.add(noise.mul(logStd.exp()));
    NDArray logProb = gaussianLogProb(u, mean, logStd).sub(logDetJacobian(u));
    return new NDList(u.tanh(), logProb);
  }

  @Override
  public NDArray loss(NDArray out, NDArray target) {
    return logProb(out, target).neg();
  }

  @Override
  public NDArray act(NDArray out) {
    return mean(out).tanh();
  }

  @Override
  public void act(float[] out, int outOffset, float[] action, int actionOffset) {
    for (int j = 0; j < actionDim; j++) {
      action[actionOffset + j] = (float) Math.tanh(out[outOffset + j]);
    }
  }

  @Override
  public void sample(
      float[] out, int outOffset, float[] action, int actionOffset, SplittableRandom rng) {
    for (int j = 0; j < actionDim; j++) {
      double raw = out[outOffset + actionDim + j];
      double logStd = LOG_STD_MIN + 0.5 * (LOG_STD_MAX - LOG_STD_MIN) * (Math.tanh(raw) + 1);
      double u = out[outOffset + j] + Math.exp(logStd) * GmmHead.gaussian(rng);
      action[actionOffset + j] = (float) Math.tanh(u);
    }
  }
}
