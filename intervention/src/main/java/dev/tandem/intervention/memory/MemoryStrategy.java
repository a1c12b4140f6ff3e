package dev.tandem.intervention.memory;

import dev.tandem.intervention.EpisodeTimeline;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which robot and pre-intervention samples go first when the training memory is over capacity
 * (demos and interventions are never evicted). Selected by {@code type:} ({@code fifo}, {@code
 * lfi}, {@code mfi}, {@code random}).
 */
public interface MemoryStrategy {

  /**
   * The rollouts in eviction order, first evicted first. Within a rollout, its oldest evictable
   * steps go first.
   */
  List<EpisodeTimeline> evictionOrder(List<EpisodeTimeline> rollouts, SplittableRandom rng);

  /** True when single samples are drawn at random across rollouts instead of rollout by rollout. */
  default boolean perSample() {
    return false;
  }
}
