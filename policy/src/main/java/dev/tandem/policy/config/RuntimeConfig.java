package dev.tandem.policy.config;

import java.util.Objects;

/**
 * Where and how DJL runs: the device ({@code auto} picks a GPU when DJL reports one), the number of
 * PyTorch intra-op threads for inference (1 is fastest for small networks) and for training.
 */
public record RuntimeConfig(DeviceChoice device, int inferenceThreads, int trainingThreads) {

  /** Which device the policy runs on. */
  public enum DeviceChoice {
    AUTO,
    CPU,
    GPU
  }

  public RuntimeConfig {
    Objects.requireNonNull(device, "runtime.device: expected auto, cpu or gpu");
    if (inferenceThreads < 1 || inferenceThreads > 256) {
      throw new IllegalArgumentException(
          "runtime.inferenceThreads: expected 1..256, found " + inferenceThreads);
    }
    if (trainingThreads < 1 || trainingThreads > 256) {
      throw new IllegalArgumentException(
          "runtime.trainingThreads: expected 1..256, found " + trainingThreads);
    }
  }

  /**
   * Auto device, one intra-op thread for inference (fastest for single observations), and for
   * training half the CPUs, at least one and at most two (PyTorch's OpenMP threads wait passively,
   * see {@code DjlRuntime}). Half: on a 2-vCPU machine whose vCPUs are one core's two hardware
   * threads, two training threads ran 0.60–0.83x as fast as one on a quiet machine (6 of 6
   * interleaved pairs, 2×256 MLP, batch 256: 203–215 k vs 136–145 k samples/s), and one thread
   * leaves the other CPU to the control loop while a live session retrains.
   */
  public static RuntimeConfig defaults() {
    return new RuntimeConfig(DeviceChoice.AUTO, 1, defaultTrainingThreads());
  }

  static int defaultTrainingThreads() {
    return Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors() / 2));
  }

  public static RuntimeConfig cpu() {
    return new RuntimeConfig(DeviceChoice.CPU, 1, defaultTrainingThreads());
  }
}
