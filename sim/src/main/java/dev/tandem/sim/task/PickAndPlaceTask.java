package dev.tandem.sim.task;

import dev.tandem.sim.config.PickAndPlaceConfig;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * panda-gym's PickAndPlace (see {@link PickAndPlaceConfig}). The expert goes over the cube with the
 * gripper open, descends around it, closes, and carries it so that its centre lands on the goal; if
 * the cube is lost it starts over.
 */
public final class PickAndPlaceTask extends CubeTask {

  static final double HOVER = 0.06;
  static final double ALIGN = 0.008;

  private final PickAndPlaceConfig config;

  public PickAndPlaceTask(Workcell cell, PickAndPlaceConfig config) {
    super(
        cell,
        config.objectSizeMeters(),
        config.objectMassKg(),
        config.objectXyRangeMeters(),
        config.goalXyRangeMeters(),
        config.distanceThresholdMeters());
    this.config = config;
  }

  @Override
  public String name() {
    return "PickAndPlace";
  }

  @Override
  public boolean hasGripperAction() {
    return true;
  }

  @Override
  public double initialFinger() {
    return 0.04;
  }

  @Override
  public void reset(SplittableRandom rng) {
    placeCubeAndGoal(rng);
    double z = uniform(rng, 0, config.goalZRangeMeters());
    if (rng.nextDouble() < config.goalOnTableProbability()) {
      z = 0;
    }
    goal[2] += z;
  }

  /**
   * The cube sits between squeezing fingers: centred on the tool point, the fingers commanded
   * closed but stopped by it (a cube turned about z is held across a diagonal, up to √2 of its
   * side).
   */
  boolean isGrasped() {
    double[] ee = cell.eePosition();
    cube.position(obj);
    double w = cell.fingerWidth();
    return Math.hypot(ee[0] - obj[0], ee[1] - obj[1]) < 0.02
        && Math.abs(ee[2] - obj[2]) < 0.02
        && w < size * 1.45 + 0.002
        && w > size - 0.01
        && cell.controller().fingerCommand() < w / 2 - 0.002
        && fingersStalled();
  }

  /**
   * The fingers are blocked by something: the controller's finger target has run well inside the
   * fingers' position (while closing freely it leads them by a millimetre or two).
   */
  private boolean fingersStalled() {
    double target = cell.controller().fingerTarget();
    for (int f : cell.fingerJoints()) {
      if (target > cell.q()[f] - 0.004) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Plan plan() {
    double[] ee = cell.eePosition();
    cube.position(obj);
    double toGoal = distance(obj, goal);
    if (isGrasped()) {
      double[] t = {goal[0] + ee[0] - obj[0], goal[1] + ee[1] - obj[1], goal[2] + ee[2] - obj[2]};
      Workcell.clampToWorkspace(t);
      return new Plan(t, -1, 0);
    }
    double xy = Math.hypot(ee[0] - obj[0], ee[1] - obj[1]);
    double hoverZ = obj[2] + HOVER;
    if (xy < ALIGN && Math.abs(ee[2] - obj[2]) < ALIGN) {
      return new Plan(obj.clone(), -1, toGoal);
    }
    if (xy < ALIGN && horizontalSpeed() < SETTLED_SPEED) {
      boolean open = cell.fingerWidth() > size + 0.015;
      double z = open ? Math.max(obj[2], ee[2] - DESCENT_STEP) : ee[2];
      return new Plan(new double[] {obj[0], obj[1], z}, 1, toGoal + (z - obj[2]));
    }
    if (ee[2] < obj[2] + size / 2 + 0.02 && xy > ALIGN) {
      double[] t = {ee[0], ee[1], hoverZ};
      return new Plan(t, 1, xy + HOVER + toGoal);
    }
    double[] t = {obj[0], obj[1], Math.max(hoverZ, Math.min(ee[2], hoverZ + 0.05))};
    Workcell.clampToWorkspace(t);
    return new Plan(t, 1, t[2] - obj[2] + toGoal);
  }

  @Override
  public Map<String, String> parameters() {
    return Map.of(
        "objectSizeMeters", Double.toString(config.objectSizeMeters()),
        "objectMassKg", Double.toString(config.objectMassKg()),
        "objectXyRangeMeters", Double.toString(config.objectXyRangeMeters()),
        "goalXyRangeMeters", Double.toString(config.goalXyRangeMeters()),
        "goalZRangeMeters", Double.toString(config.goalZRangeMeters()),
        "goalOnTableProbability", Double.toString(config.goalOnTableProbability()),
        "distanceThresholdMeters", Double.toString(config.distanceThresholdMeters()));
  }
}
