package dev.tandem.sim;

import dev.tandem.core.env.Environment;
import dev.tandem.core.env.EnvironmentConformanceSuite;
import dev.tandem.sim.config.PickAndPlaceConfig;

/** The core Environment contract on the simulated PickAndPlace task. */
class PickAndPlaceConformanceTest extends EnvironmentConformanceSuite {
  @Override
  protected Environment createEnvironment() {
    return SimEnvironment.create(PickAndPlaceConfig.defaults());
  }
}
