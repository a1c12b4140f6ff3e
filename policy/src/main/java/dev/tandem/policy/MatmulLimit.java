package dev.tandem.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tandem.policy.config.TrainConfig.MatmulPrecision;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
   * A measured product rate: GFLOP/s of wall-clock time, and GFLOP per CPU-second of the calling
   * thread (with one intra-op thread all the work runs there, and other load on the machine
   * inflates this figure much less than the wall-clock one).
   */
  public record Rate(double gflops, double gflopsPerCpuSecond) {}

  /**
   * GFLOP/s of an {@code n}-cube float32 product with {@code threads} intra-op threads and {@code
   * precision} ({@code auto} resolved as for training): medians of {@code rounds} rounds of {@code
   * roundSeconds} each, after a warm-up.
   */
  public static Rate measure(
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
                    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                    double[] rates = new double[rounds];
                    double[] cpuRates = new double[rounds];
                    for (int r = 0; r < rounds; r++) {
                      long c0 = mx.getCurrentThreadCpuTime();
                      long t0 = System.nanoTime();
                      long until = t0 + (long) (roundSeconds * 1e9);
                      long products = 0;
                      long now;
                      do {
                        a.matMul(b).close();
                        products++;
                        now = System.nanoTime();
                      } while (now < until);
                      double flops = products * 2.0 * n * n * n;
                      rates[r] = flops / (now - t0);
                      cpuRates[r] = flops / Math.max(1, mx.getCurrentThreadCpuTime() - c0);
                    }
                    Arrays.sort(rates);
                    Arrays.sort(cpuRates);
                    return new Rate(rates[rounds / 2], cpuRates[rounds / 2]);
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
