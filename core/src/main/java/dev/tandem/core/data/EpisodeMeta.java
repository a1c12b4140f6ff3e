package dev.tandem.core.data;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What makes one episode reproducible and attributable: the environment it ran in and the seed it
 * was reset with, the exact initial environment state (for replay), the policy version that drove
 * it, the operator, when it started, and free-form tags (experiment, method, round...).
 */
public record EpisodeMeta(
    String environment,
    long seed,
    byte[] initialState,
    String policyVersion,
    String operator,
    Instant startedAt,
    Map<String, String> tags) {

  public EpisodeMeta {
    Objects.requireNonNull(environment, "environment");
    initialState = initialState == null ? new byte[0] : initialState;
    policyVersion = policyVersion == null ? "" : policyVersion;
    operator = operator == null ? "" : operator;
    Objects.requireNonNull(startedAt, "startedAt");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EpisodeMeta m
        && environment.equals(m.environment)
        && seed == m.seed
        && java.util.Arrays.equals(initialState, m.initialState)
        && policyVersion.equals(m.policyVersion)
        && operator.equals(m.operator)
        && startedAt.equals(m.startedAt)
        && tags.equals(m.tags);
  }

  @Override
  public int hashCode() {
    return Objects.hash(environment, seed, policyVersion, operator, startedAt, tags);
  }
}
