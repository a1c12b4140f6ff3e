package dev.tandem.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tandem.policy.config.TrainConfig.MatmulPrecision;
import java.util.Arrays;
import java.util.List;

/**
 * The CPU's measured matrix-product speed, the yardstick of the benchmarks: a workload's limit is
 * its matrix-product FLOPs divided by this rate, and its {@code fraction_of_limit} how close it
 * comes. Measured as libtorch's {@code n x n x n} float32 product (256, the hidden width of the
 * benchmark networks) with a given intra-op thread count and precision, the median of short timed
 * rounds.
 */
public final class MatmulLimit {

  private MatmulLimit() {}

  /**
   * GFLOP/s of an {@code n}-cube float32 product with {@code threads} intra-op threads and {@code
   * precision} ({@code auto} resolved as for training): median of {@code rounds} rounds of {@code
   * roundSeconds} each, after a warm-up.
   */
  public static double gflops(
      DjlRuntime runtime,
      int n,
      int threads,
      MatmulPrecision precision,
      int rounds,
      double roundSeconds) {
    return runtime.withIntraOpThreads(
        threads,
        () ->
            runtime.withMatmulPrecision(
                precision,
                () -> {
                  runtime.noGradOnThisThread();
                  try (NDManager m = runtime.newManager()) {
                    NDArray a = m.randomUniform(-1, 1, new Shape(n, n));
                    NDArray b = m.randomUniform(-1, 1, new Shape(n, n));
                    for (int i = 0; i < 20; i++) {
                      a.matMul(b).close();
                    }
                    double[] rates = new double[rounds];
                    for (int r = 0; r < rounds; r++) {
                      long t0 = System.nanoTime();
                      long until = t0 + (long) (roundSeconds * 1e9);
                      long products = 0;
                      long now;
                      do {
                        a.matMul(b).close();
                        products++;
                        now = System.nanoTime();
                      } while (now < until);
                      rates[r] = products * 2.0 * n * n * n / (now - t0);
                    }
                    Arrays.sort(rates);
                    return rates[rounds / 2];
                  }
                }));
  }

  /**
   * Matrix-product FLOPs of one forward pass of a dense network with layer widths {@code widths}
   * (input first) per row: 2 x in x out per layer.
   */
  public static long forwardFlops(List<Integer> widths) {
    long f = 0;
    for (int l = 1; l < widths.size(); l++) {
      f += 2L * widths.get(l - 1) * widths.get(l);
    }
    return f;
  }

  /**
   * Matrix-product FLOPs per row of one training step of that network: the forward pass, the weight
   * gradients (same count), and the input gradients of every layer but the first (whose input needs
   * none).
   */
  public static long trainingFlops(List<Integer> widths) {
    return 3 * forwardFlops(widths) - 2L * widths.get(0) * widths.get(1);
  }
}
