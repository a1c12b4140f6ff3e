package dev.tandem.policy.config;

import java.util.Objects;

/**
 * Where and how DJL runs: the device ({@code auto} picks a GPU when DJL reports one), the number of
 * PyTorch intra-op threads for inference (1 is fastest for small networks) and the most for
 * training: more than one only while other processes leave that many CPUs free ({@code
 * DjlRuntime.training}). Experiments, {@code tandem train} and live sessions train on one thread
 * unless told otherwise: their cells and control loops run beside the training.
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
   * training at most half the CPUs, at least one and at most two. Half: one thread leaves a CPU to
   * the control loop while a live session retrains (and, measured with OpenMP's workers waiting
   * passively, two training threads ran 0.60–0.83x as fast as one on a 2-vCPU machine; spinning, as
   * now, 1.25x on free cores: docs/design/policy.md).
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
