package dev.tandem.intervention.operator;

/**
 * The operator takes over at the first step and never hands back: the episode is the operator's
 * alone. It measures what the operator achieves on its own (an experiment's {@code
 * operatorBaseline}), the level an imitation learner of this operator is capped at.
 */
public record AlwaysRule() implements TakeoverRule {

  @Override
  public Watcher newEpisode() {
    return (proposed, oracle, rng) -> true;
  }

  @Override
  public boolean handsBack() {
    return false;
  }
}
