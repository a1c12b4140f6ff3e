package dev.tandem.intervention.memory;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.data.SampleClass;
import dev.tandem.intervention.EpisodeTimeline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The training memory: at most {@code capacitySamples} samples (absent = unlimited), evicting robot
 * and pre-intervention samples by {@code strategy} when over. Demos and interventions are never
 * evicted, so the memory can stay above capacity when they alone exceed it.
 */
public record Memory(Integer capacitySamples, MemoryStrategy strategy, Long seed) {
  public Memory {
    if (capacitySamples != null) {
      ConfigChecks.positive(capacitySamples, "capacitySamples");
    }
    strategy = ConfigChecks.orDefault(strategy, new Fifo());
    seed = ConfigChecks.orDefault(seed, 0L);
  }

  public static Memory unlimited() {
    return new Memory(null, null, null);
  }

  private static boolean evictable(SampleClass c) {
    return c == SampleClass.ROBOT || c == SampleClass.PRE_INTERVENTION;
  }

  /**
   * Which samples to keep, per episode id. {@code classes} maps each episode id to its sample
   * classes (from the {@link dev.tandem.intervention.Segmenter}).
   */
  public Map<Long, boolean[]> keep(
      List<EpisodeTimeline> timelines, Map<Long, SampleClass[]> classes) {
    Map<Long, boolean[]> keep = new HashMap<>();
    long total = 0;
    for (EpisodeTimeline t : timelines) {
      boolean[] k = new boolean[t.length()];
      java.util.Arrays.fill(k, true);
      keep.put(t.episodeId(), k);
      total += t.length();
    }
    if (capacitySamples == null || total <= capacitySamples) {
      return keep;
    }
    long excess = total - capacitySamples;
    SplittableRandom rng = new SplittableRandom(seed);
    List<EpisodeTimeline> rollouts = timelines.stream().filter(t -> !t.demo()).toList();
    if (strategy.perSample()) {
      List<long[]> candidates = new ArrayList<>();
      for (EpisodeTimeline t : rollouts) {
        SampleClass[] c = classes.get(t.episodeId());
        for (int i = 0; i < c.length; i++) {
          if (evictable(c[i])) {
            candidates.add(new long[] {t.episodeId(), i});
          }
        }
      }
      for (int i = candidates.size() - 1; i > 0 && excess > 0; i--) {
        int j = rng.nextInt(i + 1);
        long[] tmp = candidates.get(i);
        candidates.set(i, candidates.get(j));
        candidates.set(j, tmp);
      }
      for (int i = candidates.size() - 1; i >= 0 && excess > 0; i--, excess--) {
        long[] c = candidates.get(i);
        keep.get(c[0])[(int) c[1]] = false;
      }
      return keep;
    }
    for (EpisodeTimeline t : strategy.evictionOrder(rollouts, rng)) {
      SampleClass[] c = classes.get(t.episodeId());
      boolean[] k = keep.get(t.episodeId());
      for (int i = 0; i < c.length && excess > 0; i++) {
        if (evictable(c[i])) {
          k[i] = false;
          excess--;
        }
      }
      if (excess == 0) {
        break;
      }
    }
    return keep;
  }
}
