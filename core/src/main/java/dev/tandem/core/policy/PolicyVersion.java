package dev.tandem.core.policy;

import java.util.Objects;

/**
 * Names a trained policy: a number that only grows within a registry and a hash of the checkpoint
 * content. Printed as {@code v12@1a2b3c4d}.
 */
public record PolicyVersion(long number, String contentHash) {
  public static final PolicyVersion NONE = new PolicyVersion(0, "none");

  public PolicyVersion {
    if (number < 0) {
      throw new IllegalArgumentException("policy version must be >= 0, found " + number);
    }
    Objects.requireNonNull(contentHash, "contentHash");
  }

  @Override
  public String toString() {
    return "v"
        + number
        + "@"
        + (contentHash.length() > 8 ? contentHash.substring(0, 8) : contentHash);
  }
}
