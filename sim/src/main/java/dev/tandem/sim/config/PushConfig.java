package dev.tandem.sim.config;

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
    Checks.inRange("objectSizeMeters", objectSizeMeters, 0.01, 0.07);
    Checks.inRange("objectMassKg", objectMassKg, 0.005, 5);
    Checks.inRange("objectXyRangeMeters", objectXyRangeMeters, 0, 0.5);
    Checks.inRange("goalXyRangeMeters", goalXyRangeMeters, 0, 0.5);
    Checks.inRange("distanceThresholdMeters", distanceThresholdMeters, 0.001, 0.5);
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
}
