package dev.tandem.sim.physics;

import com.jme3.bullet.objects.PhysicsRigidBody;
import com.jme3.math.Matrix3f;
import com.jme3.math.Vector3f;
import dev.tandem.model.urdf.UrdfModel.Geometry;

/**
 * A rigid body in a {@link PhysicsWorld}: a task object (cube, peg) or a static fixture (table,
 * hole walls), with allocation-free pose and velocity access and an exact (bit-for-bit) snapshot
 * form. Owned by its world.
 */
public final class RigidObject {

  /**
   * Floats in an exact snapshot: position 3, rotation matrix 9, linear and angular velocity 3+3.
   */
  public static final int SNAPSHOT_FLOATS = 18;

  private final String name;
  private final Geometry geometry;
  private final PhysicsRigidBody body;
  private final boolean dynamic;
  private final Vector3f v = new Vector3f();
  private final Matrix3f m = new Matrix3f();

  RigidObject(String name, Geometry geometry, PhysicsRigidBody body, boolean dynamic) {
    this.name = name;
    this.geometry = geometry;
    this.body = body;
    this.dynamic = dynamic;
  }

  public String name() {
    return name;
  }

  /** The shape, centred at the body's position (for rendering and geometry checks). */
  public Geometry geometry() {
    return geometry;
  }

  public boolean isDynamic() {
    return dynamic;
  }

  PhysicsRigidBody body() {
    return body;
  }

  /** Position (m) into {@code out[0..2]}. */
  public void position(double[] out) {
    body.getPhysicsLocation(v);
    out[0] = v.x;
    out[1] = v.y;
    out[2] = v.z;
  }

  /** Rotation matrix (row-major) into {@code out[0..8]}. */
  public void rotation(double[] out) {
    body.getPhysicsRotationMatrix(m);
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        out[3 * r + c] = m.get(r, c);
      }
    }
  }

  /** Linear velocity (m/s) into {@code out[0..2]}; zero for static bodies. */
  public void linearVelocity(double[] out) {
    if (!dynamic) {
      out[0] = 0;
      out[1] = 0;
      out[2] = 0;
      return;
    }
    body.getLinearVelocity(v);
    out[0] = v.x;
    out[1] = v.y;
    out[2] = v.z;
  }

  /** Angular velocity (rad/s) into {@code out[0..2]}; zero for static bodies. */
  public void angularVelocity(double[] out) {
    if (!dynamic) {
      out[0] = 0;
      out[1] = 0;
      out[2] = 0;
      return;
    }
    body.getAngularVelocity(v);
    out[0] = v.x;
    out[1] = v.y;
    out[2] = v.z;
  }

  /** Places the body at rest at the given pose. */
  public void setPose(double[] position, double[] rotation) {
    v.set((float) position[0], (float) position[1], (float) position[2]);
    body.setPhysicsLocation(v);
    ArmBody.setMatrix(m, rotation);
    body.setPhysicsRotation(m);
    if (dynamic) {
      v.set(0, 0, 0);
      body.setLinearVelocity(v);
      body.setAngularVelocity(v);
    }
  }

  /** Sets the velocities (m/s, rad/s). */
  public void setVelocity(double[] linear, double[] angular) {
    v.set((float) linear[0], (float) linear[1], (float) linear[2]);
    body.setLinearVelocity(v);
    v.set((float) angular[0], (float) angular[1], (float) angular[2]);
    body.setAngularVelocity(v);
  }

  /** Writes the exact Bullet state ({@link #SNAPSHOT_FLOATS} floats) at {@code out[o..]}. */
  public void snapshot(float[] out, int o) {
    body.getPhysicsLocation(v);
    out[o] = v.x;
    out[o + 1] = v.y;
    out[o + 2] = v.z;
    body.getPhysicsRotationMatrix(m);
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        out[o + 3 + 3 * r + c] = m.get(r, c);
      }
    }
    if (!dynamic) {
      java.util.Arrays.fill(out, o + 12, o + 18, 0f);
      return;
    }
    body.getLinearVelocity(v);
    out[o + 12] = v.x;
    out[o + 13] = v.y;
    out[o + 14] = v.z;
    body.getAngularVelocity(v);
    out[o + 15] = v.x;
    out[o + 16] = v.y;
    out[o + 17] = v.z;
  }

  /** Restores a state written by {@link #snapshot}. */
  public void restore(float[] in, int o) {
    v.set(in[o], in[o + 1], in[o + 2]);
    body.setPhysicsLocation(v);
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        m.set(r, c, in[o + 3 + 3 * r + c]);
      }
    }
    body.setPhysicsRotation(m);
    if (dynamic) {
      v.set(in[o + 12], in[o + 13], in[o + 14]);
      body.setLinearVelocity(v);
      v.set(in[o + 15], in[o + 16], in[o + 17]);
      body.setAngularVelocity(v);
    }
  }
}
