package dev.tandem.sim.config;

/**
 * The configuration of one simulated task: the shared {@link SimSettings} plus the task's own
 * parameters. The YAML form has {@code type: <taskName()>} and the record's components as keys; see
 * {@code configs/tasks/}.
 */
public sealed interface TaskConfig extends dev.tandem.core.env.EnvironmentConfig
    permits ReachConfig, PushConfig, PickAndPlaceConfig, PegInsertionConfig {

  /** A new simulated environment of this task (cameras rendered offscreen when configured). */
  @Override
  default dev.tandem.core.env.Environment create() {
    return dev.tandem.sim.SimEnvironment.create(this);
  }

  /** The task's name, also its YAML {@code type}: Reach, Push, PickAndPlace, PegInsertion. */
  @Override
  String taskName();

  SimSettings sim();

  /** The same task with other shared settings. */
  TaskConfig withSim(SimSettings sim);
}
