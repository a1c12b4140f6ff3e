package dev.tandem.intervention.memory;

import dev.tandem.intervention.EpisodeTimeline;
import java.util.List;
import java.util.SplittableRandom;

/** Evictable samples are dropped uniformly at random (seeded) across all rollouts. */
public record RandomEviction() implements MemoryStrategy {
  @Override
  public List<EpisodeTimeline> evictionOrder(List<EpisodeTimeline> rollouts, SplittableRandom rng) {
    return rollouts;
  }

  @Override
  public boolean perSample() {
    return true;
  }
}
