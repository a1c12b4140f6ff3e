package dev.tandem.sim.config;

import dev.tandem.core.config.ConfigModule;
import dev.tandem.core.config.ConfigRegistry;
import dev.tandem.core.env.EnvironmentConfig;
import java.util.List;

/**
 * Registers the simulated tasks as environment configs: {@code type: Reach} and so on, each under
 * its {@link TaskConfig#taskName()}. A new task in this module is one more entry in {@link #TASKS};
 * a task in another module or a test tree registers in its own {@link ConfigModule}.
 */
public final class SimConfigModule implements ConfigModule {

  /** The built-in tasks with their default (panda-gym) parameters, in report order. */
  public static final List<TaskConfig> TASKS =
      List.of(
          ReachConfig.defaults(),
          PushConfig.defaults(),
          PickAndPlaceConfig.defaults(),
          PegInsertionConfig.defaults());

  @Override
  public void register(ConfigRegistry r) {
    for (TaskConfig task : TASKS) {
      r.register(EnvironmentConfig.class, task.taskName(), task.getClass());
    }
  }
}
