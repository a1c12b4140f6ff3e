package dev.tandem.sim.config;

/**
 * The configuration of one simulated task: the shared {@link SimSettings} plus the task's own
 * parameters. The YAML form has {@code type: <taskName()>} and the record's components as keys; see
 * {@code configs/tasks/}.
 */
public sealed interface TaskConfig
    permits ReachConfig, PushConfig, PickAndPlaceConfig, PegInsertionConfig {

  /** The task's name, also its YAML {@code type}: Reach, Push, PickAndPlace, PegInsertion. */
  String taskName();

  SimSettings sim();

  /** The same task with other shared settings. */
  TaskConfig withSim(SimSettings sim);
}
