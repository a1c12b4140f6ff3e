package dev.tandem.intervention.memory;

import dev.tandem.intervention.EpisodeTimeline;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * LFI, least-frequently-intervened kept: rollouts the operator never had to correct are kept
 * longest; samples of the most-intervened rollouts are evicted first (oldest first on ties).
 */
public record Lfi() implements MemoryStrategy {
  @Override
  public List<EpisodeTimeline> evictionOrder(List<EpisodeTimeline> rollouts, SplittableRandom rng) {
    return rollouts.stream()
        .sorted(
            Comparator.comparingInt(EpisodeTimeline::interventionCount)
                .reversed()
                .thenComparingLong(EpisodeTimeline::episodeId))
        .toList();
  }
}
