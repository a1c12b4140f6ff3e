package dev.tandem.sim;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.data.Observation;
import dev.tandem.core.env.EnvState;
import dev.tandem.core.env.Environment;
import dev.tandem.core.env.TaskOracle;
import dev.tandem.core.env.Transition;
import dev.tandem.core.scene.CameraSpec;
import dev.tandem.core.scene.SceneDescription;
import dev.tandem.core.scene.SceneObject;
import dev.tandem.core.scene.SceneSource;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.core.spec.JointSpec;
import dev.tandem.core.spec.RobotSpec;
import dev.tandem.model.RobotScene;
import dev.tandem.model.Rot;
import dev.tandem.sim.config.CameraConfig;
import dev.tandem.sim.config.RewardType;
import dev.tandem.sim.config.SimSettings;
import dev.tandem.sim.config.TaskConfig;
import dev.tandem.sim.physics.RigidObject;
import dev.tandem.sim.task.Task;
import dev.tandem.sim.task.Workcell;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A simulated Panda task as a core {@link Environment}: Bullet physics at {@code physicsRateHz},
 * joint PD control with gravity compensation every physics step, {@code substeps} physics steps per
 * control step, and one of three action modes (end-effector deltas through damped-least-squares IK,
 * joint positions, joint velocities), each clipped to its {@link ActionSpec}. It also describes its
 * scene for rendering ({@link SceneSource}) and exposes the task's {@link TaskOracle} ({@link
 * SimOracle}).
 *
 * <p>Deterministic: the same seed and actions give bit-identical trajectories; {@link #state()} and
 * {@link #restore} snapshot everything, and both flush Bullet's contact caches so a restored run
 * continues as the original did. A physics blow-up ends the episode with {@link
 * EndReason#PHYSICS_BLOWUP}; the next {@link #reset} starts clean.
 *
 * <p><b>Threading.</b> An environment belongs to the thread that created it, like the render
 * module's renderer: Libbulletjme's physics space calls back into Java on its creating thread, and
 * a camera's GL context is current only there. Every other thread gets an {@link
 * IllegalStateException} (create the environment on the thread that will step it).
 */
public final class SimEnvironment implements Environment, SceneSource {

  private static final int STATE_FORMAT = 1;

  private final TaskConfig config;
  private final SimSettings settings;
  private final Workcell cell;
  private final RobotScene robotScene; // the arm drawn from its model and joint positions
  private final Task task;
  private final EnvironmentSpec spec;
  private final ActionSpec actionSpec;
  private final int robotStateSize;
  private final int stateSize;
  private final boolean hasGripperAction;
  private final int[] armJoints;
  private final double[] qRest;
  private final double[] holdRot = new double[9];
  private final double[] qDesired;
  private final double[] velocityCommand;
  private final double[] eeTarget = new double[3];
  private final double[] targetRot = new double[9];
  private final double[] rotTmp = new double[9];
  private final double[] rotVec = new double[3];
  private final String fingerprint;
  private final SimOracle oracle;
  private final List<CameraConfig> cameras;
  private final FrameRenderer renderer;

  private final Thread owner = Thread.currentThread();
  private int stepCount;
  private boolean done = true;
  private boolean everReset;
  private long simTimeNanos;
  private double initialToGo = 1;
  private double lastGoalDistance;
  private Observation lastObservation;

  private SimEnvironment(TaskConfig config, Supplier<FrameRenderer> rendererFactory) {
    this.config = config;
    this.settings = config.sim();
    this.cell =
        new Workcell(settings.physicsRateHz(), settings.substeps(), settings.solverIterations());
    try {
      this.task = config.newTask(cell);
      this.hasGripperAction = task.hasGripperAction();
      this.armJoints = cell.armJoints();
      this.qRest = new double[cell.model().dof()];
      for (int c = 0; c < armJoints.length; c++) {
        qRest[armJoints[c]] = Workcell.NEUTRAL_ARM[c];
      }
      this.qDesired = new double[cell.model().dof()];
      this.velocityCommand = new double[cell.model().dof()];
      this.spec = describe(settings, cell, task);
      this.actionSpec = spec.action();
      this.robotStateSize = spec.robot().joints().size() + ROBOT_STATE_EXTRAS.size();
      this.stateSize = spec.stateSize();
      this.cameras = settings.cameras();
      this.fingerprint = spec.name() + "|" + new java.util.TreeMap<>(spec.parameters());
      this.oracle = new SimOracle(this, cell, task, settings, actionSpec, armJoints, qRest);
      this.robotScene = new RobotScene(cell.model(), Rot.identity(), Workcell.BASE);
      this.renderer = cameras.isEmpty() ? null : rendererFactory.get();
    } catch (RuntimeException e) {
      cell.close();
      throw e;
    }
  }

  /**
   * Creates the environment a config describes. Cameras, if any, are rendered offscreen by the
   * render module ({@link Cameras#offscreen()}).
   */
  public static SimEnvironment create(TaskConfig config) {
    return new SimEnvironment(config, Cameras::offscreen);
  }

  /** Creates the environment with a given renderer for its cameras (the environment closes it). */
  public static SimEnvironment create(TaskConfig config, Supplier<FrameRenderer> renderer) {
    return new SimEnvironment(config, renderer);
  }

  /** The end-effector and gripper values after the joint positions in {@code observation.state}. */
  private static final List<String> ROBOT_STATE_EXTRAS =
      List.of("ee.x", "ee.y", "ee.z", "ee.vx", "ee.vy", "ee.vz", "gripper.width");

  /**
   * The spec of the environments {@code config} creates, without creating one: the workcell and the
   * task are built (no renderer, no episode) and closed again ({@link TaskConfig#spec()}).
   */
  public static EnvironmentSpec describe(TaskConfig config) {
    SimSettings s = config.sim();
    try (Workcell cell = new Workcell(s.physicsRateHz(), s.substeps(), s.solverIterations())) {
      return describe(s, cell, config.newTask(cell));
    }
  }

  private static EnvironmentSpec describe(SimSettings settings, Workcell cell, Task task) {
    RobotSpec robot = cell.robotSpec();
    ActionSpec actionSpec = actionSpec(robot, settings, task.hasGripperAction());
    List<String> names = new ArrayList<>();
    for (JointSpec j : robot.joints()) {
      names.add(j.name() + ".pos");
    }
    names.addAll(ROBOT_STATE_EXTRAS);
    names.addAll(task.stateNames());
    List<FeatureSpec> features = new ArrayList<>();
    features.add(FeatureSpec.vector(FeatureSpec.STATE, names.size(), "m, rad, m/s", names));
    for (CameraConfig c : settings.cameras()) {
      features.add(FeatureSpec.image(c.name(), c.height(), c.width()));
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("task", task.name());
    params.put("physicsRateHz", Double.toString(settings.physicsRateHz()));
    params.put("substeps", Integer.toString(settings.substeps()));
    params.put("solverIterations", Integer.toString(settings.solverIterations()));
    params.put("rewardType", settings.rewardType().name());
    params.put(EnvironmentSpec.EE_STEP_METERS, Double.toString(settings.maxEeStepMeters()));
    params.put("rotationControl", Boolean.toString(settings.rotationControl()));
    params.put("robot", Workcell.ROBOT_RESOURCE);
    params.putAll(task.parameters());
    for (CameraConfig c : settings.cameras()) {
      params.put(EnvironmentSpec.cameraMountParameter(c.name()), c.mount());
    }
    return new EnvironmentSpec(
        "sim/" + task.name(),
        robot,
        features,
        actionSpec,
        settings.controlRateHz(),
        settings.maxEpisodeSteps(),
        params);
  }

  private static ActionSpec actionSpec(RobotSpec robot, SimSettings s, boolean gripper) {
    List<String> names = new ArrayList<>();
    List<double[]> bounds = new ArrayList<>();
    switch (s.actionMode()) {
      case EE_DELTA -> {
        for (String n : List.of("ee.dx", "ee.dy", "ee.dz")) {
          names.add(n);
          bounds.add(new double[] {-1, 1});
        }
        if (s.rotationControl()) {
          for (String n : List.of("ee.drx", "ee.dry", "ee.drz")) {
            names.add(n);
            bounds.add(new double[] {-1, 1});
          }
        }
      }
      case JOINT_POSITION -> {
        for (JointSpec j : robot.joints()) {
          names.add(j.name() + ".pos");
          bounds.add(new double[] {j.lowerPosition(), j.upperPosition()});
        }
      }
      case JOINT_VELOCITY -> {
        for (JointSpec j : robot.joints()) {
          names.add(j.name() + ".vel");
          bounds.add(new double[] {-j.maxVelocity(), j.maxVelocity()});
        }
      }
    }
    if (gripper) {
      names.add("gripper");
      bounds.add(new double[] {-1, 1});
    }
    // actions are floats: bounds are rounded inwards to floats, so a clipped action is within them
    double[] low = new double[names.size()];
    double[] high = new double[names.size()];
    for (int i = 0; i < low.length; i++) {
      float lo = (float) bounds.get(i)[0];
      float hi = (float) bounds.get(i)[1];
      low[i] = lo < bounds.get(i)[0] ? Math.nextUp(lo) : lo;
      high[i] = hi > bounds.get(i)[1] ? Math.nextDown(hi) : hi;
    }
    return new ActionSpec(s.actionMode(), names, low, high);
  }

  // ---------------------------------------------------------------- Environment

  @Override
  public EnvironmentSpec spec() {
    return spec;
  }

  public TaskConfig config() {
    return config;
  }

  @Override
  public Observation reset(long seed) {
    checkThread("reset");
    SplittableRandom rng = new SplittableRandom(seed);
    cell.placeArm(Workcell.NEUTRAL_ARM, task.initialFinger());
    System.arraycopy(cell.eeRotation(), 0, holdRot, 0, 9);
    cell.controller().setFingerCommand(task.initialFinger());
    task.reset(rng);
    cell.world().flushContacts();
    String blowup = null;
    if (task.settleSteps() > 0) {
      blowup = cell.settle(task.settleSteps());
      cell.world().flushContacts();
    }
    cell.refresh();
    stepCount = 0;
    simTimeNanos = 0;
    everReset = true;
    done = blowup != null;
    initialToGo = Math.max(1e-6, SimOracle.toGo(task.plan(), cell.eePosition()));
    lastGoalDistance = task.goalDistance();
    lastObservation = observe();
    return lastObservation;
  }

  @Override
  public Transition step(Action action) {
    checkThread("step");
    float[] a = actionSpec.clip(action.values());
    if (!everReset) {
      throw new IllegalStateException(spec.name() + ": call reset(seed) before step");
    }
    if (done) {
      throw new IllegalStateException(
          spec.name() + ": the episode has ended; call reset(seed) before stepping again");
    }
    Action applied = new Action(a);
    applyAction(a);
    String blowup = cell.runControlStep();
    stepCount++;
    simTimeNanos += Math.round(cell.controlPeriodSeconds() * 1e9);
    if (blowup != null) {
      done = true;
      double reward = settings.rewardType() == RewardType.SPARSE ? -1 : -lastGoalDistance;
      return new Transition(
          applied,
          lastObservation,
          reward,
          false,
          true,
          false,
          Optional.of(EndReason.PHYSICS_BLOWUP),
          "physics blow-up at step " + stepCount + ": " + blowup);
    }
    lastObservation = observe();
    double distance = task.goalDistance();
    lastGoalDistance = distance;
    boolean success = distance <= task.successDistance();
    double reward = settings.rewardType() == RewardType.SPARSE ? (success ? 0 : -1) : -distance;
    Optional<String> failure = success ? Optional.empty() : task.failure();
    boolean terminated = success || failure.isPresent();
    boolean truncated = !terminated && stepCount >= settings.maxEpisodeSteps();
    Optional<EndReason> reason = Optional.empty();
    String detail = "";
    if (success) {
      reason = Optional.of(EndReason.SUCCESS);
    } else if (failure.isPresent()) {
      reason = Optional.of(EndReason.TERMINATED);
      detail = failure.get();
    } else if (truncated) {
      reason = Optional.of(EndReason.TIME_LIMIT);
      detail = "time limit of " + settings.maxEpisodeSteps() + " steps";
    }
    done = terminated || truncated;
    return new Transition(
        applied, lastObservation, reward, terminated, truncated, success, reason, detail);
  }

  private void applyAction(float[] a) {
    int n = armJoints.length;
    int gripperIndex = -1;
    switch (settings.actionMode()) {
      case EE_DELTA -> {
        eeTargetFor(a, eeTarget, targetRot);
        cell.commandCartesian(eeTarget, targetRot);
        gripperIndex = settings.rotationControl() ? 6 : 3;
      }
      case JOINT_POSITION -> {
        System.arraycopy(cell.q(), 0, qDesired, 0, qDesired.length);
        for (int c = 0; c < n; c++) {
          qDesired[armJoints[c]] = a[c];
        }
        cell.commandPositions(qDesired);
        gripperIndex = n;
      }
      case JOINT_VELOCITY -> {
        for (int c = 0; c < n; c++) {
          velocityCommand[armJoints[c]] = a[c];
        }
        cell.commandVelocities(velocityCommand);
        gripperIndex = n;
      }
    }
    if (hasGripperAction) {
      double width = cell.fingerWidth() + a[gripperIndex] * ActionSpec.GRIPPER_STEP_METERS;
      cell.controller().setFingerCommand(width / 2);
    } else {
      cell.controller().setFingerCommand(task.fingerHold());
    }
  }

  /** End-effector target of an EE-delta action (clipped values) from the current state. */
  void eeTargetFor(float[] a, double[] target, double[] rot) {
    double[] ee = cell.eePosition();
    double step = settings.maxEeStepMeters();
    for (int i = 0; i < 3; i++) {
      target[i] = ee[i] + a[i] * step;
    }
    Workcell.clampToWorkspace(target);
    if (settings.rotationControl()) {
      double rx = a[3] * SimSettings.MAX_ROTATION_STEP_RAD;
      double ry = a[4] * SimSettings.MAX_ROTATION_STEP_RAD;
      double rz = a[5] * SimSettings.MAX_ROTATION_STEP_RAD;
      double angle = Math.sqrt(rx * rx + ry * ry + rz * rz);
      if (angle > 1e-12) {
        rotVec[0] = rx / angle;
        rotVec[1] = ry / angle;
        rotVec[2] = rz / angle;
        Rot.axisAngle(rotVec, angle, rotTmp);
        Rot.mul(rotTmp, cell.eeRotation(), rot);
      } else {
        System.arraycopy(cell.eeRotation(), 0, rot, 0, 9);
      }
    } else {
      System.arraycopy(holdRot, 0, rot, 0, 9);
    }
  }

  private Observation observe() {
    float[] s = new float[stateSize];
    double[] q = cell.q();
    int o = 0;
    for (int j : armJoints) {
      s[o++] = (float) q[j];
    }
    double[] ee = cell.eePosition();
    double[] v = cell.eeVelocity();
    s[o++] = (float) ee[0];
    s[o++] = (float) ee[1];
    s[o++] = (float) ee[2];
    s[o++] = (float) v[0];
    s[o++] = (float) v[1];
    s[o++] = (float) v[2];
    s[o++] = (float) cell.fingerWidth();
    task.writeState(s, robotStateSize);
    if (cameras.isEmpty()) {
      return new Observation(s, Map.of(), simTimeNanos);
    }
    SceneDescription scene = scene();
    Map<String, ImageFrame> images = new LinkedHashMap<>();
    for (CameraConfig c : cameras) {
      byte[] px = new byte[c.width() * c.height() * 3];
      renderer.render(scene, cameraSpec(c), px);
      images.put(c.name(), new ImageFrame(c.height(), c.width(), 3, px));
    }
    return new Observation(s, images, simTimeNanos);
  }

  /** The camera's pose now (hand-mounted cameras follow the end effector). */
  CameraSpec cameraSpec(CameraConfig c) {
    if (!c.handMounted()) {
      return new CameraSpec(
          c.name(), c.eye(), c.target(), c.up(), c.fovYDegrees(), c.width(), c.height(), 0.01, 10);
    }
    double[] r = cell.eeRotation();
    double[] p = cell.eePosition();
    double[] eye = new double[3];
    double[] target = new double[3];
    double[] up = new double[3];
    Rot.apply(r, c.eye(), eye);
    Rot.apply(r, c.target(), target);
    Rot.apply(r, c.up(), up);
    for (int i = 0; i < 3; i++) {
      eye[i] += p[i];
      target[i] += p[i];
    }
    return new CameraSpec(
        c.name(), eye, target, up, c.fovYDegrees(), c.width(), c.height(), 0.01, 10);
  }

  // ---------------------------------------------------------------- snapshots

  @Override
  public EnvState state() {
    checkThread("state");
    requireReset("state");
    cell.world().flushContacts();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(STATE_FORMAT);
      out.writeUTF(fingerprint);
      out.writeInt(stepCount);
      out.writeBoolean(done);
      out.writeLong(simTimeNanos);
      out.writeDouble(initialToGo);
      int dof = cell.model().dof();
      float[] q = new float[dof];
      float[] qd = new float[dof];
      cell.arm().readStateExact(q, qd);
      for (int i = 0; i < dof; i++) {
        out.writeFloat(q[i]);
        out.writeFloat(qd[i]);
      }
      var ctl = cell.controller();
      for (int i = 0; i < dof; i++) {
        out.writeDouble(ctl.positionTargets()[i]);
        out.writeDouble(ctl.velocityTargets()[i]);
      }
      out.writeDouble(ctl.fingerTarget());
      out.writeDouble(ctl.fingerCommand());
      for (double d : holdRot) {
        out.writeDouble(d);
      }
      float[] snap = new float[RigidObject.SNAPSHOT_FLOATS];
      for (RigidObject o : cell.world().objects()) {
        o.snapshot(snap, 0);
        for (float f : snap) {
          out.writeFloat(f);
        }
      }
      task.writeEpisode(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new EnvState(spec.name(), bytes.toByteArray());
  }

  @Override
  public void restore(EnvState state) {
    checkThread("restore");
    if (!state.kind().equals(spec.name())) {
      throw new IllegalArgumentException(
          "cannot restore a state of '" + state.kind() + "' into '" + spec.name() + "'");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state.data()))) {
      int format = in.readInt();
      if (format != STATE_FORMAT) {
        throw new IllegalArgumentException(
            spec.name() + ": state format " + format + ", expected " + STATE_FORMAT);
      }
      String fp = in.readUTF();
      if (!fp.equals(fingerprint)) {
        throw new IllegalArgumentException(
            spec.name()
                + ": the state was made with other task parameters:\n  state: "
                + fp
                + "\n  this:  "
                + fingerprint);
      }
      int steps = in.readInt();
      boolean wasDone = in.readBoolean();
      long time = in.readLong();
      double toGo = in.readDouble();
      int dof = cell.model().dof();
      float[] q = new float[dof];
      float[] qd = new float[dof];
      for (int i = 0; i < dof; i++) {
        q[i] = in.readFloat();
        qd[i] = in.readFloat();
      }
      double[] qt = new double[dof];
      double[] qdt = new double[dof];
      for (int i = 0; i < dof; i++) {
        qt[i] = in.readDouble();
        qdt[i] = in.readDouble();
      }
      double fingerTarget = in.readDouble();
      double fingerCommand = in.readDouble();
      double[] hold = new double[9];
      for (int i = 0; i < 9; i++) {
        hold[i] = in.readDouble();
      }
      List<RigidObject> objects = cell.world().objects();
      float[][] snaps = new float[objects.size()][RigidObject.SNAPSHOT_FLOATS];
      for (float[] snap : snaps) {
        for (int i = 0; i < snap.length; i++) {
          snap[i] = in.readFloat();
        }
      }
      task.readEpisode(in);
      if (in.available() != 0) {
        throw new IllegalArgumentException(
            spec.name() + ": state has " + in.available() + " unexpected trailing bytes");
      }
      // everything read: apply
      cell.arm().setJointState(q, qd);
      var ctl = cell.controller();
      System.arraycopy(qt, 0, ctl.positionTargets(), 0, dof);
      System.arraycopy(qdt, 0, ctl.velocityTargets(), 0, dof);
      ctl.setFingerTarget(fingerTarget);
      ctl.setFingerCommand(fingerCommand);
      System.arraycopy(hold, 0, holdRot, 0, 9);
      for (int k = 0; k < objects.size(); k++) {
        objects.get(k).restore(snaps[k], 0);
      }
      cell.world().flushContacts();
      cell.refresh();
      stepCount = steps;
      done = wasDone;
      simTimeNanos = time;
      initialToGo = toGo;
      everReset = true;
      lastGoalDistance = task.goalDistance();
      lastObservation = observe();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          spec.name() + ": state data is truncated or corrupt (" + e + ")", e);
    }
  }

  /** The observation after the last reset, step or restore. */
  public Observation observation() {
    requireReset("observation");
    return lastObservation;
  }

  public int stepCount() {
    return stepCount;
  }

  /** True after an episode-ending transition (and before the first reset). */
  public boolean isDone() {
    return done;
  }

  private void checkThread(String what) {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          spec.name()
              + ": "
              + what
              + "() called on thread '"
              + Thread.currentThread().getName()
              + "', but this environment belongs to thread '"
              + owner.getName()
              + "' that created it; create each environment on the thread that steps it");
    }
  }

  void requireReset(String what) {
    if (!everReset) {
      throw new IllegalStateException(spec.name() + ": call reset(seed) before " + what + "()");
    }
  }

  /** The distance-to-go (m) at the start of the episode, at least 1 µm (see {@link SimOracle}). */
  double initialToGo() {
    return initialToGo;
  }

  @Override
  public Optional<TaskOracle> oracle() {
    return Optional.of(oracle);
  }

  @Override
  public void close() {
    checkThread("close");
    try {
      if (renderer != null) {
        renderer.close();
      }
    } finally {
      cell.close();
    }
  }

  // ---------------------------------------------------------------- scene

  @Override
  public SceneDescription scene() {
    List<SceneObject> objects = new ArrayList<>(robotScene.objects(cell.q()));
    double[] p = new double[3];
    double[] rot = new double[9];
    for (RigidObject o : cell.world().objects()) {
      if (o == cell.table()) {
        o.position(p);
        o.rotation(rot);
        objects.add(
            new SceneObject(
                "table",
                RobotScene.shapeOf(o.geometry()),
                RobotScene.pose(p, rot),
                new float[] {0.55f, 0.42f, 0.3f, 1f},
                false));
      }
    }
    objects.addAll(taskObjects());
    return new SceneDescription(objects);
  }

  /**
   * The task's objects, fixtures and goal markers with their world poses (the scene without the arm
   * and the table), as a motion-capture system would track them.
   */
  public List<SceneObject> taskObjects() {
    List<SceneObject> out = new ArrayList<>();
    task.addDrawables(out);
    return out;
  }

  /**
   * The current joint positions (arm joints, then the gripper's), as a real robot reports its joint
   * states; with {@link RobotScene} they draw the arm.
   */
  public double[] jointPositions() {
    return cell.q().clone();
  }

  /** The current joint velocities (rad/s, m/s), in the order of {@link #jointPositions()}. */
  public double[] jointVelocities() {
    return cell.qd().clone();
  }

  /** The robot's base link (the URDF's root); the base sits at {@link Workcell#BASE}. */
  public String baseLink() {
    return cell.model().urdf().rootLink();
  }

  /** The names of the joints of {@link #jointPositions()}, in that order. */
  /**
   * The names of the scene objects (URDF links) that arm or gripper joint {@code joint} moves
   * directly; empty for a joint the robot lacks.
   */
  public List<String> linksMovedBy(String joint) {
    return robotScene.linksMovedBy(joint);
  }

  public List<String> jointNames() {
    return cell.model().joints().stream().map(j -> j.name()).toList();
  }
}
