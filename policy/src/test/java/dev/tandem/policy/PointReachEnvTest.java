package dev.tandem.policy;

import dev.tandem.core.env.Environment;
import dev.tandem.core.env.EnvironmentConformanceSuite;

/** The test environment obeys the Environment contract like any real one. */
class PointReachEnvTest extends EnvironmentConformanceSuite {
  @Override
  protected Environment createEnvironment() {
    return new PointReachEnv();
  }
}
