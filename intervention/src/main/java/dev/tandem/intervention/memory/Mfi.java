package dev.tandem.intervention.memory;

import dev.tandem.intervention.EpisodeTimeline;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * MFI, most-frequently-intervened kept: the robot samples of the most-corrected rollouts stay
 * longest; never-intervened rollouts are evicted first (oldest first on ties).
 */
public record Mfi() implements MemoryStrategy {
  @Override
  public List<EpisodeTimeline> evictionOrder(List<EpisodeTimeline> rollouts, SplittableRandom rng) {
    return rollouts.stream()
        .sorted(
            Comparator.comparingInt(EpisodeTimeline::interventionCount)
                .thenComparingLong(EpisodeTimeline::episodeId))
        .toList();
  }
}
