package dev.tandem.runtime.extension;

import dev.tandem.core.config.ConfigLoader;
import dev.tandem.core.env.Environment;
import dev.tandem.core.env.EnvironmentConfig;
import dev.tandem.core.env.EnvironmentConformanceSuite;
import java.util.List;

/**
 * The core Environment contract (reset, step, exact replay, limits) on the task added from the test
 * tree, loaded from YAML like any task.
 */
class HoverConformanceTest extends EnvironmentConformanceSuite {
  @Override
  protected Environment createEnvironment() {
    return ConfigLoader.discover()
        .loadString(
            "hover.yaml",
            "type: Hover\nheightMeters: 0.25\ndistanceThresholdMeters: 0.05\n",
            EnvironmentConfig.class,
            List.of())
        .create();
  }
}
