package dev.tandem.runtime.extension;

import dev.tandem.intervention.EpisodeTimeline;
import dev.tandem.intervention.memory.MemoryStrategy;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A memory strategy added from the test tree ({@code type: newest-first}): the newest rollouts go
 * first. Counts its uses so the test sees the memory asked it.
 */
public record NewestFirst() implements MemoryStrategy {
  static final AtomicInteger USES = new AtomicInteger();

  @Override
  public List<EpisodeTimeline> evictionOrder(List<EpisodeTimeline> rollouts, SplittableRandom rng) {
    USES.incrementAndGet();
    return rollouts.stream()
        .sorted(Comparator.comparingLong(EpisodeTimeline::episodeId).reversed())
        .toList();
  }
}
