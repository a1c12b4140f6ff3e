package dev.tandem.sim.config;

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
    Checks.inRange("objectSizeMeters", objectSizeMeters, 0.01, 0.07);
    Checks.inRange("objectMassKg", objectMassKg, 0.005, 2);
    Checks.inRange("objectXyRangeMeters", objectXyRangeMeters, 0, 0.5);
    Checks.inRange("goalXyRangeMeters", goalXyRangeMeters, 0, 0.5);
    Checks.inRange("goalZRangeMeters", goalZRangeMeters, 0, 0.4);
    Checks.inRange("goalOnTableProbability", goalOnTableProbability, 0, 1);
    Checks.inRange("distanceThresholdMeters", distanceThresholdMeters, 0.001, 0.5);
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
}
