package dev.tandem.runtime.actors;

import java.util.Map;

/** One episode to run: its reset seed and the tags it is recorded with. */
public record EpisodeRequest(long seed, Map<String, String> tags) {
  public EpisodeRequest {
    tags = Map.copyOf(tags);
  }
}
