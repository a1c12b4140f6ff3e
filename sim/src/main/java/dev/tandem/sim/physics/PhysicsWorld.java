package dev.tandem.sim.physics;

import com.jme3.bullet.MultiBodySpace;
import com.jme3.bullet.PhysicsSpace;
import com.jme3.bullet.collision.CollisionFlag;
import com.jme3.bullet.collision.PhysicsCollisionObject;
import com.jme3.bullet.objects.MultiBodyCollider;
import com.jme3.bullet.objects.PhysicsRigidBody;
import com.jme3.math.Vector3f;
import dev.tandem.model.RobotModel;
import dev.tandem.model.urdf.UrdfModel.Geometry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One Bullet {@link MultiBodySpace} with one arm and a list of rigid bodies, stepped at a fixed
 * rate. Owns every native handle it creates; {@link #close()} frees them. Reused across episodes (a
 * new space per episode holds ~4 MB of native memory until GC).
 *
 * <p>Determinism: dispatch is deterministic (sorted pairs), and {@link #flushContacts()} removes
 * and re-adds every body in creation order, which drops Bullet's contact caches (warm-starting
 * impulses, persistent manifolds). Doing it at a snapshot in both the original and a replaying run
 * makes the continuation identical.
 *
 * <p>Collision filtering (Libbulletjme ORs both directions): the table and fixtures touch objects
 * and the hand; objects touch everything; upper-arm links touch only objects; the robot never
 * touches itself.
 */
public final class PhysicsWorld implements AutoCloseable {

  public static final int GROUP_TABLE = PhysicsCollisionObject.COLLISION_GROUP_01;
  public static final int GROUP_OBJECT = PhysicsCollisionObject.COLLISION_GROUP_02;
  public static final int GROUP_ARM = PhysicsCollisionObject.COLLISION_GROUP_03;
  public static final int GROUP_HAND = PhysicsCollisionObject.COLLISION_GROUP_04;
  public static final int GROUP_FIXTURE = PhysicsCollisionObject.COLLISION_GROUP_05;

  private static final int MASK_STATIC = GROUP_OBJECT | GROUP_HAND;
  private static final int MASK_OBJECT =
      GROUP_TABLE | GROUP_OBJECT | GROUP_ARM | GROUP_HAND | GROUP_FIXTURE;
  private static final int MASK_ARM = GROUP_OBJECT;
  private static final int MASK_HAND = GROUP_OBJECT | GROUP_TABLE | GROUP_FIXTURE;

  private final MultiBodySpace space;
  private final float timeStepSeconds;
  private final double[] gravity = {0, 0, -9.81};
  private ArmBody arm;
  private final List<RigidObject> objects = new ArrayList<>();
  private boolean closed;

  /**
   * @param physicsRateHz physics steps per second (e.g. 500)
   * @param solverIterations constraint solver iterations per step (Bullet's default is 10)
   */
  public PhysicsWorld(double physicsRateHz, int solverIterations) {
    if (!(physicsRateHz > 0)) {
      throw new IllegalArgumentException("physics rate must be positive, found " + physicsRateHz);
    }
    BulletLibrary.ensureLoaded();
    this.timeStepSeconds = (float) (1.0 / physicsRateHz);
    space =
        new MultiBodySpace(
            new Vector3f(-5, -5, -5), new Vector3f(5, 5, 5), PhysicsSpace.BroadphaseType.DBVT);
    space.setGravity(new Vector3f((float) gravity[0], (float) gravity[1], (float) gravity[2]));
    space.useDeterministicDispatch(true);
    space.getSolverInfo().setNumIterations(solverIterations);
  }

  /** Gravity (m/s², world frame); the array is shared, do not modify. */
  public double[] gravity() {
    return gravity;
  }

  public double timeStepSeconds() {
    return timeStepSeconds;
  }

  /**
   * Adds the arm. Bodies from {@code firstHandBody} on collide with the table and fixtures as well
   * as objects; gripper bodies get {@code fingerFriction} and friction anchors.
   */
  public ArmBody addArm(
      RobotModel model,
      double[] basePosition,
      double armatureKgM2,
      double fingerArmatureKg,
      int firstHandBody,
      double linkFriction,
      double fingerFriction) {
    if (arm != null) {
      throw new IllegalStateException("this world already has an arm");
    }
    Set<Integer> fingerBodies = new java.util.HashSet<>();
    for (int j : model.gripperJoints()) {
      fingerBodies.add(j + 1);
    }
    arm =
        new ArmBody(
            model,
            basePosition,
            armatureKgM2,
            fingerArmatureKg,
            (b, body, c) -> {
              boolean hand = b >= firstHandBody;
              c.setCollisionGroup(hand ? GROUP_HAND : GROUP_ARM);
              c.setCollideWithGroups(hand ? MASK_HAND : MASK_ARM);
              if (fingerBodies.contains(b)) {
                c.setFriction((float) fingerFriction);
                addFrictionAnchor(c);
              } else {
                c.setFriction((float) linkFriction);
              }
              c.setRestitution(0f);
            });
    space.addMultiBody(arm.multiBody());
    arm.placeColliders();
    return arm;
  }

  /**
   * Adds a static box (table, fixture walls) with group {@code group} ({@link #GROUP_TABLE} or
   * {@link #GROUP_FIXTURE}); it touches objects and the hand.
   */
  public RigidObject addStaticBox(
      String name, double[] size, double[] position, double friction, int group) {
    Geometry.Box box = new Geometry.Box(size[0], size[1], size[2]);
    PhysicsRigidBody body = new PhysicsRigidBody(ArmBody.primitive(box), 0f);
    body.setPhysicsLocation(
        new Vector3f((float) position[0], (float) position[1], (float) position[2]));
    body.setFriction((float) friction);
    body.setRestitution(0f);
    body.setCollisionGroup(group);
    body.setCollideWithGroups(MASK_STATIC);
    return add(new RigidObject(name, box, body, false));
  }

  /** Adds a dynamic object (never sleeps; friction anchors on). */
  public RigidObject addDynamic(String name, Geometry shape, double massKg, double friction) {
    PhysicsRigidBody body = new PhysicsRigidBody(ArmBody.primitive(shape), (float) massKg);
    body.setFriction((float) friction);
    body.setRestitution(0f);
    body.setEnableSleep(false);
    body.setCollisionGroup(GROUP_OBJECT);
    body.setCollideWithGroups(MASK_OBJECT);
    addFrictionAnchor(body);
    return add(new RigidObject(name, shape, body, true));
  }

  private RigidObject add(RigidObject o) {
    objects.add(o);
    space.addCollisionObject(o.body());
    return o;
  }

  public ArmBody arm() {
    return arm;
  }

  /** Rigid bodies in creation order. */
  public List<RigidObject> objects() {
    return List.copyOf(objects);
  }

  /** Advances the simulation by one physics step (torques must have been applied before). */
  public void step() {
    space.update(timeStepSeconds, 0, false, false, false);
  }

  /**
   * Drops all contact caches by removing and re-adding every body in creation order, and puts the
   * arm's colliders where its joint positions say. Call at every reset, snapshot and restore.
   */
  public void flushContacts() {
    if (arm != null) {
      space.removeMultiBody(arm.multiBody());
    }
    for (RigidObject o : objects) {
      space.removeCollisionObject(o.body());
    }
    if (arm != null) {
      space.addMultiBody(arm.multiBody());
      arm.placeColliders();
    }
    for (RigidObject o : objects) {
      space.addCollisionObject(o.body());
    }
  }

  int countCollisionObjects() {
    return space.countCollisionObjects();
  }

  int countManifolds() {
    return space.countManifolds();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    space.destroy();
  }

  /**
   * Sets Bullet's HAS_FRICTION_ANCHOR flag. The setter is native-protected in Libbulletjme 23.1.0,
   * so it is reached through reflection; without anchors a held object creeps out of the grasp.
   */
  static void addFrictionAnchor(PhysicsCollisionObject pco) {
    try {
      Method m =
          PhysicsCollisionObject.class.getDeclaredMethod(
              "setCollisionFlags", long.class, int.class);
      m.setAccessible(true);
      m.invoke(null, pco.nativeId(), pco.collisionFlags() | CollisionFlag.HAS_FRICTION_ANCHOR);
    } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(
          "cannot set Bullet's friction-anchor flag (Libbulletjme API changed?): " + e, e);
    }
  }

  static boolean hasFrictionAnchor(MultiBodyCollider c) {
    return (c.collisionFlags() & CollisionFlag.HAS_FRICTION_ANCHOR) != 0;
  }
}
