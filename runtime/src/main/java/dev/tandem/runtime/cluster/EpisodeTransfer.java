package dev.tandem.runtime.cluster;

import dev.tandem.core.data.Episode;
import dev.tandem.core.data.Step;
import dev.tandem.core.store.EpisodeStatus;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeSummary;
import dev.tandem.core.store.EpisodeWriter;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Copies complete episodes from one store into another, each at most once: an episode whose tags
 * (its experiment key: task, seed, method, round, phase, index) a complete episode of the target
 * already carries is skipped, so shipping the same cell's episodes twice (a resent result, a rerun
 * cell) adds nothing. Steps, environment states, final observation and outcome are copied as
 * recorded; the target gives the copy its own id.
 */
final class EpisodeTransfer {
  private EpisodeTransfer() {}

  /**
   * Copies the complete episodes of {@code from} that {@code wanted} accepts (by their tags) and
   * {@code to} does not hold yet, in id order; returns how many were copied. The copies are durable
   * when this returns.
   */
  static int copy(EpisodeStore from, EpisodeStore to, Predicate<Map<String, String>> wanted) {
    Set<Map<String, String>> held = new HashSet<>();
    for (EpisodeSummary s : to.episodes()) {
      if (s.status() == EpisodeStatus.COMPLETE && s.meta().isPresent()) {
        held.add(s.meta().get().tags());
      }
    }
    int copied = 0;
    for (EpisodeSummary s : from.episodes()) {
      if (s.status() != EpisodeStatus.COMPLETE || s.meta().isEmpty()) {
        continue;
      }
      Map<String, String> tags = s.meta().get().tags();
      if (!wanted.test(tags) || !held.add(tags)) {
        continue;
      }
      copyOne(from, s.id(), to);
      copied++;
    }
    if (copied > 0) {
      to.sync();
    }
    return copied;
  }

  private static void copyOne(EpisodeStore from, long id, EpisodeStore to) {
    Episode e = from.readEpisode(id);
    float[][] states = from.readEnvironmentStates(id);
    EpisodeWriter w = to.beginEpisode(e.meta());
    int k = 0;
    for (Step step : e.steps()) {
      float[] state = states[k++];
      w.append(step, state.length == 0 ? null : state);
    }
    w.end(e.outcome(), e.finalObservation());
  }
}
