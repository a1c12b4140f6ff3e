package dev.tandem.core.data;

import java.util.Objects;

/** How an episode ended: the reason, whether the task succeeded, and a human-readable detail. */
public record EpisodeOutcome(EndReason reason, boolean success, String detail) {
  public EpisodeOutcome {
    Objects.requireNonNull(reason, "reason");
    detail = detail == null ? "" : detail;
  }

  public static EpisodeOutcome of(EndReason reason, boolean success) {
    return new EpisodeOutcome(reason, success, "");
  }
}
