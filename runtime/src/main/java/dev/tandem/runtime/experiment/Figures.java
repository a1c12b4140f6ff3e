package dev.tandem.runtime.experiment;

import dev.tandem.core.data.Episode;
import dev.tandem.core.store.EpisodeStore;
import java.util.List;

/** Sums over recorded episodes. */
record Figures(
    List<Long> episodeIds,
    int episodes,
    double successRate,
    double interventionsPerEpisode,
    double humanStepsPerEpisode,
    double humanShare) {
  static final Figures NONE = new Figures(List.of(), 0, 0, 0, 0, 0);

  static Figures of(EpisodeStore store, List<Long> ids) {
    int success = 0;
    long interventions = 0;
    long human = 0;
    long steps = 0;
    for (long id : ids) {
      Episode e = store.readEpisode(id);
      success += e.outcome().success() ? 1 : 0;
      interventions += e.interventionCount();
      human += e.humanSteps();
      steps += e.length();
    }
    int n = ids.size();
    return new Figures(
        List.copyOf(ids),
        n,
        n == 0 ? 0 : (double) success / n,
        n == 0 ? 0 : (double) interventions / n,
        n == 0 ? 0 : (double) human / n,
        steps == 0 ? 0 : (double) human / steps);
  }
}
