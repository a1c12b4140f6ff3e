package dev.tandem.sim.task;

import dev.tandem.core.scene.SceneObject;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One manipulation task on a {@link Workcell}: what it adds to the scene, how an episode starts,
 * what it observes, when it succeeds, and how its scripted expert proceeds. Tasks keep only
 * episode-constant data (goal, fixture placement) as state; everything else is read from the
 * physics, so the expert's plan is a pure function of the current state.
 */
public abstract class Task {

  /**
   * The expert's next waypoint: where the end effector (tool centre point) should go now, the
   * gripper command (-1 close, 1 open, 0 when the task has no gripper action), and the estimated
   * end-effector path length (m) still needed after reaching the waypoint.
   */
  public record Plan(double[] eeTarget, double gripper, double remainingMeters) {}

  protected final Workcell cell;

  protected Task(Workcell cell) {
    this.cell = cell;
  }

  /** Task name as in configs: Reach, Push, PickAndPlace, PegInsertion. */
  public abstract String name();

  /** Whether the action has a gripper value (otherwise the fingers hold {@link #fingerHold()}). */
  public abstract boolean hasGripperAction();

  /** Per-finger position (m) the fingers are placed at on reset. */
  public abstract double initialFinger();

  /** Per-finger command (m) held when the task has no gripper action. */
  public double fingerHold() {
    return 0.0;
  }

  /** Names of the task's part of {@code observation.state}. */
  public abstract List<String> stateNames();

  /** Writes the task's part of the state at {@code out[offset..]}. */
  public abstract void writeState(float[] out, int offset);

  /**
   * Starts an episode: samples and places objects and the goal (the arm is already at its neutral
   * posture). Runs no physics: the environment then flushes contact caches and runs {@link
   * #settleSteps()} physics steps holding the arm.
   */
  public abstract void reset(SplittableRandom rng);

  /** Physics steps to run after placing, before the first observation (e.g. to settle a grasp). */
  public int settleSteps() {
    return 0;
  }

  /** Distance (m) between the achieved and the desired goal. */
  public abstract double goalDistance();

  /** The success predicate holds when {@link #goalDistance()} is at most this (m). */
  public abstract double successDistance();

  public boolean isSuccess() {
    return goalDistance() <= successDistance();
  }

  /** Why the episode cannot continue (e.g. the object fell off the table), if so. */
  public Optional<String> failure() {
    return Optional.empty();
  }

  /** The scripted expert's next waypoint for the current state. */
  public abstract Plan plan();

  /** Episode-constant task state (goal, fixture pose) for snapshots. */
  public abstract void writeEpisode(DataOutputStream out) throws IOException;

  public abstract void readEpisode(DataInputStream in) throws IOException;

  /** Scene objects of the task (objects, fixtures, goal marker) for rendering. */
  public abstract void addDrawables(List<SceneObject> out);

  /** Task parameters stored with every dataset. */
  public abstract Map<String, String> parameters();

  // ---------------------------------------------------------------- helpers

  /**
   * Largest downward step (m) the experts take towards a contact (object, table, hole): the arm
   * needs about that much to stop from full speed.
   */
  protected static final double DESCENT_STEP = 0.03;

  /** Horizontal end-effector speed (m/s) below which the experts start a descent. */
  protected static final double SETTLED_SPEED = 0.08;

  /** Horizontal speed of the end effector (m/s). */
  protected double horizontalSpeed() {
    double[] v = cell.eeVelocity();
    return Math.hypot(v[0], v[1]);
  }

  /** Uniform in [lo, hi] (lo when the range is empty). */
  protected static double uniform(SplittableRandom rng, double lo, double hi) {
    return lo + rng.nextDouble() * (hi - lo);
  }

  protected static double distance(double[] a, double[] b) {
    double dx = a[0] - b[0];
    double dy = a[1] - b[1];
    double dz = a[2] - b[2];
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  }

  protected static double distanceXy(double[] a, double[] b) {
    double dx = a[0] - b[0];
    double dy = a[1] - b[1];
    return Math.sqrt(dx * dx + dy * dy);
  }

  protected static void writeVec(DataOutputStream out, double[] v) throws IOException {
    for (double d : v) {
      out.writeDouble(d);
    }
  }

  protected static void readVec(DataInputStream in, double[] v) throws IOException {
    for (int i = 0; i < v.length; i++) {
      v[i] = in.readDouble();
    }
  }

  protected static List<String> names(String prefix, String... suffixes) {
    return java.util.Arrays.stream(suffixes).map(s -> prefix + "." + s).toList();
  }

  /** Writes position, quaternion, linear and angular velocity of an object (13 floats). */
  protected static int writeObjectState(
      dev.tandem.sim.physics.RigidObject o, float[] out, int off, double[] tmp3, double[] tmp9) {
    o.position(tmp3);
    out[off++] = (float) tmp3[0];
    out[off++] = (float) tmp3[1];
    out[off++] = (float) tmp3[2];
    o.rotation(tmp9);
    double[] quat = new double[4];
    dev.tandem.model.Rot.toQuaternion(tmp9, quat);
    for (double d : quat) {
      out[off++] = (float) d;
    }
    o.linearVelocity(tmp3);
    out[off++] = (float) tmp3[0];
    out[off++] = (float) tmp3[1];
    out[off++] = (float) tmp3[2];
    o.angularVelocity(tmp3);
    out[off++] = (float) tmp3[0];
    out[off++] = (float) tmp3[1];
    out[off++] = (float) tmp3[2];
    return off;
  }

  protected static List<String> objectStateNames(String prefix) {
    return names(prefix, "x", "y", "z", "qx", "qy", "qz", "qw", "vx", "vy", "vz", "wx", "wy", "wz");
  }
}
