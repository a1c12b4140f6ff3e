package dev.tandem.bridge;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.scene.Pose;
import dev.tandem.model.Rot;

/**
 * Where the robot's base sits in the world frame the policy observes ({@code baseInWorld}): the
 * frame a sim-trained policy knows. The default is the simulated workcell's base, the Panda on the
 * table at (-0.6, 0, 0), not rotated, so a policy trained in sim reads the same coordinates on the
 * bridge.
 *
 * @param position the base origin in the world (m)
 * @param rpyRad the base orientation in the world: URDF fixed-axis roll, pitch, yaw (rad)
 */
public record BasePose(double[] position, double[] rpyRad) {

  /** The simulated workcell's base: (-0.6, 0, 0), world axes. */
  public static final BasePose SIM_WORKCELL =
      new BasePose(new double[] {-0.6, 0, 0}, new double[] {0, 0, 0});

  public BasePose {
    position = ConfigChecks.vector3(position, "baseInWorld.position").clone();
    rpyRad =
        ConfigChecks.vector3(ConfigChecks.orDefault(rpyRad, new double[3]), "baseInWorld.rpyRad")
            .clone();
    for (double a : rpyRad) {
      ConfigChecks.inRange(a, -2 * Math.PI, 2 * Math.PI, "baseInWorld.rpyRad");
    }
  }

  /** The base's rotation in the world (row-major 3x3, a new array). */
  public double[] rotation() {
    return Rot.fromRpy(rpyRad[0], rpyRad[1], rpyRad[2]);
  }

  /** {@code pose}, given in the base frame, in the world frame. */
  public Pose toWorld(Pose pose) {
    double[] r = rotation();
    double[] p = new double[3];
    Rot.apply(r, new double[] {pose.x(), pose.y(), pose.z()}, p);
    double[] q = new double[9];
    Rot.fromQuaternion(pose.qx(), pose.qy(), pose.qz(), pose.qw(), q);
    double[] rq = new double[9];
    Rot.mul(r, q, rq);
    double[] quat = new double[4];
    Rot.toQuaternion(rq, quat);
    return new Pose(
        p[0] + position[0],
        p[1] + position[1],
        p[2] + position[2],
        quat[0],
        quat[1],
        quat[2],
        quat[3]);
  }

  /**
   * Clamps the world-frame point {@code world} into the box [{@code min}, {@code max}] given in the
   * base frame, into {@code out} (world frame; may be {@code world}); {@code rotation} is {@link
   * #rotation()}, {@code scratch} 3 numbers. Allocates nothing (the control tick's path).
   */
  public void clampIntoBaseBox(
      double[] rotation,
      double[] world,
      double[] min,
      double[] max,
      double[] scratch,
      double[] out) {
    double dx = world[0] - position[0];
    double dy = world[1] - position[1];
    double dz = world[2] - position[2];
    for (int k = 0; k < 3; k++) {
      // R^T (world - position): the point in the base frame
      double b = rotation[k] * dx + rotation[3 + k] * dy + rotation[6 + k] * dz;
      scratch[k] = Math.max(min[k], Math.min(max[k], b));
    }
    Rot.apply(rotation, scratch, out);
    for (int k = 0; k < 3; k++) {
      out[k] += position[k];
    }
  }
}
