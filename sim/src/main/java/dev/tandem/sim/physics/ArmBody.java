package dev.tandem.sim.physics;

import com.jme3.bullet.MultiBody;
import com.jme3.bullet.MultiBodyLink;
import com.jme3.bullet.PhysicsSpace;
import com.jme3.bullet.collision.shapes.BoxCollisionShape;
import com.jme3.bullet.collision.shapes.CapsuleCollisionShape;
import com.jme3.bullet.collision.shapes.CollisionShape;
import com.jme3.bullet.collision.shapes.CompoundCollisionShape;
import com.jme3.bullet.collision.shapes.CylinderCollisionShape;
import com.jme3.bullet.collision.shapes.SphereCollisionShape;
import com.jme3.bullet.objects.MultiBodyCollider;
import com.jme3.math.Matrix3f;
import com.jme3.math.Quaternion;
import com.jme3.math.Vector3f;
import dev.tandem.model.RobotKinematics;
import dev.tandem.model.RobotModel;
import dev.tandem.model.RobotModel.Body;
import dev.tandem.model.RobotModel.BodyShape;
import dev.tandem.model.RobotModel.MovableJoint;
import dev.tandem.model.Rot;
import dev.tandem.model.urdf.UrdfModel.Geometry;
import java.util.List;

/**
 * A {@link RobotModel} as a Bullet {@link MultiBody} with a fixed base: one Bullet link per movable
 * joint (revolute or prismatic), colliders built from the model's primitive shapes (relative to
 * each body's centre of mass, as Bullet wants), and allocation-free access to joint positions,
 * velocities and torques. Owned by its {@link PhysicsWorld}.
 *
 * <p>Bullet has no joint motors or limits in this API: the caller applies torques every physics
 * step. Setting joint positions does not move the colliders, so {@link #setJointState} places them
 * from forward kinematics.
 */
public final class ArmBody {

  private final RobotModel model;
  private final MultiBody multiBody;
  private final MultiBodyLink[] links;
  private final MultiBodyCollider[] colliders; // index = body (0 = base), may be null
  private final RobotKinematics kin;
  private final int dof;

  private final double[] q;
  private final double[] bodyMasses;
  private final Vector3f tmpVec = new Vector3f();
  private final Matrix3f tmpMat = new Matrix3f();
  private final double[] tmpCom = new double[3];

  /**
   * @param armatureKgM2 added to each revolute link's inertia about its joint axis (rotor inertia;
   *     keeps light wrist links stable under PD at 500 Hz)
   * @param prismaticArmatureKg added to the mass of each prismatic link (fingers)
   */
  ArmBody(
      RobotModel model,
      double[] basePosition,
      double armatureKgM2,
      double prismaticArmatureKg,
      ColliderSetup colliderSetup) {
    this.model = model;
    this.dof = model.dof();
    this.kin = new RobotKinematics(model);
    kin.setBasePose(Rot.identity(), basePosition);
    this.q = new double[dof];
    List<Body> bodies = model.bodies();
    this.bodyMasses = new double[bodies.size()];
    Body base = bodies.get(0);
    float baseMass = (float) Math.max(base.mass(), 1.0);
    Vector3f baseInertia = positive(base.inertia(), 0.01);
    multiBody = new MultiBody(dof, baseMass, baseInertia, true, false);
    multiBody.setBaseLocation(
        new Vector3f(
            (float) (basePosition[0] + base.com()[0]),
            (float) (basePosition[1] + base.com()[1]),
            (float) (basePosition[2] + base.com()[2])));
    links = new MultiBodyLink[dof];
    colliders = new MultiBodyCollider[bodies.size()];
    for (int i = 0; i < dof; i++) {
      MovableJoint j = model.joints().get(i);
      Body body = bodies.get(i + 1);
      Body parent = bodies.get(j.parentBody());
      double[] inertia = body.inertia().clone();
      float mass = (float) body.mass();
      if (j.prismatic()) {
        mass += (float) prismaticArmatureKg;
      } else {
        for (int a = 0; a < 3; a++) {
          inertia[a] += armatureKgM2 * j.axis()[a] * j.axis()[a];
        }
      }
      bodyMasses[i + 1] = mass;
      double[] quat = new double[4];
      Rot.toQuaternion(Rot.transpose(j.fixedRot()), quat);
      Quaternion parentToThis =
          new Quaternion((float) quat[0], (float) quat[1], (float) quat[2], (float) quat[3]);
      Vector3f axis = vec(j.axis());
      Vector3f parentComToPivot =
          new Vector3f(
              (float) (j.fixedPos()[0] - parent.com()[0]),
              (float) (j.fixedPos()[1] - parent.com()[1]),
              (float) (j.fixedPos()[2] - parent.com()[2]));
      Vector3f pivotToCom = vec(body.com());
      MultiBodyLink parentLink = j.parentBody() == 0 ? null : links[j.parentBody() - 1];
      Vector3f in = positive(inertia, 1e-7);
      links[i] =
          j.prismatic()
              ? multiBody.configurePrismaticLink(
                  mass, in, parentLink, parentToThis, axis, parentComToPivot, pivotToCom, true)
              : multiBody.configureRevoluteLink(
                  mass, in, parentLink, parentToThis, axis, parentComToPivot, pivotToCom, true);
    }
    for (int b = 0; b < bodies.size(); b++) {
      Body body = bodies.get(b);
      if (body.shapes().isEmpty()) {
        continue;
      }
      CollisionShape shape = shapeOf(body);
      MultiBodyCollider c =
          b == 0 ? multiBody.addBaseCollider(shape) : links[b - 1].addCollider(shape);
      colliderSetup.configure(b, body, c);
      colliders[b] = c;
    }
  }

  /** Per-collider settings (groups, friction, anchors), decided by the world that owns the arm. */
  @FunctionalInterface
  interface ColliderSetup {
    void configure(int bodyIndex, Body body, MultiBodyCollider collider);
  }

  public RobotModel model() {
    return model;
  }

  MultiBody multiBody() {
    return multiBody;
  }

  public int dof() {
    return dof;
  }

  /** The mass (kg) Bullet simulates for each body, including added rotor mass. */
  public double[] bodyMasses() {
    return bodyMasses.clone();
  }

  /** Reads joint positions (rad or m) and velocities into the given arrays. */
  public void readState(double[] positions, double[] velocities) {
    for (int i = 0; i < dof; i++) {
      positions[i] = links[i].jointPosition(0);
      velocities[i] = links[i].jointVelocity(0);
    }
  }

  /** Reads joint positions and velocities exactly as Bullet stores them (for snapshots). */
  public void readStateExact(float[] positions, float[] velocities) {
    for (int i = 0; i < dof; i++) {
      positions[i] = links[i].jointPosition(0);
      velocities[i] = links[i].jointVelocity(0);
    }
  }

  /** Adds joint torques (N·m) / forces (N) for the next physics step; Bullet clears them after. */
  public void applyTorques(double[] torques) {
    for (int i = 0; i < dof; i++) {
      links[i].addJointTorque(0, (float) torques[i]);
    }
  }

  /** Sets joint positions and velocities and moves every collider to match. */
  public void setJointState(float[] positions, float[] velocities) {
    for (int i = 0; i < dof; i++) {
      links[i].setJointPosition(0, positions[i]);
      links[i].setJointVelocity(0, velocities[i]);
    }
    multiBody.clearForcesAndTorques();
    placeColliders();
  }

  /** Sets one joint's velocity (rad/s or m/s), leaving everything else as it is. */
  public void setJointVelocity(int joint, float velocity) {
    links[joint].setJointVelocity(0, velocity);
  }

  /**
   * Moves every collider to the pose forward kinematics gives for the current joint positions.
   * Needed after setting joint positions (Bullet only moves colliders when it steps).
   */
  public void placeColliders() {
    for (int i = 0; i < dof; i++) {
      q[i] = links[i].jointPosition(0);
    }
    kin.forward(q);
    for (int b = 0; b < colliders.length; b++) {
      MultiBodyCollider c = colliders[b];
      if (c == null) {
        continue;
      }
      kin.comWorld(b, tmpCom);
      tmpVec.set((float) tmpCom[0], (float) tmpCom[1], (float) tmpCom[2]);
      c.setPhysicsLocation(tmpVec);
      double[] r = kin.bodyRotation(b);
      setMatrix(tmpMat, r);
      c.setPhysicsRotation(tmpMat);
    }
  }

  /** World transform of body {@code b}'s centre of mass as Bullet has it (for tests). */
  public com.jme3.math.Transform linkTransform(int b) {
    return links[b - 1].worldTransform(null);
  }

  MultiBodyCollider collider(int body) {
    return colliders[body];
  }

  private static CollisionShape shapeOf(Body body) {
    List<BodyShape> shapes = body.shapes();
    if (shapes.size() == 1) {
      BodyShape s = shapes.get(0);
      boolean atCom =
          Math.abs(s.pos()[0] - body.com()[0]) < 1e-9
              && Math.abs(s.pos()[1] - body.com()[1]) < 1e-9
              && Math.abs(s.pos()[2] - body.com()[2]) < 1e-9;
      boolean unrotated = java.util.Arrays.equals(s.rot(), Rot.identity());
      if (atCom && unrotated) {
        return primitive(s.geometry());
      }
    }
    CompoundCollisionShape compound = new CompoundCollisionShape(shapes.size());
    for (BodyShape s : shapes) {
      double[] r = s.rot();
      Matrix3f rot =
          new Matrix3f(
              (float) r[0],
              (float) r[1],
              (float) r[2],
              (float) r[3],
              (float) r[4],
              (float) r[5],
              (float) r[6],
              (float) r[7],
              (float) r[8]);
      Vector3f offset =
          new Vector3f(
              (float) (s.pos()[0] - body.com()[0]),
              (float) (s.pos()[1] - body.com()[1]),
              (float) (s.pos()[2] - body.com()[2]));
      compound.addChildShape(primitive(s.geometry()), offset, rot);
    }
    return compound;
  }

  static CollisionShape primitive(Geometry g) {
    if (g instanceof Geometry.Box b) {
      return new BoxCollisionShape(
          (float) (b.sizeX() / 2), (float) (b.sizeY() / 2), (float) (b.sizeZ() / 2));
    } else if (g instanceof Geometry.Capsule c) {
      return new CapsuleCollisionShape((float) c.radius(), (float) c.length(), PhysicsSpace.AXIS_Z);
    } else if (g instanceof Geometry.Cylinder c) {
      return new CylinderCollisionShape(
          new Vector3f((float) c.radius(), (float) c.radius(), (float) (c.length() / 2)),
          PhysicsSpace.AXIS_Z);
    } else if (g instanceof Geometry.Sphere s) {
      return new SphereCollisionShape((float) s.radius());
    }
    throw new IllegalArgumentException("unsupported geometry " + g);
  }

  /** Copies a row-major rotation into a jME matrix (element-wise; no allocation). */
  static void setMatrix(Matrix3f m, double[] r) {
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        m.set(i, j, (float) r[3 * i + j]);
      }
    }
  }

  private static Vector3f vec(double[] v) {
    return new Vector3f((float) v[0], (float) v[1], (float) v[2]);
  }

  private static Vector3f positive(double[] v, double floor) {
    return new Vector3f(
        (float) Math.max(v[0], floor),
        (float) Math.max(v[1], floor),
        (float) Math.max(v[2], floor));
  }
}
