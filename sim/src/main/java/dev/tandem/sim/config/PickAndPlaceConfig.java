package dev.tandem.sim.config;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.sim.task.PickAndPlaceTask;
import dev.tandem.sim.task.Task;
import dev.tandem.sim.task.Workcell;

/**
 * panda-gym's PickAndPlace: as {@link PushConfig}, but the goal is {@code 0..goalZRangeMeters}
 * above the table (on the table with probability {@code goalOnTableProbability}) and the gripper is
 * the action's last value (-1 close, 1 open).
 */
public record PickAndPlaceConfig(
    SimSettings sim,
    double objectSizeMeters,
    double objectMassKg,
    double objectXyRangeMeters,
    double goalXyRangeMeters,
    double goalZRangeMeters,
    double goalOnTableProbability,
    double distanceThresholdMeters)
    implements TaskConfig {

  public PickAndPlaceConfig {
    sim = sim == null ? SimSettings.defaults() : sim;
    ConfigChecks.inRange(objectSizeMeters, 0.01, 0.07, "objectSizeMeters");
    ConfigChecks.inRange(objectMassKg, 0.005, 2, "objectMassKg");
    ConfigChecks.inRange(objectXyRangeMeters, 0, 0.5, "objectXyRangeMeters");
    ConfigChecks.inRange(goalXyRangeMeters, 0, 0.5, "goalXyRangeMeters");
    ConfigChecks.inRange(goalZRangeMeters, 0, 0.4, "goalZRangeMeters");
    ConfigChecks.inRange(goalOnTableProbability, 0, 1, "goalOnTableProbability");
    ConfigChecks.inRange(distanceThresholdMeters, 0.001, 0.5, "distanceThresholdMeters");
  }

  /** panda-gym's parameters: 4 cm cube, 30 x 30 cm ranges, goals up to 20 cm high, 5 cm. */
  public static PickAndPlaceConfig defaults() {
    return new PickAndPlaceConfig(SimSettings.defaults(), 0.04, 1.0, 0.3, 0.3, 0.2, 0.3, 0.05);
  }

  @Override
  public String taskName() {
    return "PickAndPlace";
  }

  @Override
  public PickAndPlaceConfig withSim(SimSettings newSim) {
    return new PickAndPlaceConfig(
        newSim,
        objectSizeMeters,
        objectMassKg,
        objectXyRangeMeters,
        goalXyRangeMeters,
        goalZRangeMeters,
        goalOnTableProbability,
        distanceThresholdMeters);
  }

  @Override
  public Task newTask(Workcell cell) {
    return new PickAndPlaceTask(cell, this);
  }
}
