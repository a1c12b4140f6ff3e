package dev.tandem.sim;

import dev.tandem.core.env.Environment;
import dev.tandem.core.env.EnvironmentConformanceSuite;
import dev.tandem.sim.config.ReachConfig;

/** The core Environment contract on the simulated Reach task. */
class ReachConformanceTest extends EnvironmentConformanceSuite {
  @Override
  protected Environment createEnvironment() {
    return SimEnvironment.create(ReachConfig.defaults());
  }
}
