package dev.tandem.bridge;

import dev.tandem.bridge.dds.DdsParticipant;
import dev.tandem.core.scene.Pose;
import geometry_msgs.msg.dds.PoseStamped;
import geometry_msgs.msg.dds.PoseStampedPubSubType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The latest {@code geometry_msgs/PoseStamped} of each of some topics, as a motion-capture system
 * or a tag tracker (or {@code tandem sim-robot}) publishes object poses, in the world frame the
 * bridge's observation uses: a pose stamped in the robot's base link is placed in the world by
 * {@code baseInWorld}; one stamped {@value #WORLD_FRAME} is taken as it is; any other frame, a
 * non-finite value, is ignored (counted by {@link #ignored()}); a stamp not newer than the topic's
 * last one too (counted by {@link #outOfOrder()}). Velocities are finite differences of consecutive
 * poses over their stamps.
 */
public final class Ros2PoseReader implements AutoCloseable {

  /** The frame id of poses already in the world frame. */
  public static final String WORLD_FRAME = "world";

  /**
   * A topic's latest pose (world frame), its velocities (m/s and rad/s, world frame; zero until a
   * second pose arrived) and when it arrived ({@link System#nanoTime()}).
   */
  public record Sample(
      Pose pose,
      double[] linearVelocity,
      double[] angularVelocity,
      long stampNanos,
      long arrivalNanos) {}

  private final DdsParticipant dds;
  private final boolean ownsParticipant;
  private final String baseLink;
  private final BasePose baseInWorld;
  private final Map<String, Sample> latest = new ConcurrentHashMap<>();
  private final AtomicLong ignored = new AtomicLong();
  private final AtomicLong outOfOrder = new AtomicLong();

  /**
   * Joins {@code robot}'s domain (its interface, lease and QoS) and subscribes to each of {@code
   * topics}; poses in the robot's base link (its URDF's root) are placed by its {@code
   * baseInWorld}.
   */
  public Ros2PoseReader(String name, Ros2RobotConfig robot, List<String> topics) {
    this(
        new DdsParticipant(
            name, robot.domainId(), robot.interfaceAddress(), robot.participantLeaseSeconds()),
        true,
        Ros2Robot.describe(robot).model().urdf().rootLink(),
        robot,
        topics);
  }

  /** Subscribes on a participant someone else owns (the robot's); closing leaves it open. */
  Ros2PoseReader(DdsParticipant dds, String baseLink, Ros2RobotConfig robot, List<String> topics) {
    this(dds, false, baseLink, robot, topics);
  }

  private Ros2PoseReader(
      DdsParticipant dds,
      boolean owns,
      String baseLink,
      Ros2RobotConfig robot,
      List<String> topics) {
    this.dds = dds;
    this.ownsParticipant = owns;
    this.baseLink = baseLink;
    this.baseInWorld = robot.baseInWorld();
    try {
      for (String t : topics) {
        dds.reader(new PoseStampedPubSubType(), t, robot.qos(), m -> accept(t, m));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void accept(String topic, PoseStamped m) {
    long arrival = System.nanoTime();
    var p = m.getPose().getPosition();
    var q = m.getPose().getOrientation();
    Pose pose = new Pose(p.getX(), p.getY(), p.getZ(), q.getX(), q.getY(), q.getZ(), q.getS());
    double[] all = {pose.x(), pose.y(), pose.z(), pose.qx(), pose.qy(), pose.qz(), pose.qw()};
    for (double d : all) {
      if (!Double.isFinite(d)) {
        ignored.incrementAndGet();
        return;
      }
    }
    CharSequence frame = m.getHeader().getFrameId();
    Pose world;
    if (baseLink.contentEquals(frame)) {
      world = baseInWorld.toWorld(pose);
    } else if (WORLD_FRAME.contentEquals(frame)) {
      world = pose;
    } else {
      ignored.incrementAndGet();
      return;
    }
    long stamp =
        m.getHeader().getStamp().getSec() * 1_000_000_000L + m.getHeader().getStamp().getNanosec();
    Sample previous = latest.get(topic);
    if (previous != null && stamp <= previous.stampNanos()) {
      outOfOrder.incrementAndGet();
      return;
    }
    double[] v = new double[3];
    double[] w = new double[3];
    if (previous != null) {
      double dt = (stamp - previous.stampNanos()) / 1e9;
      Pose a = previous.pose();
      v[0] = (world.x() - a.x()) / dt;
      v[1] = (world.y() - a.y()) / dt;
      v[2] = (world.z() - a.z()) / dt;
      angularVelocity(a, world, dt, w);
    }
    latest.put(topic, new Sample(world, v, w, stamp, arrival));
  }

  /** The angular velocity (world frame) that turns {@code a} into {@code b} in {@code dt}. */
  static void angularVelocity(Pose a, Pose b, double dt, double[] out) {
    // dq = b * conj(a): the rotation from a to b, in the world frame
    double ax = -a.qx();
    double ay = -a.qy();
    double az = -a.qz();
    double aw = a.qw();
    double x = b.qw() * ax + b.qx() * aw + b.qy() * az - b.qz() * ay;
    double y = b.qw() * ay - b.qx() * az + b.qy() * aw + b.qz() * ax;
    double z = b.qw() * az + b.qx() * ay - b.qy() * ax + b.qz() * aw;
    double w = b.qw() * aw - b.qx() * ax - b.qy() * ay - b.qz() * az;
    if (w < 0) { // the short way round
      x = -x;
      y = -y;
      z = -z;
      w = -w;
    }
    double s = Math.sqrt(x * x + y * y + z * z);
    double angle = 2 * Math.atan2(s, w);
    double k = s < 1e-12 ? 2.0 / dt : angle / (s * dt);
    out[0] = x * k;
    out[1] = y * k;
    out[2] = z * k;
  }

  /** The latest pose received on {@code topic}, in the world frame, if any. */
  public Optional<Pose> latest(String topic) {
    Sample s = latest.get(topic);
    return s == null ? Optional.empty() : Optional.of(s.pose());
  }

  /** The latest sample of {@code topic}, or null before the first. */
  public Sample sample(String topic) {
    return latest.get(topic);
  }

  /** Messages ignored so far: a non-finite value, or a frame neither the base link nor world. */
  public long ignored() {
    return ignored.get();
  }

  /** Messages ignored because their stamp was not newer than the topic's last accepted one. */
  public long outOfOrder() {
    return outOfOrder.get();
  }

  @Override
  public void close() {
    if (ownsParticipant) {
      dds.close();
    }
  }
}
