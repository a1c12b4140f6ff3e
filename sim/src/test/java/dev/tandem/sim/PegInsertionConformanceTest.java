package dev.tandem.sim;

import dev.tandem.core.env.Environment;
import dev.tandem.core.env.EnvironmentConformanceSuite;
import dev.tandem.sim.config.PegInsertionConfig;

/** The core Environment contract on the simulated PegInsertion task. */
class PegInsertionConformanceTest extends EnvironmentConformanceSuite {
  @Override
  protected Environment createEnvironment() {
    return SimEnvironment.create(PegInsertionConfig.defaults());
  }
}
