package dev.tandem.runtime.experiment;

import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.store.EpisodeStatus;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeSummary;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a resumed run finds already done in a task and seed's store and registries: each complete
 * episode by its {@link EpisodeKey}, each published policy by the episodes it was trained on.
 */
final class ResumeIndex {
  /** The checkpoint info key naming the training data (count and hash of the episode ids). */
  private static final String DATA = "experiment.data";

  private static final String WHAT = "experiment.what";

  private final EpisodeStore store;
  private final Map<Map<String, String>, Long> byTags = new HashMap<>();

  ResumeIndex(EpisodeStore store) {
    this.store = store;
    refresh();
  }

  private void refresh() {
    for (EpisodeSummary s : store.episodes()) {
      if (s.status() == EpisodeStatus.COMPLETE && s.meta().isPresent()) {
        byTags.putIfAbsent(s.meta().get().tags(), s.id());
      }
    }
  }

  /** Notes an episode just recorded. */
  void add(long id, EpisodeKey key) {
    byTags.put(Map.copyOf(key.tags()), id);
  }

  /** The complete episode recorded under {@code key}, if any. */
  Optional<Long> complete(EpisodeKey key) {
    Map<String, String> tags = key.tags();
    Long id = byTags.get(tags);
    if (id == null) {
      refresh();
      id = byTags.get(tags);
    }
    return Optional.ofNullable(id);
  }

  /**
   * The version in {@code registry} trained on exactly {@code episodeIds}, if one was published.
   */
  static Optional<PolicyVersion> trained(PolicyRegistry registry, List<Long> episodeIds) {
    String data = dataKey(episodeIds);
    for (PolicyVersion v : registry.list()) {
      if (data.equals(registry.load(v).checkpoint().info().get(DATA))) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /**
   * The checkpoint info that lets {@link #trained} find a version trained on {@code episodeIds}.
   */
  static Map<String, String> checkpointInfo(List<Long> episodeIds, String what) {
    Map<String, String> info = new TreeMap<>();
    info.put(DATA, dataKey(episodeIds));
    info.put(WHAT, what);
    return info;
  }

  private static String dataKey(List<Long> episodeIds) {
    return episodeIds.size() + ":" + episodeIds.hashCode();
  }
}
