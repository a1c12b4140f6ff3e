package dev.tandem.sim.config;

import dev.tandem.core.env.Environment;
import dev.tandem.core.env.EnvironmentConfig;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.sim.SimEnvironment;
import dev.tandem.sim.task.Task;
import dev.tandem.sim.task.Workcell;

/**
 * The configuration of one simulated task: the shared {@link SimSettings} plus the task's own
 * parameters. The YAML form has {@code type: <taskName()>} and the record's components as keys; see
 * {@code configs/tasks/}. The config is the task's factory ({@link #newTask}): a new task is its
 * {@link Task} class, its config record and one registration line (see {@code
 * docs/design/extension-points.md}).
 */
public interface TaskConfig extends EnvironmentConfig {

  /** A new simulated environment of this task (cameras rendered offscreen when configured). */
  @Override
  default Environment create() {
    return SimEnvironment.create(this);
  }

  @Override
  default EnvironmentSpec spec() {
    return SimEnvironment.describe(this);
  }

  /** The task's name, also its YAML {@code type}: Reach, Push, PickAndPlace, PegInsertion. */
  @Override
  String taskName();

  SimSettings sim();

  /** The same task with other shared settings. */
  TaskConfig withSim(SimSettings sim);

  /**
   * The task this config describes, on the environment's workcell (called once per environment).
   */
  Task newTask(Workcell cell);
}
