package dev.tandem.bridge;

import dev.tandem.bridge.dds.DdsParticipant;
import dev.tandem.core.data.Action;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.data.Observation;
import dev.tandem.core.env.EnvState;
import dev.tandem.core.env.Environment;
import dev.tandem.core.env.Transition;
import dev.tandem.core.scene.Pose;
import dev.tandem.core.scene.SceneDescription;
import dev.tandem.core.scene.SceneObject;
import dev.tandem.core.scene.SceneSource;
import dev.tandem.core.scene.Shape;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.ActionSpec.ActionMode;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.core.spec.JointSpec;
import dev.tandem.core.spec.RobotSpec;
import dev.tandem.model.DlsIk;
import dev.tandem.model.RobotKinematics;
import dev.tandem.model.RobotModel;
import dev.tandem.model.RobotScene;
import dev.tandem.model.urdf.UrdfLoader;
import dev.tandem.model.urdf.UrdfModel;
import geometry_msgs.msg.dds.TwistStamped;
import geometry_msgs.msg.dds.TwistStampedPubSubType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import sensor_msgs.msg.dds.JointStatePubSubType;
import std_msgs.msg.dds.Bool;
import std_msgs.msg.dds.BoolPubSubType;
import std_msgs.msg.dds.Float64MultiArray;
import std_msgs.msg.dds.Float64MultiArrayPubSubType;
import trajectory_msgs.msg.dds.JointTrajectory;
import trajectory_msgs.msg.dds.JointTrajectoryPoint;
import trajectory_msgs.msg.dds.JointTrajectoryPubSubType;

/**
 * A robot driven over ROS 2 as a core {@link Environment}: joint states in from {@code
 * /joint_states}, joint commands out to a ros2_control controller, one tick per {@link #step}.
 *
 * <p>Each tick: the latest accepted joint state is read; the action is turned into arm joint
 * position targets (an EE-delta action through the shared damped-least-squares IK, from the
 * measured posture, with the end-effector orientation held at its reset value); the targets pass
 * the {@link JointTargetLimiter} (step per tick, velocity and position limits, workspace box); the
 * command is published on the configured interface. The caller paces the ticks ({@code step} does
 * not sleep); the observation returned is the latest joint state received.
 *
 * <p>Frames: the observed tool position and velocity and the EE-delta actions are in the world
 * frame, the robot base placed in it by {@code baseInWorld} (by default the simulation's, so a
 * policy trained in sim sees the same coordinates); the workspace box is in the robot base frame.
 *
 * <p>The bridge holds the robot (commands the posture it had when the hold began) while the e-stop
 * is engaged or after the watchdog saw joint states older than {@code staleAfterSeconds}; motion
 * resumes only after {@link #resume()} (the operator's word), once the e-stop is released and the
 * states are fresh. No joint state for {@code deadAfterSeconds} ends the episode ({@link
 * EndReason#ABORTED}, detail "robot dead: ..."). Nothing in {@code step} throws for what the robot
 * or the network does: malformed, out-of-order and misnamed messages are counted and ignored.
 *
 * <p>A real robot cannot restore a snapshot: {@link #supportsRestore()} is false. Its {@link
 * #scene()} is the arm drawn from its latest joint states and each observed object as a small
 * sphere at its latest pose, for the operator's viewer.
 */
public final class Ros2Robot implements Environment, SceneSource {

  /** Why the bridge holds the robot, if it does. */
  public enum Hold {
    NONE,
    ESTOP,
    WATCHDOG,
    /** An object pose configured {@code onStale: HOLD} is stale; moves again once it is fresh. */
    STALE_INPUT
  }

  /** What the safety layer did since the environment was created. */
  public record SafetyStats(
      long positionLimited,
      long stepLimited,
      long workspaceRefused,
      long nonFiniteTargets,
      long nonFiniteActions,
      long actionsClipped,
      long malformedStates,
      long outOfOrderStates,
      long misnamedStates,
      long acceptedStates,
      long heldTicks,
      long watchdogTrips,
      long staleInputTicks,
      long ignoredInputs,
      long commandsPublished) {

    /** The counts accumulated since {@code earlier} was taken. */
    public SafetyStats since(SafetyStats earlier) {
      return new SafetyStats(
          positionLimited - earlier.positionLimited,
          stepLimited - earlier.stepLimited,
          workspaceRefused - earlier.workspaceRefused,
          nonFiniteTargets - earlier.nonFiniteTargets,
          nonFiniteActions - earlier.nonFiniteActions,
          actionsClipped - earlier.actionsClipped,
          malformedStates - earlier.malformedStates,
          outOfOrderStates - earlier.outOfOrderStates,
          misnamedStates - earlier.misnamedStates,
          acceptedStates - earlier.acceptedStates,
          heldTicks - earlier.heldTicks,
          watchdogTrips - earlier.watchdogTrips,
          staleInputTicks - earlier.staleInputTicks,
          ignoredInputs - earlier.ignoredInputs,
          commandsPublished - earlier.commandsPublished);
    }

    /**
     * One line naming every safety intervention counted (e.g. "safety: 3 step-limited, 12 held
     * ticks"), or "safety: none".
     */
    public String summary() {
      StringBuilder sb = new StringBuilder();
      long[] counts = counts();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] != 0) {
          sb.append(sb.length() == 0 ? "" : ", ")
              .append(counts[i])
              .append(' ')
              .append(NAMES.get(i));
        }
      }
      return "safety: " + (sb.length() == 0 ? "none" : sb);
    }

    /** The kinds of intervention, as {@link #summary()} and {@link #counts()} order them. */
    public static final List<String> NAMES =
        List.of(
            "position-limited",
            "step-limited",
            "workspace-refused",
            "non-finite targets",
            "non-finite actions",
            "actions clipped",
            "malformed states",
            "out-of-order states",
            "misnamed states",
            "held ticks",
            "watchdog trips",
            "stale-input ticks",
            "ignored inputs");

    /** The intervention counts in {@link #NAMES}' order. */
    public long[] counts() {
      return new long[] {
        positionLimited,
        stepLimited,
        workspaceRefused,
        nonFiniteTargets,
        nonFiniteActions,
        actionsClipped,
        malformedStates,
        outOfOrderStates,
        misnamedStates,
        heldTicks,
        watchdogTrips,
        staleInputTicks,
        ignoredInputs
      };
    }
  }

  private static final int IK_ITERATIONS = 20;

  /** Observed objects in the viewer: orange spheres. */
  private static final float[] OBJECT_RGBA = {0.95f, 0.55f, 0.1f, 1f};

  private final Ros2RobotConfig config;
  private final LongSupplier clock;
  private final RobotModel model;
  private final RobotSpec robot;
  private final EnvironmentSpec spec;
  private final ActionSpec actionSpec;
  private final int[] arm;
  private final int n;
  private final JointStateTracker states;
  private final JointTargetLimiter limiter;
  private final RobotKinematics kinematics;
  private final DlsIk ik;
  private final DdsParticipant dds;
  private final DdsParticipant.Writer<Float64MultiArray> forwardWriter;

  /** The gripper's forward_command_controller, or null when the gripper is not commanded. */
  private final DdsParticipant.Writer<Float64MultiArray> gripperWriter;

  private final Float64MultiArray gripperMsg = new Float64MultiArray();
  private final DdsParticipant.Writer<JointTrajectory> trajectoryWriter;
  private final DdsParticipant.Writer<TwistStamped> twistWriter;
  private final DdsParticipant.Writer<Bool> estopOut;
  private final Ros2PoseReader objects;
  private final Ros2ImageReader images;
  private final RobotScene drawing;
  private final AtomicBoolean estopIn = new AtomicBoolean();
  private final AtomicBoolean readyPending = new AtomicBoolean();
  private final AtomicLong estopMessages = new AtomicLong();

  private final double[] qModel;
  private final double[] qSolved;
  private final double[] target;
  private final double[] holdPosture;
  private final double[] holdRotation = new double[9];
  private final double[] eeTarget = new double[3];
  private final double[] clampScratch = new double[3];
  private final double[] baseRotation;
  private final Float64MultiArray forwardMsg = new Float64MultiArray();
  private final JointTrajectory trajectoryMsg = new JointTrajectory();
  private final TwistStamped twistMsg = new TwistStamped();
  private final double[] twist = new double[3];
  private final Bool estopMsg = new Bool();

  private volatile Hold hold = Hold.NONE;
  private volatile boolean resumeRequested;
  private boolean holdPostureTaken;
  private boolean everReset;
  private boolean done = true;
  private int stepCount;
  private SafetyStats atEpisodeStart;
  private final SafetyByStep byStep = new SafetyByStep(SafetyStats.NAMES);
  private long nonFiniteActions;
  private long actionsClipped;
  private long heldTicks;
  private long watchdogTrips;
  private long staleInputTicks;
  private boolean objectHoldTaken;
  private long published;

  /** What a robot of {@code config} is, known without connecting to it. */
  record Description(
      RobotModel model, RobotSpec robot, ActionSpec actionSpec, EnvironmentSpec spec) {}

  /** The model, limits and environment spec of {@code config}'s robot (no DDS). */
  static Description describe(Ros2RobotConfig config) {
    UrdfModel urdf =
        config.urdf().startsWith("classpath:")
            ? UrdfLoader.loadResource(config.urdf().substring("classpath:".length()))
            : UrdfLoader.load(Path.of(config.urdf()));
    RobotModel model = RobotModel.of(urdf, config.endEffectorLink(), config.gripperJoints());
    BridgeSafetyConfig safety = config.safety();
    RobotSpec robot =
        model.robotSpec(
            new RobotSpec.CartesianLimits(
                config.maxEeStepMeters() * config.controlRateHz(),
                safety.workspaceMin(),
                safety.workspaceMax()));
    ActionSpec actionSpec =
        actionSpec(robot, config.actionMode(), config.gripperController() != null);
    Map<String, String> params = new LinkedHashMap<>();
    List<String> stateNames = new ArrayList<>();
    for (JointSpec j : robot.joints()) {
      stateNames.add(j.name() + ".pos");
    }
    stateNames.addAll(List.of("ee.x", "ee.y", "ee.z", "ee.vx", "ee.vy", "ee.vz", "gripper.width"));
    for (ObjectPoseConfig o : config.objects()) {
      stateNames.addAll(o.part().names(o.name()));
      params.put("objects." + o.name(), o.topic() + " " + o.part());
    }
    for (PoseDifference diff : config.differences()) {
      stateNames.addAll(ObjectPoseConfig.Part.POSITION.names(diff.name()));
      params.put("differences." + diff.name(), diff.to() + " - " + diff.from());
    }
    params.put("urdf", config.urdf());
    params.put("controller", config.controller());
    params.put("commandInterface", config.commandInterface().name());
    if (config.gripperController() != null) {
      params.put("gripperController", config.gripperController());
    }
    params.put("jointStatesTopic", config.jointStatesTopic());
    params.put("maxEeStepMeters", Double.toString(config.maxEeStepMeters()));
    params.put("maxJointStepRad", Double.toString(safety.maxJointStepRad()));
    params.put("baseInWorld.position", Arrays.toString(config.baseInWorld().position()));
    params.put("baseInWorld.rpyRad", Arrays.toString(config.baseInWorld().rpyRad()));
    EnvironmentSpec spec =
        new EnvironmentSpec(
            "ros2/" + config.name(),
            robot,
            features(stateNames, config.cameras()),
            actionSpec,
            config.controlRateHz(),
            config.maxEpisodeSteps(),
            params);
    return new Description(model, robot, actionSpec, spec);
  }

  private static List<FeatureSpec> features(
      List<String> stateNames, List<CameraTopicConfig> cameras) {
    List<FeatureSpec> f = new ArrayList<>();
    f.add(FeatureSpec.vector(FeatureSpec.STATE, stateNames.size(), "m, rad, m/s", stateNames));
    for (CameraTopicConfig c : cameras) {
      f.add(FeatureSpec.image(c.name(), c.height(), c.width()));
    }
    return f;
  }

  private Ros2Robot(Ros2RobotConfig config, LongSupplier clock) {
    this.config = config;
    this.clock = clock;
    Description d = describe(config);
    this.model = d.model();
    this.robot = d.robot();
    this.arm = model.armJoints();
    this.n = arm.length;
    this.actionSpec = d.actionSpec();
    this.spec = d.spec();
    BridgeSafetyConfig safety = config.safety();
    List<String> modelJoints = new ArrayList<>();
    model.joints().forEach(j -> modelJoints.add(j.name()));
    List<String> armNames = robot.joints().stream().map(JointSpec::name).toList();
    this.states = new JointStateTracker(modelJoints, armNames, clock);
    this.baseRotation = config.baseInWorld().rotation();
    double[] basePosition = config.baseInWorld().position();
    this.kinematics = new RobotKinematics(model);
    kinematics.setBasePose(baseRotation, basePosition);
    this.ik = new DlsIk(model, 0.02, 0.3, 0.4);
    ik.setBasePose(baseRotation, basePosition);
    this.limiter =
        new JointTargetLimiter(
            robot.joints(),
            arm,
            new RobotKinematics(model),
            safety.maxJointStepRad(),
            config.periodSeconds(),
            safety.workspaceMin(),
            safety.workspaceMax());
    this.drawing = new RobotScene(model, baseRotation, basePosition);
    this.qModel = new double[model.dof()];
    this.qSolved = new double[model.dof()];
    this.target = new double[n];
    this.holdPosture = new double[n];
    this.dds =
        new DdsParticipant(
            "tandem_" + config.name(),
            config.domainId(),
            config.interfaceAddress(),
            config.participantLeaseSeconds());
    try {
      DdsParticipant.Qos qos = config.qos();
      dds.reader(new JointStatePubSubType(), config.jointStatesTopic(), qos, states::accept);
      dds.reader(new BoolPubSubType(), safety.estopInTopic(), qos, this::onEstop);
      dds.reader(new BoolPubSubType(), config.readyTopic(), qos, this::onReady);
      String commandTopic = config.commandInterface().topic(config.controller());
      CommandInterface ci = config.commandInterface();
      this.trajectoryWriter =
          ci == CommandInterface.TRAJECTORY
              ? dds.writer(new JointTrajectoryPubSubType(), commandTopic, qos)
              : null;
      this.twistWriter =
          ci == CommandInterface.TWIST
              ? dds.writer(new TwistStampedPubSubType(), commandTopic, qos)
              : null;
      this.forwardWriter =
          trajectoryWriter == null && twistWriter == null
              ? dds.writer(new Float64MultiArrayPubSubType(), commandTopic, qos)
              : null;
      this.gripperWriter =
          config.gripperController() == null
              ? null
              : dds.writer(
                  new Float64MultiArrayPubSubType(),
                  CommandInterface.POSITION.topic(config.gripperController()),
                  qos);
      for (JointSpec j : robot.joints()) {
        trajectoryMsg.getJointNames().add(j.name());
      }
      twistMsg.getHeader().setFrameId(model.urdf().rootLink());
      this.estopOut = dds.writer(new BoolPubSubType(), safety.estopOutTopic(), qos);
      this.objects =
          new Ros2PoseReader(
              dds,
              model.urdf().rootLink(),
              config,
              config.objects().stream().map(ObjectPoseConfig::topic).toList());
      this.images = new Ros2ImageReader(dds, config.cameras());
    } catch (RuntimeException e) {
      dds.close();
      throw e;
    }
  }

  /** The robot a config describes; joins the ROS 2 domain now, waits for the robot on reset. */
  public static Ros2Robot create(Ros2RobotConfig config) {
    return new Ros2Robot(config, System::nanoTime);
  }

  private static ActionSpec actionSpec(RobotSpec robot, ActionMode mode, boolean gripper) {
    List<String> names = new ArrayList<>();
    List<Double> low = new ArrayList<>();
    List<Double> high = new ArrayList<>();
    switch (mode) {
      case EE_DELTA -> {
        for (String s : List.of("ee.dx", "ee.dy", "ee.dz")) {
          names.add(s);
          low.add(-1.0);
          high.add(1.0);
        }
      }
      case JOINT_POSITION -> {
        for (JointSpec j : robot.joints()) {
          names.add(j.name() + ".pos");
          low.add((double) Math.nextUp((float) j.lowerPosition()));
          high.add((double) Math.nextDown((float) j.upperPosition()));
        }
      }
      case JOINT_VELOCITY -> {
        for (JointSpec j : robot.joints()) {
          names.add(j.name() + ".vel");
          low.add((double) Math.nextUp((float) -j.maxVelocity()));
          high.add((double) Math.nextDown((float) j.maxVelocity()));
        }
      }
    }
    if (gripper) {
      names.add("gripper");
      low.add(-1.0);
      high.add(1.0);
    }
    return new ActionSpec(
        mode,
        names,
        low.stream().mapToDouble(Double::doubleValue).toArray(),
        high.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private void onReady(Bool msg) {
    if (msg.getData()) {
      readyPending.set(true);
    }
  }

  /**
   * Whether a {@code true} arrived on the ready topic since the last call (the operator's "the
   * scene is reset"); the call consumes it. A session calls it once before asking, to drop a word
   * that came during the episode.
   */
  public boolean takeReady() {
    return readyPending.getAndSet(false);
  }

  public String readyTopic() {
    return config.readyTopic();
  }

  private void onEstop(Bool msg) {
    estopMessages.incrementAndGet();
    estopIn.set(msg.getData());
    if (msg.getData()) {
      hold = Hold.ESTOP;
      resumeRequested = false;
      estopMsg.setData(true);
      synchronized (estopMsg) {
        estopOut.write(estopMsg);
      }
    }
  }

  // ---------------------------------------------------------------- operator

  /**
   * The operator's word to move again after an e-stop or a watchdog hold. It takes effect on the
   * next tick if the e-stop input is released and joint states are fresh; otherwise the robot keeps
   * holding and the request is dropped.
   */
  public void resume() {
    resumeRequested = true;
  }

  /**
   * Engages the e-stop from Tandem's side (a viewer key): the robot holds until {@link #resume}.
   */
  public void estop() {
    hold = Hold.ESTOP;
    resumeRequested = false;
  }

  public Hold hold() {
    return hold;
  }

  public SafetyStats safetyStats() {
    JointTargetLimiter.Counts c = limiter.counts();
    return new SafetyStats(
        c.positionLimited(),
        c.stepLimited(),
        c.workspaceRefused(),
        c.nonFinite(),
        nonFiniteActions,
        actionsClipped,
        states.malformed(),
        states.outOfOrder(),
        states.wrongNames(),
        states.accepted(),
        heldTicks,
        watchdogTrips,
        staleInputTicks,
        objects.ignored() + objects.outOfOrder() + images.ignored(),
        published);
  }

  /**
   * For a control loop driven by the robot's joint states rather than a timer: waits for a joint
   * state that arrived after {@code afterNanos} ({@link System#nanoTime()}; an observation's
   * timestamp is its state's arrival) and returns it as an observation, or null when {@code
   * timeoutNanos} passed first. The next {@link #step} acts on that state or a newer one. Call it
   * from the thread that steps.
   */
  public Observation awaitObservation(long afterNanos, long timeoutNanos) {
    JointStateTracker.Sample s = states.await(afterNanos, timeoutNanos);
    return s == null ? null : observe(s);
  }

  // ---------------------------------------------------------------- Environment

  @Override
  public EnvironmentSpec spec() {
    return spec;
  }

  /**
   * Waits (up to {@code connectTimeoutSeconds}) for a fresh joint state that names the robot's
   * joints and for the controller's command subscription, then starts an episode holding the
   * current posture. The seed is unused: a real robot is reset by a person.
   *
   * @throws IllegalStateException naming what did not arrive: no joint states, joint states with
   *     wrong names (naming them), or no subscriber on the command topic
   */
  @Override
  public Observation reset(long seed) {
    long timeout = Math.round(config.connectTimeoutSeconds() * 1e9);
    long start = clock.getAsLong();
    JointStateTracker.Sample s;
    while (true) {
      s = states.latest();
      long now = clock.getAsLong();
      if (s != null && now - s.arrivalNanos() < staleNanos() && states.refusal() == null) {
        break;
      }
      if (now - start > timeout) {
        String why = states.refusal();
        throw new IllegalStateException(
            spec.name()
                + ": "
                + (why != null
                    ? why
                    : "no joint states on "
                        + config.jointStatesTopic()
                        + " within "
                        + config.connectTimeoutSeconds()
                        + " s (domain "
                        + config.domainId()
                        + ", interface "
                        + config.interfaceAddress()
                        + ")"));
      }
      sleepMillis(5);
    }
    DdsParticipant.Writer<?> w =
        forwardWriter != null
            ? forwardWriter
            : trajectoryWriter != null ? trajectoryWriter : twistWriter;
    while (w.matchedReaders() == 0) {
      if (clock.getAsLong() - start > timeout) {
        throw new IllegalStateException(
            spec.name()
                + ": no controller subscribes to "
                + config.commandInterface().topic(config.controller())
                + " within "
                + config.connectTimeoutSeconds()
                + " s; is the controller loaded and active?");
      }
      sleepMillis(5);
    }
    awaitObjects(start, timeout);
    s = states.latest();
    fillModel(s.positions());
    kinematics.forward(qModel);
    System.arraycopy(kinematics.eeRotation(), 0, holdRotation, 0, 9);
    for (int c = 0; c < n; c++) {
      holdPosture[c] = s.positions()[arm[c]];
    }
    limiter.reset(holdPosture);
    objectHoldTaken = false;
    stepCount = 0;
    atEpisodeStart = safetyStats();
    byStep.reset(atEpisodeStart.counts());
    everReset = true;
    done = false;
    return observe(s);
  }

  /** Waits for a fresh pose of every configured object; throws naming the ones missing. */
  private void awaitObjects(long start, long timeout) {
    while (true) {
      List<String> missing = new ArrayList<>();
      long now = clock.getAsLong();
      for (ObjectPoseConfig o : config.objects()) {
        Ros2PoseReader.Sample p = objects.sample(o.topic());
        if (p == null || now - p.arrivalNanos() > seconds(o.staleAfterSeconds())) {
          missing.add(o.name() + " (" + o.topic() + ")");
        }
      }
      for (CameraTopicConfig c : config.cameras()) {
        Ros2ImageReader.Frame f = images.latest(c.name());
        if (f == null || now - f.arrivalNanos() > seconds(c.staleAfterSeconds())) {
          String refused = images.refusal(c.name());
          missing.add(
              "camera "
                  + c.name()
                  + " ("
                  + c.topic()
                  + (refused == null ? "" : "; last image refused: " + refused)
                  + ")");
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      if (now - start > timeout) {
        throw new IllegalStateException(
            spec.name()
                + ": no fresh geometry_msgs/PoseStamped or sensor_msgs/Image for "
                + String.join(", ", missing)
                + " within "
                + config.connectTimeoutSeconds()
                + " s (frames: the robot's base link or "
                + Ros2PoseReader.WORLD_FRAME
                + "; images rgb8, bgr8 or mono8; ignored so far: "
                + (objects.ignored() + images.ignored())
                + ")");
      }
      sleepMillis(5);
    }
  }

  /**
   * The stale objects' names and ages ("goal 0.612 s"), those that hold the robot in {@code
   * holding}; empty when every pose is fresh.
   */
  private String staleInputs(long now, boolean[] holding) {
    StringBuilder sb = new StringBuilder();
    for (ObjectPoseConfig o : config.objects()) {
      Ros2PoseReader.Sample p = objects.sample(o.topic());
      long age = now - p.arrivalNanos();
      if (age > seconds(o.staleAfterSeconds())) {
        holding[0] |= o.onStale() == OnStale.HOLD;
        sb.append(sb.length() == 0 ? "" : ", ")
            .append(String.format(Locale.ROOT, "%s %.3f s", o.name(), age / 1e9));
      }
    }
    for (CameraTopicConfig c : config.cameras()) {
      Ros2ImageReader.Frame f = images.latest(c.name());
      long age = f == null ? Long.MAX_VALUE : now - f.arrivalNanos();
      if (age > seconds(c.staleAfterSeconds())) {
        holding[0] |= c.onStale() == OnStale.HOLD;
        String refused = images.refusal(c.name());
        sb.append(sb.length() == 0 ? "" : ", ")
            .append(
                f == null
                    ? "camera " + c.name() + " never seen"
                    : String.format(Locale.ROOT, "camera %s %.3f s", c.name(), age / 1e9))
            .append(refused == null ? "" : " (last image refused: " + refused + ")");
      }
    }
    return sb.toString();
  }

  private static long seconds(double s) {
    return Math.round(s * 1e9);
  }

  @Override
  public Transition step(Action action) {
    if (!everReset || done) {
      throw new IllegalStateException(
          spec.name() + ": call reset before step (and after an episode ended)");
    }
    stepCount++;
    long now = clock.getAsLong();
    JointStateTracker.Sample s = states.latest();
    long age = now - s.arrivalNanos();
    float[] applied = sanitize(action.values());
    if (age > Math.round(config.safety().deadAfterSeconds() * 1e9)) {
      done = true;
      System.arraycopy(limiter.previous(), 0, target, 0, n);
      publish(Hold.WATCHDOG);
      byStep.step(stepCount - 1, safetyStats().counts());
      return new Transition(
          new Action(applied),
          observe(s),
          0,
          false,
          true,
          false,
          Optional.of(EndReason.ABORTED),
          String.format(
                  Locale.ROOT,
                  "robot dead: no joint state for %.3f s (deadAfterSeconds %.3f)",
                  age / 1e9,
                  config.safety().deadAfterSeconds())
              + episodeSafety());
    }
    String detail = "";
    if (age > staleNanos() && hold != Hold.WATCHDOG) {
      watchdogTrips++;
      enterHold(Hold.WATCHDOG, s);
      detail = String.format(Locale.ROOT, "watchdog: joint state %.3f s old, holding", age / 1e9);
    }
    if (hold == Hold.ESTOP && !holdPostureTaken) {
      enterHold(Hold.ESTOP, s);
    }
    if (hold != Hold.NONE && resumeRequested) {
      resumeRequested = false;
      if (!estopIn.get() && age <= staleNanos()) {
        hold = Hold.NONE;
        holdPostureTaken = false;
        limiter.reset(measuredArm(s));
      }
    }
    boolean[] objectHold = {false};
    String stale =
        config.objects().isEmpty() && config.cameras().isEmpty()
            ? ""
            : staleInputs(now, objectHold);
    if (!stale.isEmpty()) {
      staleInputTicks++;
      detail =
          (detail.isEmpty() ? "" : detail + "; ")
              + "stale input: "
              + stale
              + (objectHold[0] ? ", holding" : ", last kept");
    }
    Hold current = hold;
    if (current == Hold.NONE && objectHold[0]) {
      if (!objectHoldTaken) {
        holdAt(measuredArm(s));
        objectHoldTaken = true;
      }
      current = Hold.STALE_INPUT;
    } else if (objectHoldTaken && current == Hold.NONE) {
      objectHoldTaken = false; // fresh again: move on from where the arm is
      limiter.reset(measuredArm(s));
    }
    if (current != Hold.NONE) {
      heldTicks++;
      System.arraycopy(holdPosture, 0, target, 0, n);
      publish(current);
      if (detail.isEmpty()) {
        detail = "holding (" + current.name().toLowerCase(Locale.ROOT) + "), waiting for resume";
      }
    } else if (config.commandInterface() == CommandInterface.TWIST) {
      twistFor(applied, s);
      publish(Hold.NONE);
      commandGripper(applied, s);
    } else {
      targetsFor(applied, s, target);
      String limited = limiter.limit(target);
      if (!limited.isEmpty()) {
        detail = "safety: " + limited;
      }
      publish(Hold.NONE);
      commandGripper(applied, s);
    }
    boolean truncated = stepCount >= config.maxEpisodeSteps();
    done = truncated;
    byStep.step(stepCount - 1, safetyStats().counts());
    return new Transition(
        new Action(applied),
        observe(s),
        0,
        false,
        truncated,
        false,
        truncated ? Optional.of(EndReason.TIME_LIMIT) : Optional.empty(),
        truncated
            ? (detail.isEmpty() ? "time limit of " + config.maxEpisodeSteps() + " steps" : detail)
                + episodeSafety()
            : detail);
  }

  /**
   * What the safety layer did this episode, appended to the detail of the transition that ends it:
   * the runtime records that detail as the episode's outcome.
   */
  private String episodeSafety() {
    String steps = byStep.summary();
    return "; this episode "
        + safetyStats().since(atEpisodeStart).summary()
        + (steps.isEmpty() ? "" : "; " + steps);
  }

  private void enterHold(Hold why, JointStateTracker.Sample s) {
    hold = why;
    resumeRequested = false;
    holdAt(measuredArm(s));
    holdPostureTaken = true;
  }

  private void holdAt(double[] posture) {
    System.arraycopy(posture, 0, holdPosture, 0, n);
    limiter.reset(holdPosture);
  }

  private double[] measuredArm(JointStateTracker.Sample s) {
    double[] q = new double[n];
    for (int c = 0; c < n; c++) {
      q[c] = s.positions()[arm[c]];
    }
    return q;
  }

  /** NaN and infinite action elements become 0 (no motion for deltas and velocities). */
  private float[] sanitize(float[] values) {
    if (values.length != actionSpec.dim()) {
      nonFiniteActions++;
      return new float[actionSpec.dim()];
    }
    boolean bad = false;
    float[] v = values.clone();
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        bad = true;
        v[i] =
            actionSpec.mode() == ActionMode.JOINT_POSITION && i < n
                ? (float) limiter.previous()[i]
                : 0f;
      }
    }
    if (bad) {
      nonFiniteActions++;
    }
    float[] clipped = actionSpec.clip(v);
    if (!java.util.Arrays.equals(clipped, v)) {
      actionsClipped++;
    }
    return clipped;
  }

  /**
   * The gripper's command for the action's last value, as the sim reads it: the finger width moves
   * by {@link ActionSpec#GRIPPER_STEP_METERS} per unit from the measured width, shared equally by
   * the fingers and kept within their URDF limits. Not sent while the robot is held: the gripper
   * stays as it was.
   */
  private void commandGripper(float[] a, JointStateTracker.Sample s) {
    if (gripperWriter == null) {
      return;
    }
    int[] fingers = model.gripperJoints();
    double width = 0;
    for (int g : fingers) {
      width += s.positions()[g];
    }
    double each = (width + a[a.length - 1] * ActionSpec.GRIPPER_STEP_METERS) / fingers.length;
    gripperMsg.getData().resetQuick();
    for (int g : fingers) {
      UrdfModel.Limit limit = model.joints().get(g).limit();
      gripperMsg.getData().add(Math.max(limit.lower(), Math.min(limit.upper(), each)));
    }
    gripperWriter.write(gripperMsg);
  }

  /** Arm joint position targets for a (clipped) action from the measured state. */
  private void targetsFor(float[] a, JointStateTracker.Sample s, double[] out) {
    double dt = config.periodSeconds();
    switch (config.actionMode()) {
      case JOINT_POSITION -> {
        for (int c = 0; c < n; c++) {
          out[c] = a[c];
        }
      }
      case JOINT_VELOCITY -> {
        for (int c = 0; c < n; c++) {
          out[c] = s.positions()[arm[c]] + a[c] * dt;
        }
      }
      case EE_DELTA -> {
        fillModel(s.positions());
        kinematics.forward(qModel);
        double[] ee = kinematics.eePosition();
        double[] lo = config.safety().workspaceMin();
        double[] hi = config.safety().workspaceMax();
        for (int k = 0; k < 3; k++) {
          eeTarget[k] = ee[k] + a[k] * config.maxEeStepMeters();
        }
        config
            .baseInWorld()
            .clampIntoBaseBox(baseRotation, eeTarget, lo, hi, clampScratch, eeTarget);
        ik.solve(qModel, eeTarget, holdRotation, null, 0, IK_ITERATIONS, qSolved);
        for (int c = 0; c < n; c++) {
          out[c] = qSolved[arm[c]];
        }
      }
    }
  }

  /**
   * The tool twist (m/s, robot base frame) that moves it by the EE-delta action in one period: the
   * target clamped into the workspace box, as for joint commands.
   */
  private void twistFor(float[] a, JointStateTracker.Sample s) {
    fillModel(s.positions());
    kinematics.forward(qModel);
    double[] ee = kinematics.eePosition();
    for (int k = 0; k < 3; k++) {
      eeTarget[k] = ee[k] + a[k] * config.maxEeStepMeters();
    }
    config
        .baseInWorld()
        .clampIntoBaseBox(
            baseRotation,
            eeTarget,
            config.safety().workspaceMin(),
            config.safety().workspaceMax(),
            clampScratch,
            eeTarget);
    double dt = config.periodSeconds();
    double dx = (eeTarget[0] - ee[0]) / dt;
    double dy = (eeTarget[1] - ee[1]) / dt;
    double dz = (eeTarget[2] - ee[2]) / dt;
    for (int k = 0; k < 3; k++) { // R^T v: the world-frame velocity in the base frame
      twist[k] = baseRotation[k] * dx + baseRotation[3 + k] * dy + baseRotation[6 + k] * dz;
    }
  }

  private void fillModel(double[] positions) {
    System.arraycopy(positions, 0, qModel, 0, qModel.length);
  }

  /** Publishes {@link #target} on the command interface and the hold flag on e-stop out. */
  private void publish(Hold why) {
    JointStateTracker.Sample s = states.latest();
    switch (config.commandInterface()) {
      case POSITION -> {
        forwardMsg.getData().resetQuick();
        for (int c = 0; c < n; c++) {
          forwardMsg.getData().add(target[c]);
        }
        forwardWriter.write(forwardMsg);
      }
      case VELOCITY -> {
        forwardMsg.getData().resetQuick();
        double dt = config.periodSeconds();
        for (int c = 0; c < n; c++) {
          double v = why != Hold.NONE ? 0 : (target[c] - s.positions()[arm[c]]) / dt;
          double max = robot.joints().get(c).maxVelocity();
          forwardMsg.getData().add(Math.max(-max, Math.min(max, v)));
        }
        forwardWriter.write(forwardMsg);
      }
      case TRAJECTORY -> {
        trajectoryMsg.getPoints().clear();
        JointTrajectoryPoint p = trajectoryMsg.getPoints().add();
        p.getPositions().resetQuick();
        for (int c = 0; c < n; c++) {
          p.getPositions().add(target[c]);
        }
        long ns = Math.round(config.periodSeconds() * 1e9);
        p.getTimeFromStart().setSec((int) (ns / 1_000_000_000L));
        p.getTimeFromStart().setNanosec(ns % 1_000_000_000L);
        trajectoryWriter.write(trajectoryMsg);
      }
      case TWIST -> {
        long now = System.currentTimeMillis();
        twistMsg.getHeader().getStamp().setSec((int) (now / 1000));
        twistMsg.getHeader().getStamp().setNanosec((now % 1000) * 1_000_000L);
        boolean held = why != Hold.NONE;
        twistMsg
            .getTwist()
            .getLinear()
            .set(held ? 0 : twist[0], held ? 0 : twist[1], held ? 0 : twist[2]);
        twistMsg.getTwist().getAngular().set(0, 0, 0);
        twistWriter.write(twistMsg);
      }
    }
    published++;
    synchronized (estopMsg) {
      estopMsg.setData(why != Hold.NONE);
      estopOut.write(estopMsg);
    }
  }

  private Observation observe(JointStateTracker.Sample s) {
    float[] state = new float[spec.stateSize()];
    fillModel(s.positions());
    kinematics.forward(qModel);
    int o = 0;
    for (int c = 0; c < n; c++) {
      state[o++] = (float) s.positions()[arm[c]];
    }
    double[] ee = kinematics.eePosition();
    for (int k = 0; k < 3; k++) {
      state[o++] = (float) ee[k];
    }
    double[] jac = new double[6 * n];
    kinematics.armJacobian(jac);
    for (int r = 0; r < 3; r++) {
      double v = 0;
      for (int c = 0; c < n; c++) {
        v += jac[r * n + c] * s.velocities()[arm[c]];
      }
      state[o++] = (float) v;
    }
    double width = 0;
    for (int g : model.gripperJoints()) {
      width += s.positions()[g];
    }
    state[o++] = (float) width;
    writeObjects(state, o, ee, clock.getAsLong());
    return new Observation(state, cameraImages(), s.arrivalNanos());
  }

  /**
   * The objects' parts and the differences after them, from the latest poses (a stale pose's
   * velocities read zero).
   */
  private void writeObjects(float[] state, int offset, double[] ee, long now) {
    int o = offset;
    for (ObjectPoseConfig c : config.objects()) {
      Ros2PoseReader.Sample p = objects.sample(c.topic());
      if (p == null) { // before reset has seen it: zeros
        o += c.part().size();
        continue;
      }
      Pose pose = p.pose();
      double[] values = {pose.x(), pose.y(), pose.z(), pose.qx(), pose.qy(), pose.qz(), pose.qw()};
      boolean fresh = now - p.arrivalNanos() <= seconds(c.staleAfterSeconds());
      for (int k = 0; k < c.part().size(); k++) {
        double v =
            k < 7
                ? values[k]
                : !fresh ? 0 : k < 10 ? p.linearVelocity()[k - 7] : p.angularVelocity()[k - 10];
        state[o++] = (float) v;
      }
    }
    for (PoseDifference d : config.differences()) {
      double[] from = positionOf(d.from(), ee);
      double[] to = positionOf(d.to(), ee);
      for (int k = 0; k < 3; k++) {
        state[o++] = (float) (to[k] - from[k]);
      }
    }
  }

  /** The cameras' latest frames (a camera not seen yet is left out). */
  private Map<String, ImageFrame> cameraImages() {
    if (config.cameras().isEmpty()) {
      return Map.of();
    }
    Map<String, ImageFrame> m = new LinkedHashMap<>();
    for (CameraTopicConfig c : config.cameras()) {
      Ros2ImageReader.Frame f = images.latest(c.name());
      if (f != null) {
        m.put(c.name(), f.image());
      }
    }
    return m;
  }

  private double[] positionOf(String name, double[] ee) {
    if (name.equals(ObjectPoseConfig.TOOL)) {
      return ee;
    }
    for (ObjectPoseConfig c : config.objects()) {
      if (c.name().equals(name)) {
        Ros2PoseReader.Sample p = objects.sample(c.topic());
        return p == null ? new double[3] : new double[] {p.pose().x(), p.pose().y(), p.pose().z()};
      }
    }
    throw new IllegalStateException("unknown object " + name); // the config checked the names
  }

  private long staleNanos() {
    return Math.round(config.safety().staleAfterSeconds() * 1e9);
  }

  private static void sleepMillis(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the robot", e);
    }
  }

  /**
   * The names of the {@link #scene()} objects (URDF links) that joint {@code joint} moves directly;
   * empty for a joint the URDF lacks.
   */
  public List<String> linksMovedBy(String joint) {
    return drawing.linksMovedBy(joint);
  }

  /** The arm at its latest joint state and the objects at their latest poses (world frame). */
  @Override
  public SceneDescription scene() {
    JointStateTracker.Sample s = states.latest();
    List<SceneObject> shapes =
        new ArrayList<>(s == null ? List.of() : drawing.objects(s.positions().clone()));
    for (ObjectPoseConfig o : config.objects()) {
      Ros2PoseReader.Sample p = objects.sample(o.topic());
      if (p != null) {
        shapes.add(new SceneObject(o.name(), new Shape.Sphere(0.02), p.pose(), OBJECT_RGBA, false));
      }
    }
    return new SceneDescription(shapes);
  }

  @Override
  public EnvState state() {
    throw new UnsupportedOperationException(spec.name() + ": a real robot cannot be snapshotted");
  }

  @Override
  public void restore(EnvState state) {
    throw new UnsupportedOperationException(spec.name() + ": a real robot cannot be restored");
  }

  @Override
  public boolean supportsRestore() {
    return false;
  }

  @Override
  public void close() {
    dds.close();
  }
}
