package dev.tandem.policy.data;

import dev.tandem.policy.config.NormalizationConfig;
import java.util.Arrays;
import java.util.Objects;

/**
 * An element-wise affine normalization {@code (x - offset) / scale}, computed from training data
 * and stored with the model. Mean/std sets offset = mean, scale = max(std, floor); min/max sets
 * offset = (min + max) / 2, scale = max((max - min) / 2, floor), mapping the data range to [-1, 1].
 */
public record Normalizer(NormalizationConfig.Kind kind, float[] offset, float[] scale) {

  public Normalizer {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(offset, "offset");
    Objects.requireNonNull(scale, "scale");
    if (offset.length != scale.length) {
      throw new IllegalArgumentException(
          "normalizer: " + offset.length + " offsets but " + scale.length + " scales");
    }
    for (int i = 0; i < scale.length; i++) {
      if (!(scale[i] > 0) || !Float.isFinite(scale[i]) || !Float.isFinite(offset[i])) {
        throw new IllegalArgumentException(
            "normalizer element " + i + ": offset " + offset[i] + ", scale " + scale[i]);
      }
    }
    offset = offset.clone();
    scale = scale.clone();
  }

  public static Normalizer identity(int size) {
    float[] one = new float[size];
    Arrays.fill(one, 1f);
    return new Normalizer(NormalizationConfig.Kind.NONE, new float[size], one);
  }

  public int size() {
    return offset.length;
  }

  /**
   * Statistics of {@code n} rows of {@code dim} floats laid out row-major in {@code data}; rows
   * with {@code include[i] == false} are skipped (null includes every row).
   */
  public static Normalizer fit(
      NormalizationConfig.Kind kind,
      float[] data,
      int n,
      int dim,
      boolean[] include,
      double floor) {
    if (kind == NormalizationConfig.Kind.NONE) {
      return identity(dim);
    }
    double[] a = new double[dim];
    double[] b = new double[dim];
    long count = 0;
    if (kind == NormalizationConfig.Kind.MIN_MAX) {
      Arrays.fill(a, Double.POSITIVE_INFINITY);
      Arrays.fill(b, Double.NEGATIVE_INFINITY);
    }
    for (int i = 0; i < n; i++) {
      if (include != null && !include[i]) {
        continue;
      }
      count++;
      for (int j = 0; j < dim; j++) {
        double v = data[i * dim + j];
        if (kind == NormalizationConfig.Kind.MIN_MAX) {
          a[j] = Math.min(a[j], v);
          b[j] = Math.max(b[j], v);
        } else {
          a[j] += v;
          b[j] += v * v;
        }
      }
    }
    if (count == 0) {
      throw new IllegalArgumentException("normalizer: no samples to compute statistics from");
    }
    float[] off = new float[dim];
    float[] sc = new float[dim];
    for (int j = 0; j < dim; j++) {
      if (kind == NormalizationConfig.Kind.MIN_MAX) {
        off[j] = (float) ((a[j] + b[j]) / 2);
        sc[j] = (float) Math.max((b[j] - a[j]) / 2, floor);
      } else {
        double mean = a[j] / count;
        double var = Math.max(0, b[j] / count - mean * mean);
        off[j] = (float) mean;
        sc[j] = (float) Math.max(Math.sqrt(var), floor);
      }
    }
    return new Normalizer(kind, off, sc);
  }

  /** Normalizes {@code dim} values of {@code in} at {@code inOffset} into {@code out}. */
  public void normalize(float[] in, int inOffset, float[] out, int outOffset) {
    for (int j = 0; j < offset.length; j++) {
      out[outOffset + j] = (in[inOffset + j] - offset[j]) / scale[j];
    }
  }

  /** Inverse of {@link #normalize}. */
  public void denormalize(float[] in, int inOffset, float[] out, int outOffset) {
    for (int j = 0; j < offset.length; j++) {
      out[outOffset + j] = in[inOffset + j] * scale[j] + offset[j];
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalizer n
        && kind == n.kind
        && Arrays.equals(offset, n.offset)
        && Arrays.equals(scale, n.scale);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * kind.hashCode() + Arrays.hashCode(offset)) + Arrays.hashCode(scale);
  }

  @Override
  public String toString() {
    return "Normalizer[" + kind + ", " + offset.length + " elements]";
  }
}
