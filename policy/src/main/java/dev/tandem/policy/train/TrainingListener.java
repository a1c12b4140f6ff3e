package dev.tandem.policy.train;

import dev.tandem.policy.checkpoint.Checkpoint;

/**
 * Observes a training run: logging, progress, checkpoint selection. Called on the training thread;
 * keep it cheap (snapshots are taken only when asked for).
 */
public interface TrainingListener {

  /** Every {@code logEverySteps} steps with the loss of the latest batch. */
  default void onStep(int step, double loss) {}

  /** At each evaluation; {@code snapshot} materializes the current parameters on demand. */
  default void onEvaluation(EvaluationPoint point, Snapshot snapshot) {}

  default void onEnd(TrainingResult result) {}

  /** The parameters at an evaluation, as a checkpoint (copied only when called). */
  @FunctionalInterface
  interface Snapshot {
    Checkpoint checkpoint();
  }
}
