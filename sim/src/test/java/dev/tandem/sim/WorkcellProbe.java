package dev.tandem.sim;

import dev.tandem.sim.config.SimSettings;
import dev.tandem.sim.config.TaskConfig;
import dev.tandem.sim.task.Task;
import dev.tandem.sim.task.Workcell;

/**
 * A task config that builds {@code inner}'s task and keeps the environment's workcell, so a test
 * can reach the physics (e.g. kick a joint) through the same factory the environment uses.
 */
final class WorkcellProbe implements TaskConfig {
  private final TaskConfig inner;
  private Workcell cell;

  WorkcellProbe(TaskConfig inner) {
    this.inner = inner;
  }

  /** The workcell of the environment this config built last. */
  Workcell cell() {
    return cell;
  }

  @Override
  public String taskName() {
    return inner.taskName();
  }

  @Override
  public SimSettings sim() {
    return inner.sim();
  }

  @Override
  public TaskConfig withSim(SimSettings sim) {
    return new WorkcellProbe(inner.withSim(sim));
  }

  @Override
  public Task newTask(Workcell workcell) {
    this.cell = workcell;
    return inner.newTask(workcell);
  }
}
