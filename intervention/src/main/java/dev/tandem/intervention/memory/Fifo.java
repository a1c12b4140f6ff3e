package dev.tandem.intervention.memory;

import dev.tandem.intervention.EpisodeTimeline;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/** First in, first out: the oldest rollouts (lowest episode id) are evicted first. */
public record Fifo() implements MemoryStrategy {
  @Override
  public List<EpisodeTimeline> evictionOrder(List<EpisodeTimeline> rollouts, SplittableRandom rng) {
    return rollouts.stream().sorted(Comparator.comparingLong(EpisodeTimeline::episodeId)).toList();
  }
}
