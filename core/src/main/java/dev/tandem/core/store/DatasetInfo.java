package dev.tandem.core.store;

import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.LanguageEvent;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.FeatureSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset at a glance, for {@code tandem dataset info}: format, environment, features, episode
 * counts by status and end reason, readable steps by control source, bytes on disk, and every
 * language correction of the readable episodes (what was said, at which step, how it was
 * understood).
 */
public record DatasetInfo(
    Path directory,
    int formatVersion,
    Instant createdAt,
    String description,
    EnvironmentSpec environment,
    List<FeatureSpec> features,
    int episodes,
    Map<EpisodeStatus, Integer> episodesByStatus,
    Map<EndReason, Integer> episodesByEndReason,
    int successfulEpisodes,
    long steps,
    Map<ControlSource, Long> stepsBySource,
    long bytesOnDisk,
    int evictedEpisodes,
    List<Correction> corrections) {

  /** A language correction: the episode and step it is recorded with, and the event. */
  public record Correction(long episodeId, int step, LanguageEvent event) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("episode", episodeId);
      m.put("step", step);
      m.put("text", event.text());
      m.put("understood", event.understood());
      m.put("interpretation", event.interpretation());
      return m;
    }
  }

  public DatasetInfo {
    features = List.copyOf(features);
    episodesByStatus = Map.copyOf(episodesByStatus);
    episodesByEndReason = Map.copyOf(episodesByEndReason);
    stepsBySource = Map.copyOf(stepsBySource);
    corrections = List.copyOf(corrections);
  }

  /** Plain maps, lists, strings and numbers, in a stable order, for printing as JSON. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("directory", directory.toString());
    m.put("format_version", formatVersion);
    m.put("created_at", createdAt.toString());
    m.put("description", description);
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("name", environment.name());
    env.put("robot", environment.robot().name());
    env.put("action_mode", environment.action().mode().name());
    env.put("control_rate_hz", environment.controlRateHz());
    env.put("max_episode_steps", environment.maxEpisodeSteps());
    env.put("parameters", new java.util.TreeMap<>(environment.parameters()));
    m.put("environment", env);
    m.put(
        "features",
        features.stream()
            .map(
                f -> {
                  Map<String, Object> fm = new LinkedHashMap<>();
                  fm.put("key", f.key());
                  fm.put("shape", f.shape());
                  fm.put("dtype", f.dtype().name().toLowerCase());
                  fm.put("units", f.units());
                  return fm;
                })
            .toList());
    m.put("episodes", episodes);
    m.put("episodes_by_status", ordered(episodesByStatus, EpisodeStatus.values()));
    m.put("episodes_by_end_reason", ordered(episodesByEndReason, EndReason.values()));
    m.put("successful_episodes", successfulEpisodes);
    m.put("steps", steps);
    m.put("steps_by_source", ordered(stepsBySource, ControlSource.values()));
    m.put("bytes_on_disk", bytesOnDisk);
    m.put("evicted_episodes", evictedEpisodes);
    m.put("language_corrections", corrections.stream().map(Correction::toMap).toList());
    return m;
  }

  private static <E extends Enum<E>> Map<String, Object> ordered(Map<E, ?> map, E[] order) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (E e : order) {
      Object v = map.get(e);
      out.put(e.name().toLowerCase(), v == null ? 0 : v);
    }
    return out;
  }
}
