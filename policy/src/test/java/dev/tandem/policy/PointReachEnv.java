package dev.tandem.policy;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.Observation;
import dev.tandem.core.env.EnvState;
import dev.tandem.core.env.Environment;
import dev.tandem.core.env.TaskOracle;
import dev.tandem.core.env.Transition;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.core.spec.JointSpec;
import dev.tandem.core.spec.RobotSpec;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A 2D point that must reach a goal: state (x, y, goalX, goalY) in metres, action (dx, dy) in [-1,
 * 1] scaled to at most 5 cm per step, success within 5 cm, 50 steps, sparse reward -1 until
 * success. Start and goal are drawn in a 60 cm square. A test environment for learning checks.
 */
final class PointReachEnv implements Environment {

  static final double STEP_METERS = 0.05;
  static final double SUCCESS_METERS = 0.05;
  static final int MAX_STEPS = 50;
  static final String KIND = "test/PointReach";

  static final EnvironmentSpec SPEC =
      new EnvironmentSpec(
          KIND,
          new RobotSpec(
              "point",
              List.of(
                  new JointSpec("x", JointSpec.JointType.PRISMATIC, -1, 1, 1, 1),
                  new JointSpec("y", JointSpec.JointType.PRISMATIC, -1, 1, 1, 1)),
              "point",
              Optional.empty(),
              new RobotSpec.CartesianLimits(
                  1.25, new double[] {-1, -1, -1}, new double[] {1, 1, 1})),
          List.of(
              FeatureSpec.vector(FeatureSpec.STATE, 4, "m", List.of("x", "y", "goal.x", "goal.y"))),
          new ActionSpec(
              ActionSpec.ActionMode.EE_DELTA,
              List.of("dx", "dy"),
              new double[] {-1, -1},
              new double[] {1, 1}),
          25,
          MAX_STEPS,
          Map.of("stepMeters", "0.05"));

  private double x;
  private double y;
  private double gx;
  private double gy;
  private int t;

  @Override
  public EnvironmentSpec spec() {
    return SPEC;
  }

  @Override
  public Observation reset(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    x = rng.nextDouble(-0.3, 0.3);
    y = rng.nextDouble(-0.3, 0.3);
    gx = rng.nextDouble(-0.3, 0.3);
    gy = rng.nextDouble(-0.3, 0.3);
    t = 0;
    return observe();
  }

  private Observation observe() {
    return new Observation(
        new float[] {(float) x, (float) y, (float) gx, (float) gy}, Map.of(), t * 40_000_000L);
  }

  private double distance() {
    return Math.hypot(gx - x, gy - y);
  }

  @Override
  public Transition step(Action action) {
    float[] a = SPEC.action().clip(action.values());
    x = Math.max(-1, Math.min(1, x + a[0] * STEP_METERS));
    y = Math.max(-1, Math.min(1, y + a[1] * STEP_METERS));
    t++;
    boolean success = distance() < SUCCESS_METERS;
    boolean truncated = !success && t >= MAX_STEPS;
    Optional<EndReason> reason =
        success
            ? Optional.of(EndReason.SUCCESS)
            : truncated ? Optional.of(EndReason.TIME_LIMIT) : Optional.empty();
    return new Transition(
        new Action(a), observe(), success ? 0 : -1, success, truncated, success, reason, "");
  }

  /** The scripted expert: head straight for the goal at full speed. */
  static float[] expert(float[] state) {
    double dx = (state[2] - state[0]) / STEP_METERS;
    double dy = (state[3] - state[1]) / STEP_METERS;
    double norm = Math.max(1, Math.max(Math.abs(dx), Math.abs(dy)));
    return new float[] {(float) (dx / norm), (float) (dy / norm)};
  }

  @Override
  public Optional<TaskOracle> oracle() {
    return Optional.of(
        new TaskOracle() {
          @Override
          public Action expertAction() {
            return new Action(expert(observe().state()));
          }

          @Override
          public double progress() {
            return Math.max(0, Math.min(1, 1 - distance() / 0.85));
          }

          @Override
          public double actionValue(Action action) {
            float[] a = SPEC.action().clip(action.values());
            double nx = x + a[0] * STEP_METERS;
            double ny = y + a[1] * STEP_METERS;
            return -Math.hypot(gx - nx, gy - ny);
          }
        });
  }

  @Override
  public EnvState state() {
    ByteBuffer b = ByteBuffer.allocate(36);
    b.putDouble(x).putDouble(y).putDouble(gx).putDouble(gy).putInt(t);
    return new EnvState(KIND, b.array());
  }

  @Override
  public void restore(EnvState state) {
    if (!state.kind().equals(KIND)) {
      throw new IllegalArgumentException(
          "cannot restore a '" + state.kind() + "' state into " + KIND);
    }
    ByteBuffer b = ByteBuffer.wrap(state.data());
    x = b.getDouble();
    y = b.getDouble();
    gx = b.getDouble();
    gy = b.getDouble();
    t = b.getInt();
  }

  @Override
  public void close() {}
}
