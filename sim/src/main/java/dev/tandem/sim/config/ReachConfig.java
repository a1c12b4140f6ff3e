package dev.tandem.sim.config;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.sim.task.ReachTask;
import dev.tandem.sim.task.Task;
import dev.tandem.sim.task.Workcell;

/**
 * panda-gym's Reach: move the end effector to a goal sampled uniformly in a cube of side {@code
 * goalRangeMeters} centred 15 cm above the table centre (0, 0, 0.15 m; the robot base is at -0.6,
 * 0, 0); success within {@code distanceThresholdMeters}. The gripper is kept closed and is not part
 * of the action.
 */
public record ReachConfig(SimSettings sim, double goalRangeMeters, double distanceThresholdMeters)
    implements TaskConfig {

  public ReachConfig {
    sim = sim == null ? SimSettings.defaults() : sim;
    ConfigChecks.inRange(goalRangeMeters, 0, 0.6, "goalRangeMeters");
    ConfigChecks.inRange(distanceThresholdMeters, 0.001, 0.5, "distanceThresholdMeters");
  }

  /** panda-gym's parameters: 30 cm goal cube, 5 cm threshold. */
  public static ReachConfig defaults() {
    return new ReachConfig(SimSettings.defaults(), 0.3, 0.05);
  }

  @Override
  public String taskName() {
    return "Reach";
  }

  @Override
  public ReachConfig withSim(SimSettings newSim) {
    return new ReachConfig(newSim, goalRangeMeters, distanceThresholdMeters);
  }

  @Override
  public Task newTask(Workcell cell) {
    return new ReachTask(cell, this);
  }
}
