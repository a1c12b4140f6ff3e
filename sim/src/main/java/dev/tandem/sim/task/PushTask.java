package dev.tandem.sim.task;

import dev.tandem.sim.config.PushConfig;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * panda-gym's Push (see {@link PushConfig}). The expert goes over the point behind the cube on the
 * line from the goal through the cube, lowers the closed fingers to the cube's height and pushes
 * along that line, re-aiming every step; when it is out of line it rises and approaches again.
 */
public final class PushTask extends CubeTask {

  /** Gap between the cube face and the fingers' centre before pushing (m). */
  static final double APPROACH_GAP = 0.025;

  /** Contact offset: cube face to the fingers' centre while pushing (m). */
  static final double CONTACT_OFFSET = 0.012;

  private final PushConfig config;

  public PushTask(Workcell cell, PushConfig config) {
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
    return "Push";
  }

  @Override
  public boolean hasGripperAction() {
    return false;
  }

  @Override
  public double initialFinger() {
    return 0.0;
  }

  @Override
  public void reset(SplittableRandom rng) {
    placeCubeAndGoal(rng);
  }

  @Override
  public Plan plan() {
    double[] ee = cell.eePosition();
    cube.position(obj);
    double gx = goal[0] - obj[0];
    double gy = goal[1] - obj[1];
    double dog = Math.sqrt(gx * gx + gy * gy);
    double ux = dog > 1e-6 ? gx / dog : 1;
    double uy = dog > 1e-6 ? gy / dog : 0;
    double half = size / 2;
    double pushZ = obj[2] + 0.005;
    double hoverZ = obj[2] + half + 0.04;
    double[] behind = {obj[0] - ux * (half + APPROACH_GAP), obj[1] - uy * (half + APPROACH_GAP), 0};
    double relX = ee[0] - obj[0];
    double relY = ee[1] - obj[1];
    double along = relX * ux + relY * uy;
    double lat = Math.abs(-relX * uy + relY * ux);
    boolean low = ee[2] < obj[2] + half + 0.01;
    boolean aligned = lat < 0.02 && along < -half && along > -(half + 0.05);
    // where the fingers end when the cube sits on the goal
    double[] finalEe = {
      goal[0] - ux * (half + CONTACT_OFFSET), goal[1] - uy * (half + CONTACT_OFFSET), pushZ
    };
    if (aligned && low) {
      return new Plan(clamp(finalEe), 0, 0);
    }
    double pushPath = dog + (APPROACH_GAP - CONTACT_OFFSET);
    double toBehind = Math.hypot(ee[0] - behind[0], ee[1] - behind[1]);
    if (toBehind < 0.01 && horizontalSpeed() < SETTLED_SPEED) {
      double z = Math.max(pushZ, ee[2] - DESCENT_STEP);
      return new Plan(clamp(new double[] {behind[0], behind[1], z}), 0, pushPath + z - pushZ);
    }
    if (low && toBehind > 0.01) {
      double up = toBehind + (hoverZ - pushZ);
      return new Plan(clamp(new double[] {ee[0], ee[1], hoverZ}), 0, up + pushPath);
    }
    double z = Math.max(hoverZ, Math.min(ee[2], hoverZ + 0.05));
    return new Plan(clamp(new double[] {behind[0], behind[1], z}), 0, (z - pushZ) + pushPath);
  }

  private static double[] clamp(double[] p) {
    Workcell.clampToWorkspace(p);
    return p;
  }

  @Override
  public Map<String, String> parameters() {
    return Map.of(
        "objectSizeMeters", Double.toString(config.objectSizeMeters()),
        "objectMassKg", Double.toString(config.objectMassKg()),
        "objectXyRangeMeters", Double.toString(config.objectXyRangeMeters()),
        "goalXyRangeMeters", Double.toString(config.goalXyRangeMeters()),
        "distanceThresholdMeters", Double.toString(config.distanceThresholdMeters()));
  }
}
