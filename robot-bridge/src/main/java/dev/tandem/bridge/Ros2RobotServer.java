package dev.tandem.bridge;

import dev.tandem.bridge.dds.DdsParticipant;
import dev.tandem.bridge.dds.LargeImageType;
import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.scene.Pose;
import geometry_msgs.msg.dds.PoseStamped;
import geometry_msgs.msg.dds.PoseStampedPubSubType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import sensor_msgs.msg.dds.Image;
import sensor_msgs.msg.dds.JointState;
import sensor_msgs.msg.dds.JointStatePubSubType;
import std_msgs.msg.dds.Float64MultiArray;
import std_msgs.msg.dds.Float64MultiArrayPubSubType;
import trajectory_msgs.msg.dds.JointTrajectory;
import trajectory_msgs.msg.dds.JointTrajectoryPoint;
import trajectory_msgs.msg.dds.JointTrajectoryPubSubType;

/**
 * The robot's side of ros2_control over DDS, for a robot that lives in Java (the simulation behind
 * {@code tandem sim-robot}): publishes {@code sensor_msgs/JointState} and tracked objects' {@code
 * geometry_msgs/PoseStamped} and cameras' {@code sensor_msgs/Image}, and receives one controller's
 * commands ({@code <controller>/commands} as {@code std_msgs/Float64MultiArray} on the position or
 * velocity interface, or {@code <controller>/joint_trajectory} as {@code
 * trajectory_msgs/JointTrajectory}). It is what {@link Ros2Robot} talks to, seen from the other
 * end; it knows nothing of the sim.
 *
 * <p>Commands arrive on the middleware's thread and are kept as the latest valid one; the owner's
 * loop reads it with {@link #latestCommand()} at its own rate. A command with the wrong number of
 * values, a non-finite value, or (trajectories) joint names that are not the commanded joints is
 * refused and counted, never applied.
 */
public final class Ros2RobotServer implements AutoCloseable {

  /**
   * Where the robot's topics are.
   *
   * @param name the DDS participant's name
   * @param domainId ROS_DOMAIN_ID
   * @param interfaceAddress the only interface DDS uses (127.0.0.1 for tests and sim-robot)
   * @param leaseSeconds discovery lease (a silent peer is dropped after it)
   * @param jointStatesTopic where joint states go (usually /joint_states)
   * @param controller the controller whose commands are taken (e.g. /arm_controller)
   * @param commandInterface which of its topics and what the values mean
   * @param objectTopicPrefix object {@code x}'s pose goes to {@code <prefix>/x}
   * @param frameId the frame of published poses (the robot's base link)
   * @param qos every reader's and writer's QoS
   * @param gripperController the gripper's position forward_command_controller, whose {@code
   *     <gripperController>/commands} are taken ({@link #latestGripperCommand()}), or null for none
   */
  public record Settings(
      String name,
      int domainId,
      String interfaceAddress,
      double leaseSeconds,
      String jointStatesTopic,
      String controller,
      CommandInterface commandInterface,
      String objectTopicPrefix,
      String frameId,
      DdsParticipant.Qos qos,
      String gripperController) {}

  /**
   * One accepted command: arm joint targets in the commanded joints' order (positions, or
   * velocities on {@link CommandInterface#VELOCITY}), and when it arrived ({@code clock} nanos).
   */
  public record Command(double[] values, long arrivalNanos) {}

  private final Settings settings;
  private final List<String> commandedJoints;
  private final LongSupplier clock;
  private final DdsParticipant dds;
  private final DdsParticipant.Writer<JointState> stateWriter;
  private final Map<String, DdsParticipant.Writer<PoseStamped>> poseWriters = new HashMap<>();
  private final AtomicReference<Command> latest = new AtomicReference<>();
  private final AtomicReference<Command> latestGripper = new AtomicReference<>();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final JointState stateMsg = new JointState();
  private final PoseStamped poseMsg = new PoseStamped();
  private final Map<String, DdsParticipant.Writer<Image>> imageWriters = new HashMap<>();
  private Image imageMsg;

  /**
   * Joins the domain and starts listening for commands.
   *
   * @param jointNames every joint published in joint states, in the order of the arrays given to
   *     {@link #publishJointStates}
   * @param commandedJoints the joints the controller commands, in command order (the arm)
   */
  public Ros2RobotServer(
      Settings settings,
      List<String> jointNames,
      List<String> commandedJoints,
      LongSupplier clock) {
    this.settings = settings;
    this.commandedJoints = List.copyOf(commandedJoints);
    this.clock = clock;
    this.dds =
        new DdsParticipant(
            settings.name(),
            settings.domainId(),
            settings.interfaceAddress(),
            settings.leaseSeconds());
    try {
      this.stateWriter =
          dds.writer(new JointStatePubSubType(), settings.jointStatesTopic(), settings.qos());
      String topic = settings.commandInterface().topic(settings.controller());
      if (settings.commandInterface() == CommandInterface.TRAJECTORY) {
        dds.reader(new JointTrajectoryPubSubType(), topic, settings.qos(), this::onTrajectory);
      } else {
        dds.reader(new Float64MultiArrayPubSubType(), topic, settings.qos(), this::onForward);
      }
      if (settings.gripperController() != null) {
        dds.reader(
            new Float64MultiArrayPubSubType(),
            CommandInterface.POSITION.topic(settings.gripperController()),
            settings.qos(),
            this::onGripper);
      }
    } catch (RuntimeException e) {
      dds.close();
      throw e;
    }
    for (String j : jointNames) {
      stateMsg.getName().add(j);
    }
  }

  private void onForward(Float64MultiArray msg) {
    int n = commandedJoints.size();
    if (msg.getData().size() != n) {
      refused.incrementAndGet();
      return;
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = msg.getData().get(i);
    }
    offer(v);
  }

  /** Finger position targets: any number of finite values (the owner matches them to fingers). */
  private void onGripper(Float64MultiArray msg) {
    double[] v = new double[msg.getData().size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = msg.getData().get(i);
    }
    for (double d : v) {
      if (!Double.isFinite(d)) {
        refused.incrementAndGet();
        return;
      }
    }
    if (v.length == 0) {
      refused.incrementAndGet();
      return;
    }
    latestGripper.set(new Command(v, clock.getAsLong()));
  }

  /** The trajectory's last point, its positions matched to the commanded joints by name. */
  private void onTrajectory(JointTrajectory msg) {
    int n = commandedJoints.size();
    if (msg.getPoints().isEmpty() || msg.getJointNames().size() != n) {
      refused.incrementAndGet();
      return;
    }
    JointTrajectoryPoint p = msg.getPoints().get(msg.getPoints().size() - 1);
    if (p.getPositions().size() != n) {
      refused.incrementAndGet();
      return;
    }
    double[] v = new double[n];
    boolean[] seen = new boolean[n];
    for (int k = 0; k < n; k++) {
      int c = commandedJoints.indexOf(msg.getJointNames().getString(k));
      if (c < 0 || seen[c]) {
        refused.incrementAndGet();
        return;
      }
      seen[c] = true;
      v[c] = p.getPositions().get(k);
    }
    offer(v);
  }

  private void offer(double[] v) {
    for (double d : v) {
      if (!Double.isFinite(d)) {
        refused.incrementAndGet();
        return;
      }
    }
    latest.set(new Command(v, clock.getAsLong()));
    accepted.incrementAndGet();
  }

  /** The latest accepted command, or null before the first. */
  public Command latestCommand() {
    return latest.get();
  }

  /** The latest gripper command (finger positions), or null before the first or without one. */
  public Command latestGripperCommand() {
    return latestGripper.get();
  }

  public long acceptedCommands() {
    return accepted.get();
  }

  public long refusedCommands() {
    return refused.get();
  }

  /**
   * Publishes one joint state stamped {@code stampNanos} (ROS time: nanoseconds since the epoch).
   * False when the middleware refused it.
   */
  public boolean publishJointStates(double[] positions, double[] velocities, long stampNanos) {
    stamp(stateMsg.getHeader(), stampNanos);
    stateMsg.getPosition().resetQuick();
    stateMsg.getVelocity().resetQuick();
    for (int i = 0; i < positions.length; i++) {
      stateMsg.getPosition().add(positions[i]);
      stateMsg.getVelocity().add(velocities[i]);
    }
    return stateWriter.write(stateMsg);
  }

  /** Publishes object {@code name}'s pose (in {@code frameId}) on {@code <prefix>/<name>}. */
  public boolean publishPose(String name, Pose pose, long stampNanos) {
    DdsParticipant.Writer<PoseStamped> w =
        poseWriters.computeIfAbsent(
            name,
            k -> dds.writer(new PoseStampedPubSubType(), objectTopic(settings, k), settings.qos()));
    stamp(poseMsg.getHeader(), stampNanos);
    poseMsg.getPose().getPosition().set(pose.x(), pose.y(), pose.z());
    poseMsg.getPose().getOrientation().set(pose.qx(), pose.qy(), pose.qz(), pose.qw());
    return w.write(poseMsg);
  }

  /**
   * Publishes a camera image on {@code topic}: rgb8 (3 channels) or mono8 (1), its frame the
   * camera's name. False when the middleware refused it.
   *
   * @throws IllegalArgumentException for another number of channels
   */
  public boolean publishImage(String topic, String camera, ImageFrame frame, long stampNanos) {
    String encoding =
        switch (frame.channels()) {
          case 3 -> "rgb8";
          case 1 -> "mono8";
          default ->
              throw new IllegalArgumentException(
                  "camera "
                      + camera
                      + ": "
                      + frame.channels()
                      + " channels, expected 3 (rgb) or 1");
        };
    DdsParticipant.Writer<Image> w =
        imageWriters.computeIfAbsent(
            topic, k -> dds.writer(new LargeImageType(), k, DdsParticipant.Qos.sensorData()));
    if (imageMsg == null) {
      imageMsg = LargeImageType.newImage();
    }
    stamp(imageMsg.getHeader(), stampNanos);
    imageMsg.getHeader().setFrameId(camera);
    imageMsg.setHeight(frame.height());
    imageMsg.setWidth(frame.width());
    imageMsg.setEncoding(encoding);
    imageMsg.setIsBigendian((byte) 0);
    imageMsg.setStep((long) frame.width() * frame.channels());
    imageMsg.getData().resetQuick();
    imageMsg.getData().add(frame.pixels());
    return w.write(imageMsg);
  }

  /** The topic object {@code name}'s pose is published on. */
  public static String objectTopic(Settings settings, String name) {
    String prefix = settings.objectTopicPrefix();
    return (prefix.endsWith("/") ? prefix : prefix + "/") + name;
  }

  private void stamp(std_msgs.msg.dds.Header h, long stampNanos) {
    h.getStamp().setSec((int) Math.floorDiv(stampNanos, 1_000_000_000L));
    h.getStamp().setNanosec(Math.floorMod(stampNanos, 1_000_000_000L));
    h.setFrameId(settings.frameId());
  }

  @Override
  public void close() {
    dds.close();
  }
}
