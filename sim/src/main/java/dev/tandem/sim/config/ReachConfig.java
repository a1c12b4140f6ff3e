package dev.tandem.sim.config;

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
    Checks.inRange("goalRangeMeters", goalRangeMeters, 0, 0.6);
    Checks.inRange("distanceThresholdMeters", distanceThresholdMeters, 0.001, 0.5);
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
}
