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
   * Auto device, one intra-op thread for inference and for training. Two training threads were
   * faster only on an idle machine; on a shared 2-core machine PyTorch's OpenMP team stalls (see
   * docs/design/policy.md), so more threads is an explicit choice.
   */
  public static RuntimeConfig defaults() {
    return new RuntimeConfig(DeviceChoice.AUTO, 1, 1);
  }

  public static RuntimeConfig cpu() {
    return new RuntimeConfig(DeviceChoice.CPU, 1, 1);
  }
}
