package dev.tandem.policy.checkpoint;

import dev.tandem.core.policy.PolicyVersion;
import java.util.Objects;

/** A verified checkpoint and the version it is stored under. */
public record StoredPolicy(PolicyVersion version, Checkpoint checkpoint) {
  public StoredPolicy {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(checkpoint, "checkpoint");
  }
}
