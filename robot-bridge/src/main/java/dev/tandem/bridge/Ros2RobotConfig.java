package dev.tandem.bridge;

import dev.tandem.bridge.dds.DdsParticipant;
import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.env.EnvironmentConfig;
import dev.tandem.core.spec.ActionSpec.ActionMode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A robot driven over ROS 2 ({@code environment: {type: ros2, ...}}): its URDF, where its joint
 * states and commands travel, how actions are turned into commands, and the safety settings. Every
 * network setting has a loopback-only default; a deployer sets {@code interfaceAddress} to the
 * robot network's interface.
 *
 * @param name the robot's name in reports and datasets ({@code ros2/<name>})
 * @param urdf the robot description: a file path, or {@code classpath:/robots/panda.urdf}
 * @param endEffectorLink the URDF link end-effector actions move
 * @param gripperJoints URDF joints of the gripper (their states are accepted on /joint_states and
 *     observed as {@code gripper.width}, the sum of their positions)
 * @param domainId ROS_DOMAIN_ID (0-232)
 * @param interfaceAddress the only interface DDS uses (default 127.0.0.1)
 * @param participantLeaseSeconds DDS discovery lease: a peer silent this long is dropped
 * @param jointStatesTopic sensor_msgs/JointState in (default /joint_states)
 * @param controller the ros2_control controller's name (default /arm_controller)
 * @param commandInterface POSITION, VELOCITY (forward_command_controller), TRAJECTORY, or TWIST
 *     (moveit_servo's TwistStamped; {@code controller} is then the servo node)
 * @param qos reliability and history depth of every reader and writer (default ROS 2's: reliable,
 *     keep last 10)
 * @param actionMode EE_DELTA (what sim-trained policies output), JOINT_POSITION or JOINT_VELOCITY
 * @param controlRateHz ticks per second
 * @param maxEpisodeSteps ticks per episode
 * @param maxEeStepMeters end-effector move of an EE-delta action of 1 (m per tick)
 * @param connectTimeoutSeconds how long reset waits for the robot's joint states and controller
 * @param baseInWorld where the robot base sits in the world frame of the observation and of
 *     end-effector actions (default {@link BasePose#SIM_WORKCELL}, the simulation's, so a policy
 *     trained in sim reads and moves in the same coordinates)
 * @param safety the safety settings (the workspace box in the robot base frame)
 * @param objects objects whose {@code PoseStamped} poses are observed after the robot part, in this
 *     order (default none): a policy trained in sim reads them where the sim task put them
 * @param differences position differences observed after the objects (default none)
 * @param cameras cameras whose {@code sensor_msgs/Image} are observed as {@code
 *     observation.images.<name>} at the size the policy was trained on (default none)
 * @param gripperController the gripper's forward_command_controller (position interface over {@code
 *     gripperJoints}), or none (default: the gripper is observed, not commanded): the action gains
 *     the sim's last value {@code gripper} in [-1 close, 1 open], the finger width changing by
 *     {@link dev.tandem.core.spec.ActionSpec#GRIPPER_STEP_METERS} per unit and tick
 * @param readyTopic std_msgs/Bool in (default /tandem/ready): {@code true} is the operator's "the
 *     scene is reset" before an episode, as the ready key or {@code /ready} (a button node, or
 *     {@code ros2 topic pub --once /tandem/ready std_msgs/msg/Bool "{data: true}"})
 */
public record Ros2RobotConfig(
    String name,
    String urdf,
    String endEffectorLink,
    List<String> gripperJoints,
    Integer domainId,
    String interfaceAddress,
    Double participantLeaseSeconds,
    String jointStatesTopic,
    String controller,
    CommandInterface commandInterface,
    DdsParticipant.Qos qos,
    ActionMode actionMode,
    Double controlRateHz,
    Integer maxEpisodeSteps,
    Double maxEeStepMeters,
    Double connectTimeoutSeconds,
    BasePose baseInWorld,
    BridgeSafetyConfig safety,
    List<ObjectPoseConfig> objects,
    List<PoseDifference> differences,
    List<CameraTopicConfig> cameras,
    String gripperController,
    String readyTopic)
    implements EnvironmentConfig {

  public Ros2RobotConfig {
    ConfigChecks.required(name, "name");
    ConfigChecks.required(urdf, "urdf");
    ConfigChecks.required(endEffectorLink, "endEffectorLink");
    gripperJoints = List.copyOf(ConfigChecks.orDefault(gripperJoints, List.of()));
    domainId = ConfigChecks.orDefault(domainId, 0);
    ConfigChecks.intInRange(domainId, 0, 232, "domainId");
    interfaceAddress = ConfigChecks.orDefault(interfaceAddress, "127.0.0.1");
    participantLeaseSeconds = ConfigChecks.orDefault(participantLeaseSeconds, 10.0);
    ConfigChecks.inRange(participantLeaseSeconds, 0.5, 600, "participantLeaseSeconds");
    jointStatesTopic = ConfigChecks.orDefault(jointStatesTopic, "/joint_states");
    controller = ConfigChecks.orDefault(controller, "/arm_controller");
    commandInterface = ConfigChecks.orDefault(commandInterface, CommandInterface.POSITION);
    qos = ConfigChecks.orDefault(qos, DdsParticipant.Qos.rosDefault());
    actionMode = ConfigChecks.orDefault(actionMode, ActionMode.EE_DELTA);
    if (commandInterface == CommandInterface.TWIST && actionMode != ActionMode.EE_DELTA) {
      throw new IllegalArgumentException(
          "commandInterface: TWIST (moveit_servo) takes end-effector deltas, found actionMode "
              + actionMode
              + ", expected EE_DELTA");
    }
    controlRateHz = ConfigChecks.orDefault(controlRateHz, 25.0);
    ConfigChecks.inRange(controlRateHz, 1, 1000, "controlRateHz");
    maxEpisodeSteps = ConfigChecks.orDefault(maxEpisodeSteps, 1000);
    ConfigChecks.positive(maxEpisodeSteps, "maxEpisodeSteps");
    maxEeStepMeters = ConfigChecks.orDefault(maxEeStepMeters, 0.05);
    ConfigChecks.inRange(maxEeStepMeters, 1e-4, 0.1, "maxEeStepMeters");
    connectTimeoutSeconds = ConfigChecks.orDefault(connectTimeoutSeconds, 10.0);
    ConfigChecks.inRange(connectTimeoutSeconds, 0.1, 600, "connectTimeoutSeconds");
    baseInWorld = ConfigChecks.orDefault(baseInWorld, BasePose.SIM_WORKCELL);
    ConfigChecks.required(safety, "safety");
    objects = List.copyOf(ConfigChecks.orDefault(objects, List.of()));
    differences = List.copyOf(ConfigChecks.orDefault(differences, List.of()));
    checkObservedNames(objects, differences);
    cameras = List.copyOf(ConfigChecks.orDefault(cameras, List.of()));
    readyTopic = ConfigChecks.orDefault(readyTopic, "/tandem/ready");
    if (gripperController != null && gripperJoints.isEmpty()) {
      throw new IllegalArgumentException(
          "gripperController: found '"
              + gripperController
              + "' with no gripperJoints, expected gripperJoints naming the fingers it commands");
    }
    Set<String> cameraNames = new HashSet<>();
    for (CameraTopicConfig c : cameras) {
      if (!cameraNames.add(c.name())) {
        throw new IllegalArgumentException(
            "cameras: '" + c.name() + "' appears twice, expected each camera once");
      }
    }
  }

  private static void checkObservedNames(
      List<ObjectPoseConfig> objects, List<PoseDifference> differences) {
    Set<String> names = new HashSet<>();
    Set<String> topics = new HashSet<>();
    for (ObjectPoseConfig o : objects) {
      if (!names.add(o.name())) {
        throw new IllegalArgumentException(
            "objects: '" + o.name() + "' appears twice, expected each object once");
      }
      if (!topics.add(o.topic())) {
        throw new IllegalArgumentException(
            "objects." + o.name() + ".topic: " + o.topic() + " is another object's topic too");
      }
    }
    Set<String> known = new HashSet<>(names);
    known.add(ObjectPoseConfig.TOOL);
    for (PoseDifference d : differences) {
      for (String end : List.of(d.from(), d.to())) {
        if (!known.contains(end)) {
          throw new IllegalArgumentException(
              "differences."
                  + d.name()
                  + ": '"
                  + end
                  + "' is not an object, expected one of "
                  + new TreeSet<>(known));
        }
      }
      if (!names.add(d.name())) {
        throw new IllegalArgumentException(
            "differences: '" + d.name() + "' is already an object's or a difference's name");
      }
    }
  }

  @Override
  public String taskName() {
    return name;
  }

  /** The robot's spec from its URDF and these settings, without connecting to it. */
  @Override
  public dev.tandem.core.spec.EnvironmentSpec spec() {
    return Ros2Robot.describe(this).spec();
  }

  /** Joins the ROS 2 domain; {@link Ros2Robot#reset} then waits for the robot. */
  @Override
  public Ros2Robot create() {
    return Ros2Robot.create(this);
  }

  /** The control period (s). */
  public double periodSeconds() {
    return 1.0 / controlRateHz;
  }
}
