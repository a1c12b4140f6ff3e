package dev.tandem.policy.net;

import ai.djl.ndarray.NDArray;

/** Small numerically stable helpers on NDArrays and floats. */
final class NdMath {
  static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
  static final double LOG_2 = Math.log(2);

  private NdMath() {}

  /** log(sum(exp(x))) over {@code axis}, dropping it. */
  static NDArray logSumExp(NDArray x, int axis) {
    NDArray m = x.max(new int[] {axis}, true).stopGradient();
    return x.sub(m).exp().sum(new int[] {axis}).log().add(m.squeeze(axis));
  }

  /** softplus(x) = log(1 + exp(x)), stable for large |x|. */
  static NDArray softplus(NDArray x) {
    // max(x, 0) + log(1 + exp(-|x|)); constants through NdScalars (see there)
    return NdScalars.maximum(x, 0).add(NdScalars.add(x.abs().neg().exp(), 1).log());
  }

  static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }
}
