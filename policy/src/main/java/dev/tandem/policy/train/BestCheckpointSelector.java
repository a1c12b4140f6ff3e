package dev.tandem.policy.train;

import dev.tandem.policy.checkpoint.Checkpoint;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Keeps the checkpoint with the best score seen at evaluations: lowest validation loss, or highest
 * rollout score. Ties keep the earlier one.
 */
public final class BestCheckpointSelector implements TrainingListener {

  private final String criterion;
  private final ToDoubleFunction<EvaluationPoint> score;
  private double bestScore = Double.NEGATIVE_INFINITY;
  private EvaluationPoint bestPoint;
  private Checkpoint best;

  private BestCheckpointSelector(String criterion, ToDoubleFunction<EvaluationPoint> score) {
    this.criterion = criterion;
    this.score = score;
  }

  public static BestCheckpointSelector lowestValidationLoss() {
    return new BestCheckpointSelector("validation loss", p -> -p.validationLoss());
  }

  public static BestCheckpointSelector highestRolloutScore() {
    return new BestCheckpointSelector("rollout score", EvaluationPoint::rolloutScore);
  }

  @Override
  public void onEvaluation(EvaluationPoint point, Snapshot snapshot) {
    double s = score.applyAsDouble(point);
    if (Double.isFinite(s) && s > bestScore) {
      bestScore = s;
      bestPoint = point;
      best = snapshot.checkpoint();
    }
  }

  public String criterion() {
    return criterion;
  }

  public Optional<Checkpoint> best() {
    return Optional.ofNullable(best);
  }

  public Optional<EvaluationPoint> bestPoint() {
    return Optional.ofNullable(bestPoint);
  }
}
