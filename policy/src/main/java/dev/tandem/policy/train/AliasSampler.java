package dev.tandem.policy.train;

import java.util.SplittableRandom;

/**
 * Draws indices with probability proportional to non-negative weights in O(1) per draw (Walker's
 * alias method, Vose's construction).
 */
final class AliasSampler {
  private final int[] items;
  private final double[] probability;
  private final int[] alias;

  /** {@code items[k]} is drawn with probability weights[k] / sum(weights). */
  AliasSampler(int[] items, float[] weights) {
    int n = items.length;
    if (n == 0) {
      throw new IllegalArgumentException("no samples to draw from");
    }
    this.items = items.clone();
    probability = new double[n];
    alias = new int[n];
    double total = 0;
    for (float w : weights) {
      total += w;
    }
    if (!(total > 0)) {
      throw new IllegalArgumentException("sample weights sum to " + total + ", expected > 0");
    }
    double[] scaled = new double[n];
    int[] small = new int[n];
    int[] large = new int[n];
    int ns = 0;
    int nl = 0;
    for (int i = 0; i < n; i++) {
      scaled[i] = weights[i] * n / total;
      if (scaled[i] < 1) {
        small[ns++] = i;
      } else {
        large[nl++] = i;
      }
    }
    while (ns > 0 && nl > 0) {
      int s = small[--ns];
      int l = large[--nl];
      probability[s] = scaled[s];
      alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      if (scaled[l] < 1) {
        small[ns++] = l;
      } else {
        large[nl++] = l;
      }
    }
    while (nl > 0) {
      probability[large[--nl]] = 1;
    }
    while (ns > 0) {
      probability[small[--ns]] = 1;
    }
  }

  int next(SplittableRandom rng) {
    int k = rng.nextInt(items.length);
    return items[rng.nextDouble() < probability[k] ? k : alias[k]];
  }
}
