package dev.tandem.core.env;

/**
 * A config that builds an environment: a sim task, a robot bridge. It is a config family, so {@code
 * type:} in YAML picks the implementation (e.g. {@code type: PickAndPlace}).
 */
public interface EnvironmentConfig {

  /** A short name for reports and dataset metadata, e.g. {@code PickAndPlace}. */
  String taskName();

  /** A new environment; the caller owns and closes it. */
  Environment create();
}
