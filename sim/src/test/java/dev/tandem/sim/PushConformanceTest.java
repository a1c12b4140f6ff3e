package dev.tandem.sim;

import dev.tandem.core.env.Environment;
import dev.tandem.core.env.EnvironmentConformanceSuite;
import dev.tandem.sim.config.PushConfig;

/** The core Environment contract on the simulated Push task. */
class PushConformanceTest extends EnvironmentConformanceSuite {
  @Override
  protected Environment createEnvironment() {
    return SimEnvironment.create(PushConfig.defaults());
  }
}
