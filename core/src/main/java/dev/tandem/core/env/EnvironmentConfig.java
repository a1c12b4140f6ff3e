package dev.tandem.core.env;

import dev.tandem.core.spec.EnvironmentSpec;

/**
 * A config that builds an environment: a sim task, a robot bridge. It is a config family, so {@code
 * type:} in YAML picks the implementation (e.g. {@code type: PickAndPlace}).
 */
public interface EnvironmentConfig {

  /** A short name for reports and dataset metadata, e.g. {@code PickAndPlace}. */
  String taskName();

  /** A new environment; the caller owns and closes it. */
  Environment create();

  /**
   * The spec of the environments {@link #create()} builds (what they observe and accept), known
   * without building one: a robot's without connecting to it, a simulated task's without a renderer
   * or an episode.
   */
  EnvironmentSpec spec();
}
