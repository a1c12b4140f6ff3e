package dev.tandem.sim.config;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.sim.task.PushTask;
import dev.tandem.sim.task.Task;
import dev.tandem.sim.task.Workcell;

/**
 * panda-gym's Push: push a cube (side {@code objectSizeMeters}, mass {@code objectMassKg}) whose
 * start is sampled in an {@code objectXyRangeMeters} square around the table centre to a goal on
 * the table sampled in a {@code goalXyRangeMeters} square; success when the cube centre is within
 * {@code distanceThresholdMeters} of the goal. The gripper is kept closed and is not part of the
 * action.
 */
public record PushConfig(
    SimSettings sim,
    double objectSizeMeters,
    double objectMassKg,
    double objectXyRangeMeters,
    double goalXyRangeMeters,
    double distanceThresholdMeters)
    implements TaskConfig {

  public PushConfig {
    sim = sim == null ? SimSettings.defaults() : sim;
    ConfigChecks.inRange(objectSizeMeters, 0.01, 0.07, "objectSizeMeters");
    ConfigChecks.inRange(objectMassKg, 0.005, 5, "objectMassKg");
    ConfigChecks.inRange(objectXyRangeMeters, 0, 0.5, "objectXyRangeMeters");
    ConfigChecks.inRange(goalXyRangeMeters, 0, 0.5, "goalXyRangeMeters");
    ConfigChecks.inRange(distanceThresholdMeters, 0.001, 0.5, "distanceThresholdMeters");
  }

  /** panda-gym's parameters: 4 cm cube, 30 x 30 cm ranges, 5 cm threshold. */
  public static PushConfig defaults() {
    return new PushConfig(SimSettings.defaults(), 0.04, 1.0, 0.3, 0.3, 0.05);
  }

  @Override
  public String taskName() {
    return "Push";
  }

  @Override
  public PushConfig withSim(SimSettings newSim) {
    return new PushConfig(
        newSim,
        objectSizeMeters,
        objectMassKg,
        objectXyRangeMeters,
        goalXyRangeMeters,
        distanceThresholdMeters);
  }

  @Override
  public Task newTask(Workcell cell) {
    return new PushTask(cell, this);
  }
}
