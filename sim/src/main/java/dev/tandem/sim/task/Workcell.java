package dev.tandem.sim.task;

import dev.tandem.core.spec.RobotSpec;
import dev.tandem.model.DlsIk;
import dev.tandem.model.RobotKinematics;
import dev.tandem.model.RobotModel;
import dev.tandem.model.urdf.UrdfLoader;
import dev.tandem.sim.physics.ArmBody;
import dev.tandem.sim.physics.JointController;
import dev.tandem.sim.physics.PhysicsWorld;
import dev.tandem.sim.physics.RigidObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated workcell every task shares, laid out as in panda-gym: a table 1.1 x 0.7 m whose top
 * is at z = 0 and whose centre is at x = -0.3, a Panda on the table at (-0.6, 0, 0), world z up.
 * Holds the Bullet world, the arm, its joint controller and kinematics, and runs the physics steps
 * of one control step without allocating.
 *
 * <p>After {@link #refresh()} (done by every method that moves the robot), {@link #q()}, {@link
 * #eePosition()}, {@link #eeVelocity()} and {@link #fingerWidth()} describe the current state.
 */
public final class Workcell implements AutoCloseable {

  public static final String ROBOT_RESOURCE = "/robots/panda.urdf";
  public static final String EE_LINK = "panda_hand_tcp";
  public static final List<String> FINGER_JOINTS =
      List.of("panda_finger_joint1", "panda_finger_joint2");

  /** Robot base position in the world (m). */
  public static final double[] BASE = {-0.6, 0, 0};

  /** Table: size and centre (m); its top is at z = 0. */
  public static final double[] TABLE_SIZE = {1.1, 0.7, 0.4};

  public static final double[] TABLE_CENTER = {-0.3, 0, -0.2};

  /** panda-gym's neutral arm posture (rad); fingers are set per task. */
  public static final double[] NEUTRAL_ARM = {0.0, 0.41, 0.0, -1.85, 0.0, 2.26, 0.79};

  /** End-effector workspace box in the world frame (m): targets are clamped into it. */
  public static final double[] WORKSPACE_MIN = {-0.45, -0.45, 0.01};

  public static final double[] WORKSPACE_MAX = {0.35, 0.45, 0.6};

  /** Franka's Cartesian translation limit (m/s). */
  public static final double MAX_LINEAR_SPEED = 1.7;

  /** Joint speed (rad/s) and finger speed (m/s) above which the physics counts as blown up. */
  static final double BLOWUP_JOINT_SPEED = 50;

  /** Object speed (m/s) or distance from the origin (m) that counts as blown up. */
  static final double BLOWUP_OBJECT_SPEED = 20;

  static final double BLOWUP_OBJECT_DISTANCE = 5;

  // Dynamics tuning (see docs/design/sim.md): rotor inertia keeps the light wrist stable under
  // explicit PD at 500 Hz; finger armature does the same for the 15 g fingers.
  static final double ARMATURE_KG_M2 = 0.05;
  static final double FINGER_ARMATURE_KG = 0.1;
  static final double LINK_FRICTION = 0.5;
  static final double FINGER_FRICTION = 1.5;
  static final double TABLE_FRICTION = 0.5;
  static final int FIRST_HAND_BODY = 6;

  /** Franka's published joint acceleration limits (rad/s²), joints 1-7. */
  static final double[] FRANKA_MAX_ACCEL = {15, 7.5, 10, 12.5, 15, 20, 20};

  /** The setpoint generator may use this multiple of Franka's acceleration limits. */
  static final double ACCEL_SCALE = 2;

  /** Natural frequency (rad/s) of the joint setpoint's response to a new goal. */
  static final double SETPOINT_OMEGA = 30;

  /** Natural frequency (rad/s) of the end-effector setpoint's response to a new goal. */
  static final double CARTESIAN_OMEGA = 60;

  /** Largest end-effector setpoint acceleration (m/s²). */
  static final double MAX_CARTESIAN_ACCEL = 20;

  /**
   * Gravity compensation and the resolved-rate Jacobian are refreshed every this many physics steps
   * (100 Hz at 500 Hz physics); the mass matrix once per control step. The posture moves too little
   * in 10 ms for this to matter, and it keeps the Java side of a physics step cheap.
   */
  static final int MODEL_UPDATE_SUBSTEPS = 5;

  /** Gain (1/s) pulling the joint setpoint's end effector onto the Cartesian setpoint. */
  static final double TRACKING_GAIN = 50;

  /** Gain (1/s) of the null-space pull towards the neutral posture. */
  static final double REST_GAIN = 1;

  static JointController.Gains defaultGains() {
    return new JointController.Gains(
        new double[] {50, 50, 50, 50, 50, 50, 50}, 1.0, 2000, 40, 5000, 20, 0.2);
  }

  private final RobotModel model;
  private final PhysicsWorld world;
  private final ArmBody arm;
  private final JointController controller;
  private final RobotKinematics kin;
  private final DlsIk ik;
  private final RigidObject table;
  private final List<RigidObject> dynamicObjects = new ArrayList<>();
  private final int dof;
  private final int[] armJoints;
  private final int[] fingerJoints;
  private final double controlDt;
  private final int substeps;

  private final double[] q;
  private final double[] qd;
  private final double[] tau;
  private final double[] jac;
  private final double[] eeVel = new double[3];
  private final double[] objTmp = new double[3];
  private final double[] goal;
  private final double[] commandedSpeed;
  private final double[] maxJointSpeed;
  private final double[] maxJointAccel;
  private final double[] desiredAccel;
  private Mode mode = Mode.JOINT_GOAL;
  private final double[] cartGoal = new double[3];
  private final double[] cartRot = new double[9];
  private final double[] cartPos = new double[3];
  private final double[] cartVel = new double[3];
  private final double[] cartAcc = new double[3];
  private final double[] qRest;
  private final double[] qdScratch;

  /** How the setpoint moves during the next control step. */
  private enum Mode {
    JOINT_GOAL,
    JOINT_VELOCITY,
    CARTESIAN
  }

  /**
   * @param physicsRateHz physics steps per second
   * @param substeps physics steps per control step
   */
  public Workcell(double physicsRateHz, int substeps, int solverIterations) {
    this.model = RobotModel.of(UrdfLoader.loadResource(ROBOT_RESOURCE), EE_LINK, FINGER_JOINTS);
    this.substeps = substeps;
    this.controlDt = substeps / physicsRateHz;
    this.world = new PhysicsWorld(physicsRateHz, solverIterations);
    this.table =
        world.addStaticBox(
            "table", TABLE_SIZE, TABLE_CENTER, TABLE_FRICTION, PhysicsWorld.GROUP_TABLE);
    this.arm =
        world.addArm(
            model,
            BASE,
            ARMATURE_KG_M2,
            FINGER_ARMATURE_KG,
            FIRST_HAND_BODY,
            LINK_FRICTION,
            FINGER_FRICTION);
    this.controller = new JointController(model, BASE, defaultGains(), arm.bodyMasses());
    controller.setArmature(ARMATURE_KG_M2);
    this.kin = new RobotKinematics(model);
    kin.setBasePose(dev.tandem.model.Rot.identity(), BASE);
    this.ik = new DlsIk(model, 0.02, 0.3, 0.4);
    ik.setBasePose(dev.tandem.model.Rot.identity(), BASE);
    this.dof = model.dof();
    this.armJoints = model.armJoints();
    this.fingerJoints = model.gripperJoints();
    this.q = new double[dof];
    this.qd = new double[dof];
    this.tau = new double[dof];
    this.jac = new double[6 * armJoints.length];
    this.goal = new double[dof];
    this.qRest = new double[dof];
    this.qdScratch = new double[dof];
    for (int c = 0; c < armJoints.length; c++) {
      qRest[armJoints[c]] = NEUTRAL_ARM[c];
    }
    this.commandedSpeed = new double[dof];
    this.desiredAccel = new double[dof];
    this.maxJointSpeed = new double[dof];
    this.maxJointAccel = new double[dof];
    for (int i = 0; i < dof; i++) {
      maxJointSpeed[i] = model.joints().get(i).limit().velocity();
    }
    for (int c = 0; c < armJoints.length; c++) {
      maxJointAccel[armJoints[c]] = ACCEL_SCALE * FRANKA_MAX_ACCEL[c % FRANKA_MAX_ACCEL.length];
    }
  }

  /** The robot's core description with the workcell's Cartesian limits (base frame). */
  public RobotSpec robotSpec() {
    double[] min = new double[3];
    double[] max = new double[3];
    for (int i = 0; i < 3; i++) {
      min[i] = WORKSPACE_MIN[i] - BASE[i];
      max[i] = WORKSPACE_MAX[i] - BASE[i];
    }
    return model.robotSpec(new RobotSpec.CartesianLimits(MAX_LINEAR_SPEED, min, max));
  }

  public RobotModel model() {
    return model;
  }

  public PhysicsWorld world() {
    return world;
  }

  public ArmBody arm() {
    return arm;
  }

  public JointController controller() {
    return controller;
  }

  /** A second kinematics instance for predictions (never used by the control loop). */
  public RobotKinematics newKinematics() {
    RobotKinematics k = new RobotKinematics(model);
    k.setBasePose(dev.tandem.model.Rot.identity(), BASE);
    return k;
  }

  public DlsIk ik() {
    return ik;
  }

  public RigidObject table() {
    return table;
  }

  public double controlPeriodSeconds() {
    return controlDt;
  }

  public int substeps() {
    return substeps;
  }

  /** Adds a task object whose state is checked for blow-ups. */
  public RigidObject addDynamicObject(
      String name, dev.tandem.model.urdf.UrdfModel.Geometry shape, double massKg, double friction) {
    RigidObject o = world.addDynamic(name, shape, massKg, friction);
    dynamicObjects.add(o);
    return o;
  }

  /** Current joint positions (all joints; live array). */
  public double[] q() {
    return q;
  }

  /** Current joint velocities (all joints; live array). */
  public double[] qd() {
    return qd;
  }

  public int[] armJoints() {
    return armJoints.clone();
  }

  public int[] fingerJoints() {
    return fingerJoints.clone();
  }

  /** End-effector (tool centre point) position, world frame (live array). */
  public double[] eePosition() {
    return kin.eePosition();
  }

  /** End-effector rotation, row-major (live array). */
  public double[] eeRotation() {
    return kin.eeRotation();
  }

  /** End-effector linear velocity (m/s; live array). */
  public double[] eeVelocity() {
    return eeVel;
  }

  /** Distance between the finger pads (m). */
  public double fingerWidth() {
    double w = 0;
    for (int f : fingerJoints) {
      w += q[f];
    }
    return w;
  }

  /** Re-reads the robot state and recomputes the end-effector pose and velocity. */
  public void refresh() {
    arm.readState(q, qd);
    kin.forward(q);
    kin.armJacobian(jac);
    eeVelocityInto(eeVel);
  }

  /**
   * Puts the arm at rest at {@code armPositions} (arm joints) with each finger at {@code
   * fingerPositionMeters}, and makes the controller hold that posture.
   */
  public void placeArm(double[] armPositions, double fingerPositionMeters) {
    float[] pos = new float[dof];
    for (int c = 0; c < armJoints.length; c++) {
      pos[armJoints[c]] = (float) armPositions[c];
    }
    for (int f : fingerJoints) {
      pos[f] = (float) fingerPositionMeters;
    }
    arm.setJointState(pos, new float[dof]);
    refresh();
    controller.setPositionTargets(q);
    controller.updateModel(q, world.gravity(), true);
    controller.setFingerTarget(fingerPositionMeters);
    controller.setFingerCommand(fingerPositionMeters);
    System.arraycopy(q, 0, goal, 0, dof);
    mode = Mode.JOINT_GOAL;
  }

  /**
   * Makes the next control step track joint velocities {@code armVelocities} (all joints, rad/s;
   * clamped to the joint speed limits).
   */
  public void commandVelocities(double[] armVelocities) {
    for (int j : armJoints) {
      commandedSpeed[j] = Math.max(-maxJointSpeed[j], Math.min(maxJointSpeed[j], armVelocities[j]));
    }
    mode = Mode.JOINT_VELOCITY;
  }

  /** Makes the next control step move the arm towards {@code positions} (arm entries used). */
  public void commandPositions(double[] positions) {
    for (int j : armJoints) {
      goal[j] = positions[j];
    }
    mode = Mode.JOINT_GOAL;
  }

  /**
   * Makes the next control step move the end effector towards {@code position} (world, m; clamped
   * into the workspace) with rotation {@code rotation} (row-major). The end-effector setpoint moves
   * on a straight line with a critically damped response ({@link #CARTESIAN_OMEGA}), at most {@link
   * #MAX_LINEAR_SPEED} and {@link #MAX_CARTESIAN_ACCEL}; resolved-rate control at the joint
   * setpoint turns it into joint setpoints every physics step.
   */
  public void commandCartesian(double[] position, double[] rotation) {
    System.arraycopy(position, 0, cartGoal, 0, 3);
    clampToWorkspace(cartGoal);
    System.arraycopy(rotation, 0, cartRot, 0, 9);
    mode = Mode.CARTESIAN;
  }

  /**
   * Advances the joint setpoint (position and velocity, held by the controller) by one physics
   * step. Towards a position goal the setpoint follows a critically damped second-order response
   * with natural frequency {@link #SETPOINT_OMEGA}; towards a velocity command, a first-order one.
   * The resulting acceleration is clamped to the joint acceleration limits and the velocity to the
   * speed limits, scaling all joints together so the arm moves in a coordinated way (the light
   * wrist does not run ahead of the heavy shoulder) and decelerates before the goal.
   */
  private void advanceSetpoint(double[] qt, double[] qdt, double dt) {
    double w = SETPOINT_OMEGA;
    double scale = 1;
    for (int j : armJoints) {
      double acc =
          mode == Mode.JOINT_VELOCITY
              ? 2 * w * (commandedSpeed[j] - qdt[j])
              : w * w * (goal[j] - qt[j]) - 2 * w * qdt[j];
      desiredAccel[j] = acc;
      if (Math.abs(acc) > maxJointAccel[j]) {
        scale = Math.min(scale, maxJointAccel[j] / Math.abs(acc));
      }
    }
    for (int j : armJoints) {
      double v = qdt[j] + scale * desiredAccel[j] * dt;
      qdt[j] = Math.max(-maxJointSpeed[j], Math.min(maxJointSpeed[j], v));
      qt[j] += qdt[j] * dt;
    }
  }

  /**
   * Moves the Cartesian setpoint one physics step towards the goal and integrates the joint
   * setpoint by resolved-rate control at the joint setpoint itself (so the joint setpoint stays a
   * consistent posture for the Cartesian one), slowed uniformly to the joint speed limits.
   */
  private void advanceCartesianSetpoint(double[] qt, double[] qdt, double dt, boolean resolve) {
    double w = CARTESIAN_OMEGA;
    double an = 0;
    for (int i = 0; i < 3; i++) {
      cartAcc[i] = w * w * (cartGoal[i] - cartPos[i]) - 2 * w * cartVel[i];
      an += cartAcc[i] * cartAcc[i];
    }
    an = Math.sqrt(an);
    double aScale = an > MAX_CARTESIAN_ACCEL ? MAX_CARTESIAN_ACCEL / an : 1;
    double vn = 0;
    for (int i = 0; i < 3; i++) {
      cartVel[i] += aScale * cartAcc[i] * dt;
      vn += cartVel[i] * cartVel[i];
    }
    vn = Math.sqrt(vn);
    double vScale = vn > MAX_LINEAR_SPEED ? MAX_LINEAR_SPEED / vn : 1;
    for (int i = 0; i < 3; i++) {
      cartVel[i] *= vScale;
      cartPos[i] += cartVel[i] * dt;
    }
    if (resolve) {
      ik.prepare(qt, qRest, REST_GAIN);
    }
    ik.velocity(qt, cartVel, cartPos, cartRot, TRACKING_GAIN, TRACKING_GAIN, qdScratch);
    double scale = 1;
    for (int j : armJoints) {
      double v = Math.abs(qdScratch[j]);
      if (v > maxJointSpeed[j]) {
        scale = Math.min(scale, maxJointSpeed[j] / v);
      }
    }
    for (int j : armJoints) {
      qdScratch[j] *= scale;
    }
    for (int j : armJoints) {
      qdt[j] = qdScratch[j];
      qt[j] += qdt[j] * dt;
    }
  }

  private void eeVelocityInto(double[] out) {
    int n = armJoints.length;
    for (int r = 0; r < 3; r++) {
      double v = 0;
      for (int c = 0; c < n; c++) {
        v += jac[r * n + c] * qd[armJoints[c]];
      }
      out[r] = v;
    }
  }

  /**
   * Runs one control step ({@link #substeps()} physics steps) of joint control. Returns null, or a
   * description of the blow-up that stopped it (NaN or absurd speeds); the state is then invalid
   * until the next reset.
   */
  public String runControlStep() {
    double dt = world.timeStepSeconds();
    double[] gravity = world.gravity();
    double[] qt = controller.positionTargets();
    double[] qdt = controller.velocityTargets();
    // the setpoint starts where the arm is, so tracking lag never accumulates across steps
    arm.readState(q, qd);
    for (int j : armJoints) {
      qt[j] = q[j];
      qdt[j] = qd[j];
    }
    if (mode == Mode.CARTESIAN) {
      // the end-effector pose and velocity of this posture, from the last refresh()
      System.arraycopy(kin.eePosition(), 0, cartPos, 0, 3);
      System.arraycopy(eeVel, 0, cartVel, 0, 3);
    }
    for (int s = 0; s < substeps; s++) {
      arm.readState(q, qd);
      String bad = checkJoints();
      if (bad != null) {
        return bad;
      }
      boolean update = s % MODEL_UPDATE_SUBSTEPS == 0;
      if (update) {
        controller.updateModel(q, gravity, s == 0);
      }
      if (mode == Mode.CARTESIAN) {
        advanceCartesianSetpoint(qt, qdt, dt, update);
      } else {
        advanceSetpoint(qt, qdt, dt);
      }
      controller.clampTargets();
      controller.advance(dt);
      controller.torques(q, qd, tau);
      arm.applyTorques(tau);
      world.step();
    }
    refresh();
    String bad = checkJoints();
    return bad != null ? bad : checkObjects();
  }

  /** Holds the current arm targets for {@code steps} physics steps (settling after a reset). */
  public String settle(int steps) {
    double[] gravity = world.gravity();
    double dt = world.timeStepSeconds();
    for (int s = 0; s < steps; s++) {
      arm.readState(q, qd);
      if (s % MODEL_UPDATE_SUBSTEPS == 0) {
        controller.updateModel(q, gravity, s == 0);
      }
      controller.advance(dt);
      controller.torques(q, qd, tau);
      arm.applyTorques(tau);
      world.step();
    }
    refresh();
    String bad = checkJoints();
    return bad != null ? bad : checkObjects();
  }

  private String checkJoints() {
    for (int i = 0; i < dof; i++) {
      if (!Double.isFinite(q[i]) || !Double.isFinite(qd[i])) {
        return "joint " + model.joints().get(i).name() + " state is not finite";
      }
      if (Math.abs(qd[i]) > BLOWUP_JOINT_SPEED) {
        return String.format(
            java.util.Locale.ROOT,
            "joint %s moves at %.3g (limit %.0f)",
            model.joints().get(i).name(),
            qd[i],
            BLOWUP_JOINT_SPEED);
      }
    }
    return null;
  }

  private String checkObjects() {
    for (RigidObject o : dynamicObjects) {
      o.position(objTmp);
      double d = Math.sqrt(objTmp[0] * objTmp[0] + objTmp[1] * objTmp[1] + objTmp[2] * objTmp[2]);
      if (!Double.isFinite(d) || d > BLOWUP_OBJECT_DISTANCE) {
        return String.format(java.util.Locale.ROOT, "%s is %.3g m from the origin", o.name(), d);
      }
      o.linearVelocity(objTmp);
      double v = Math.sqrt(objTmp[0] * objTmp[0] + objTmp[1] * objTmp[1] + objTmp[2] * objTmp[2]);
      if (!Double.isFinite(v) || v > BLOWUP_OBJECT_SPEED) {
        return String.format(java.util.Locale.ROOT, "%s moves at %.3g m/s", o.name(), v);
      }
    }
    return null;
  }

  /** Clamps an end-effector target into the workspace box (in place). */
  public static void clampToWorkspace(double[] p) {
    for (int i = 0; i < 3; i++) {
      p[i] = Math.max(WORKSPACE_MIN[i], Math.min(WORKSPACE_MAX[i], p[i]));
    }
  }

  @Override
  public void close() {
    world.close();
  }
}
