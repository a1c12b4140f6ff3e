package dev.tandem.policy.config;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.Objects;

/**
 * A behavior-cloning run: {@code steps} Adam updates of {@code batchSize} samples at {@code
 * learningRate}; {@code weighting} says how per-sample weights enter (a weighted loss, or sampling
 * proportional to weight as IWR does); {@code validationFraction} of the episodes are held out and
 * evaluated every {@code evaluateEverySteps}; {@code selection} picks the parameters kept at the
 * end. {@code seed} makes the run reproducible. {@code matmulPrecision} is PyTorch's float32
 * matrix-product precision during the run (see {@link MatmulPrecision}).
 */
@RecordBuilder
public record TrainConfig(
    int steps,
    int batchSize,
    double learningRate,
    double weightDecay,
    Weighting weighting,
    double validationFraction,
    int evaluateEverySteps,
    Selection selection,
    long seed,
    MatmulPrecision matmulPrecision)
    implements TrainConfigBuilder.With {

  /** How per-sample weights enter training. */
  public enum Weighting {
    /** Uniform sampling, loss = sum(w * l) / sum(w) over the batch. */
    LOSS,
    /** Sampling proportional to weight, unweighted loss (IWR). */
    SAMPLER,
    /** Weights ignored (plain BC); zero-weight samples are still left out. */
    NONE
  }

  /** Which parameters the run keeps. */
  public enum Selection {
    /** The parameters after the last step. */
    LAST,
    /** The parameters with the lowest validation loss. */
    VALIDATION_LOSS,
    /** The parameters with the highest rollout success, from an evaluator the caller provides. */
    ROLLOUT
  }

  /**
   * PyTorch's float32 matrix-product precision ({@code torch.set_float32_matmul_precision}) for the
   * run; master weights, gradients and Adam stay float32 either way.
   */
  public enum MatmulPrecision {
    /**
     * {@code medium} on a CPU with {@code avx512_bf16} when training runs on the CPU, {@code
     * highest} otherwise (GPU included).
     */
    AUTO,
    /** Full float32 products (PyTorch's default: MKL's sgemm on CPU). */
    HIGHEST,
    /**
     * PyTorch's {@code medium}: float32 products go through oneDNN, which may compute them from
     * bfloat16 inputs with float32 accumulation where the CPU has a fast path for it (AMX). On a
     * CPU without AMX (AMD Zen 4 here) oneDNN keeps float32 arithmetic, in AVX-512 kernels that ran
     * about twice as fast as MKL's there.
     */
    MEDIUM
  }

  /** The configuration with {@link MatmulPrecision#AUTO}. */
  public TrainConfig(
      int steps,
      int batchSize,
      double learningRate,
      double weightDecay,
      Weighting weighting,
      double validationFraction,
      int evaluateEverySteps,
      Selection selection,
      long seed) {
    this(
        steps,
        batchSize,
        learningRate,
        weightDecay,
        weighting,
        validationFraction,
        evaluateEverySteps,
        selection,
        seed,
        MatmulPrecision.AUTO);
  }

  public TrainConfig {
    if (steps < 1) {
      throw new IllegalArgumentException("train.steps: expected >= 1, found " + steps);
    }
    if (batchSize < 1 || batchSize > 1 << 16) {
      throw new IllegalArgumentException("train.batchSize: expected 1..65536, found " + batchSize);
    }
    if (!(learningRate > 0) || learningRate > 1) {
      throw new IllegalArgumentException(
          "train.learningRate: expected (0, 1], found " + learningRate);
    }
    if (!(weightDecay >= 0) || weightDecay > 1) {
      throw new IllegalArgumentException(
          "train.weightDecay: expected [0, 1], found " + weightDecay);
    }
    Objects.requireNonNull(weighting, "train.weighting: expected loss, sampler or none");
    if (!(validationFraction >= 0) || validationFraction >= 1) {
      throw new IllegalArgumentException(
          "train.validationFraction: expected [0, 1), found " + validationFraction);
    }
    if (evaluateEverySteps < 1) {
      throw new IllegalArgumentException(
          "train.evaluateEverySteps: expected >= 1, found " + evaluateEverySteps);
    }
    Objects.requireNonNull(selection, "train.selection: expected last, validation_loss or rollout");
    Objects.requireNonNull(
        matmulPrecision, "train.matmulPrecision: expected auto, highest or medium");
    if (selection == Selection.VALIDATION_LOSS && validationFraction == 0) {
      throw new IllegalArgumentException(
          "train.selection is validation_loss but train.validationFraction is 0:"
              + " hold out some data or select 'last'");
    }
  }

  /**
   * Defaults for behavior cloning on a few thousand samples: 3,000 steps of batch 256, Adam 1e-3,
   * weighted loss, 10% validation evaluated every 500 steps, best validation loss kept, seed 0,
   * matrix-product precision {@code auto}.
   */
  public static TrainConfig defaults() {
    return new TrainConfig(
        3000,
        256,
        1e-3,
        0.0,
        Weighting.LOSS,
        0.1,
        500,
        Selection.VALIDATION_LOSS,
        0L,
        MatmulPrecision.AUTO);
  }

  /** Another step count; evaluation happens at least once, at the end at the latest. */
  public TrainConfig withSteps(int newSteps) {
    return with(b -> b.steps(newSteps).evaluateEverySteps(Math.min(evaluateEverySteps, newSteps)));
  }

  public TrainConfig withSelection(Selection newSelection, double newValidationFraction) {
    return with(b -> b.selection(newSelection).validationFraction(newValidationFraction));
  }
}
