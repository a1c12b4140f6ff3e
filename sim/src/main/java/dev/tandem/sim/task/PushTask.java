package dev.tandem.sim.task;

import dev.tandem.sim.config.PushConfig;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * panda-gym's Push (see {@link PushConfig}). The expert is one continuous proportional controller,
 * built so that behavior cloning can imitate it from a few demonstrations: its waypoint blends two
 * targets by how much the hand is in pushing position (behind the cube on the goal-cube line,
 * laterally within {@link #LATERAL_FULL}..{@link #LATERAL_NONE}, low), with smooth (cubic) weights:
 *
 * <ul>
 *   <li>approach: the point {@link #APPROACH_GAP} behind the cube on the line from the goal through
 *       the cube, at a height that falls with the horizontal distance to that point (a cone, {@link
 *       #CLEARANCE_SLOPE}, at most {@link #MAX_CLEARANCE}), so the hand clears the cube from afar
 *       and arrives low without a separate descent phase;
 *   <li>push: along the line towards where the fingers are once the cube sits on the goal, at most
 *       {@link #PUSH_LEAD} ahead of the hand (a steady push) and slightly below the cube centre (so
 *       the cube slides rather than tips).
 * </ul>
 *
 * There are no phase switches, no waiting for the hand to settle and no lift-off: a hand that
 * drifts off the line is pulled back onto it while still low. The plan is a pure function of the
 * state.
 */
public final class PushTask extends CubeTask {

  /** Gap between the cube face and the fingers' centre at the approach point (m). */
  static final double APPROACH_GAP = 0.04;

  /** Contact offset: cube face to the fingers' centre while pushing (m). */
  static final double CONTACT_OFFSET = 0.012;

  /** Height gained (m) per metre of horizontal distance from the approach point. */
  static final double CLEARANCE_SLOPE = 0.8;

  /** Highest approach above the pushing height (m). */
  static final double MAX_CLEARANCE = 0.08;

  /** Within this horizontal distance (m) of the approach point the hand is at pushing height. */
  static final double LOW_RADIUS = 0.01;

  /** Height of the fingers' centre above the cube centre while pushing (m). */
  static final double PUSH_HEIGHT = -0.003;

  /** Farthest the push target leads the hand along the push line (m). */
  static final double PUSH_LEAD = 0.03;

  /** Lateral offset from the push line (m) up to which the hand pushes fully. */
  static final double LATERAL_FULL = 0.012;

  /** Lateral offset from the push line (m) from which the hand only approaches. */
  static final double LATERAL_NONE = 0.03;

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
    double pushZ = obj[2] + PUSH_HEIGHT;
    // the approach point behind the cube on the goal->cube line, and its distance (xy)
    double bx = obj[0] - ux * (half + APPROACH_GAP);
    double by = obj[1] - uy * (half + APPROACH_GAP);
    double toBehind = Math.hypot(ee[0] - bx, ee[1] - by);
    // approach: towards the approach point, on a cone that clears the cube from afar
    double approachZ =
        pushZ + Math.max(0, Math.min(MAX_CLEARANCE, CLEARANCE_SLOPE * (toBehind - LOW_RADIUS)));
    // push: the fingers' position once the cube sits on the goal
    double px = goal[0] - ux * (half + CONTACT_OFFSET);
    double py = goal[1] - uy * (half + CONTACT_OFFSET);
    // how much the hand is in pushing position (behind the cube, on the line, low): 0..1
    double relX = ee[0] - obj[0];
    double relY = ee[1] - obj[1];
    double along = relX * ux + relY * uy;
    double lat = Math.abs(-relX * uy + relY * ux);
    double w =
        smoothDown(lat, LATERAL_FULL, LATERAL_NONE)
            * smoothDown(along, -(half + 0.008), -half)
            * smoothUp(along, -(half + APPROACH_GAP + 0.045), -(half + APPROACH_GAP + 0.025))
            * smoothDown(ee[2], pushZ + 0.01, pushZ + 0.025);
    // never lead the hand by more than PUSH_LEAD along the line: a steady push
    double ahead = (px - ee[0]) * ux + (py - ee[1]) * uy;
    double beyondLead = Math.max(0, ahead - PUSH_LEAD);
    if (ahead > PUSH_LEAD) {
      px -= ux * (ahead - PUSH_LEAD);
      py -= uy * (ahead - PUSH_LEAD);
    }
    double[] target = {bx + w * (px - bx), by + w * (py - by), approachZ + w * (pushZ - approachZ)};
    double pushPath = dog + (APPROACH_GAP - CONTACT_OFFSET);
    double remaining = (1 - w) * ((approachZ - pushZ) + pushPath) + w * beyondLead;
    return new Plan(clamp(target), 0, remaining);
  }

  /** 1 at or below {@code lo}, 0 at or above {@code hi}, smooth (cubic) in between. */
  static double smoothDown(double x, double lo, double hi) {
    return 1 - smoothUp(x, lo, hi);
  }

  /** 0 at or below {@code lo}, 1 at or above {@code hi}, smooth (cubic) in between. */
  static double smoothUp(double x, double lo, double hi) {
    double t = Math.max(0, Math.min(1, (x - lo) / (hi - lo)));
    return t * t * (3 - 2 * t);
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
