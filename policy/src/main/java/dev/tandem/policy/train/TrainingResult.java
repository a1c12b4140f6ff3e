package dev.tandem.policy.train;

import dev.tandem.policy.checkpoint.Checkpoint;
import java.util.List;

/**
 * What a run produced: the selected checkpoint, the evaluation history, the step the checkpoint
 * comes from, and throughput.
 */
public record TrainingResult(
    Checkpoint checkpoint,
    List<EvaluationPoint> history,
    int selectedStep,
    int trainSamples,
    int validationSamples,
    double seconds,
    double samplesPerSecond) {
  public TrainingResult {
    history = List.copyOf(history);
  }

  public EvaluationPoint last() {
    return history.get(history.size() - 1);
  }

  public EvaluationPoint first() {
    return history.get(0);
  }
}
