package dev.tandem.policy.train;

/**
 * Adam's arithmetic over float arrays, shared by the optimizers that update CPU tensors in Java
 * through direct views of their memory ({@link CpuAdam} for behavior cloning, SAC's {@code
 * AdamState}): m = β1·m + (1-β1)·g, v = β2·v + (1-β2)·g², w -= rate·m/(√v + ε), with L2 weight
 * decay added to the gradient, and rate = lr·√(1-β2ᵗ)/(1-β1ᵗ) (the Adam paper; DJL's {@code Adam}
 * and its fused update use the same rule). Sequential float maths: the same inputs give the same
 * parameters on every CPU.
 */
public final class AdamKernel {
  public static final float BETA1 = 0.9f;
  public static final float BETA2 = 0.999f;
  public static final float EPSILON = 1e-8f;

  private AdamKernel() {}

  /** The bias-corrected step size of update {@code t} (1 for the first). */
  public static float rate(double learningRate, long t) {
    double correction1 = 1 - Math.pow(BETA1, t);
    double correction2 = 1 - Math.pow(BETA2, t);
    return (float) (learningRate * Math.sqrt(correction2) / correction1);
  }

  /** One update of the first {@code n} values of {@code w} and its moments from {@code g}. */
  public static void update(
      float[] w, float[] g, float[] m, float[] v, int n, float rate, float weightDecay) {
    for (int k = 0; k < n; k++) {
      float grad = g[k] + weightDecay * w[k];
      float mk = BETA1 * m[k] + (1 - BETA1) * grad;
      float vk = BETA2 * v[k] + (1 - BETA2) * grad * grad;
      m[k] = mk;
      v[k] = vk;
      w[k] -= rate * mk / ((float) Math.sqrt(vk) + EPSILON);
    }
  }
}
