package dev.tandem.policy.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.SplittableRandom;

/**
 * A mixture of {@code modes} diagonal Gaussians over the action (Sirius trains this, after
 * robomimic's BC-GMM). Raw outputs per sample: {@code modes} logits, then {@code modes x A} means,
 * then {@code modes x A} scale parameters (std = softplus(raw) + minStd). Loss is the negative
 * log-likelihood; the deterministic action is the mean of the mode with the largest weight, so on
 * multimodal data it picks one real mode instead of averaging them.
 */
public record GmmHead(int modes, int actionDim, double minStd) implements PolicyHead {

  public GmmHead {
    if (modes < 1 || actionDim < 1 || !(minStd > 0)) {
      throw new IllegalArgumentException(
          "gmm head: modes " + modes + ", action dim " + actionDim + ", min std " + minStd);
    }
  }

  @Override
  public int outputSize() {
    return modes * (1 + 2 * actionDim);
  }

  /** [logits B x K, means B x K x A, stds B x K x A]. */
  public NDList components(NDArray out) {
    long b = out.getShape().get(0);
    int ka = modes * actionDim;
    NDArray logits = out.get(":, 0:{}", modes);
    NDArray means = out.get(":, {}:{}", modes, modes + ka).reshape(b, modes, actionDim);
    NDArray stds =
        NdScalars.add(NdMath.softplus(out.get(":, {}:", modes + ka)), minStd)
            .reshape(b, modes, actionDim);
    return new NDList(logits, means, stds);
  }

  /** log p(target) per sample, shape [B]. */
  public NDArray logProb(NDArray out, NDArray target) {
    return logProb(out, target, null);
  }

  /**
   * log p of the target's elements where {@code mask} [B, A] is 1 (the marginal of the mixture over
   * those elements: a diagonal Gaussian's masked elements drop out of each mode's sum); null mask:
   * every element.
   */
  private NDArray logProb(NDArray out, NDArray target, NDArray mask) {
    NDList c = components(out);
    NDArray logWeights = c.get(0).logSoftmax(1);
    NDArray z = target.expandDims(1).sub(c.get(1)).div(c.get(2));
    NDArray perElement =
        NdScalars.sub(NdScalars.mul(z.square(), -0.5).sub(c.get(2).log()), NdMath.LOG_SQRT_2PI);
    if (mask != null) {
      perElement = perElement.mul(mask.expandDims(1));
    }
    return NdMath.logSumExp(logWeights.add(perElement.sum(new int[] {2})), 1);
  }

  @Override
  public NDArray loss(NDArray out, NDArray target) {
    return logProb(out, target).neg();
  }

  @Override
  public NDArray loss(NDArray out, NDArray target, NDArray mask) {
    return logProb(out, target, mask).neg();
  }

  @Override
  public NDArray act(NDArray out) {
    NDList c = components(out);
    NDArray oneHot = c.get(0).argMax(1).oneHot(modes).toType(out.getDataType(), false);
    return c.get(1).mul(oneHot.expandDims(2)).sum(new int[] {1});
  }

  @Override
  public void act(float[] out, int outOffset, float[] action, int actionOffset) {
    int best = 0;
    for (int k = 1; k < modes; k++) {
      if (out[outOffset + k] > out[outOffset + best]) {
        best = k;
      }
    }
    System.arraycopy(out, outOffset + modes + best * actionDim, action, actionOffset, actionDim);
  }

  @Override
  public void sample(
      float[] out, int outOffset, float[] action, int actionOffset, SplittableRandom rng) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < modes; k++) {
      max = Math.max(max, out[outOffset + k]);
    }
    double total = 0;
    for (int k = 0; k < modes; k++) {
      total += Math.exp(out[outOffset + k] - max);
    }
    double u = rng.nextDouble() * total;
    int mode = modes - 1;
    for (int k = 0; k < modes; k++) {
      u -= Math.exp(out[outOffset + k] - max);
      if (u <= 0) {
        mode = k;
        break;
      }
    }
    int meanAt = outOffset + modes + mode * actionDim;
    int stdAt = outOffset + modes + modes * actionDim + mode * actionDim;
    for (int j = 0; j < actionDim; j++) {
      double std = NdMath.softplus(out[stdAt + j]) + minStd;
      action[actionOffset + j] = (float) (out[meanAt + j] + std * gaussian(rng));
    }
  }

  static double gaussian(SplittableRandom rng) {
    double u1 = 1.0 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
