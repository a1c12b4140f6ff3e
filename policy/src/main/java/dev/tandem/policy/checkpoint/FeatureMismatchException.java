package dev.tandem.policy.checkpoint;

import java.util.List;

/** A policy's features do not match an environment's; {@link #mismatches()} lists each one. */
public final class FeatureMismatchException extends IllegalArgumentException {
  private final List<String> mismatches;

  public FeatureMismatchException(String message, List<String> mismatches) {
    super(message);
    this.mismatches = List.copyOf(mismatches);
  }

  public List<String> mismatches() {
    return mismatches;
  }
}
