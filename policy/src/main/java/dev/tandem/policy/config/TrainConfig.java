package dev.tandem.policy.config;

import java.util.Objects;

/**
 * A behavior-cloning run: {@code steps} Adam updates of {@code batchSize} samples at {@code
 * learningRate}; {@code weighting} says how per-sample weights enter (a weighted loss, or sampling
 * proportional to weight as IWR does); {@code validationFraction} of the episodes are held out and
 * evaluated every {@code evaluateEverySteps}; {@code selection} picks the parameters kept at the
 * end. {@code seed} makes the run reproducible.
 */
public record TrainConfig(
    int steps,
    int batchSize,
    double learningRate,
    double weightDecay,
    Weighting weighting,
    double validationFraction,
    int evaluateEverySteps,
    Selection selection,
    long seed) {

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
    if (selection == Selection.VALIDATION_LOSS && validationFraction == 0) {
      throw new IllegalArgumentException(
          "train.selection is validation_loss but train.validationFraction is 0:"
              + " hold out some data or select 'last'");
    }
  }

  /**
   * Defaults for behavior cloning on a few thousand samples: 3,000 steps of batch 256, Adam 1e-3,
   * weighted loss, 10% validation evaluated every 500 steps, best validation loss kept, seed 0.
   */
  public static TrainConfig defaults() {
    return new TrainConfig(
        3000, 256, 1e-3, 0.0, Weighting.LOSS, 0.1, 500, Selection.VALIDATION_LOSS, 0L);
  }

  public TrainConfig withSteps(int newSteps) {
    return new TrainConfig(
        newSteps,
        batchSize,
        learningRate,
        weightDecay,
        weighting,
        validationFraction,
        Math.min(evaluateEverySteps, newSteps),
        selection,
        seed);
  }

  public TrainConfig withWeighting(Weighting newWeighting) {
    return new TrainConfig(
        steps,
        batchSize,
        learningRate,
        weightDecay,
        newWeighting,
        validationFraction,
        evaluateEverySteps,
        selection,
        seed);
  }

  public TrainConfig withSeed(long newSeed) {
    return new TrainConfig(
        steps,
        batchSize,
        learningRate,
        weightDecay,
        weighting,
        validationFraction,
        evaluateEverySteps,
        selection,
        newSeed);
  }

  public TrainConfig withSelection(Selection newSelection, double newValidationFraction) {
    return new TrainConfig(
        steps,
        batchSize,
        learningRate,
        weightDecay,
        weighting,
        newValidationFraction,
        evaluateEverySteps,
        newSelection,
        seed);
  }

  public TrainConfig withEvaluateEverySteps(int every) {
    return new TrainConfig(
        steps,
        batchSize,
        learningRate,
        weightDecay,
        weighting,
        validationFraction,
        every,
        selection,
        seed);
  }

  public TrainConfig withBatchSize(int newBatchSize) {
    return new TrainConfig(
        steps,
        newBatchSize,
        learningRate,
        weightDecay,
        weighting,
        validationFraction,
        evaluateEverySteps,
        selection,
        seed);
  }

  public TrainConfig withLearningRate(double newLearningRate) {
    return new TrainConfig(
        steps,
        batchSize,
        newLearningRate,
        weightDecay,
        weighting,
        validationFraction,
        evaluateEverySteps,
        selection,
        seed);
  }
}
