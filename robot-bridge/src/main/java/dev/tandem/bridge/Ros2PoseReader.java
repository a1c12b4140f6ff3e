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
 * {@code baseInWorld}; one stamped {@value #WORLD_FRAME} is taken as it is; any other frame, or a
 * non-finite value, is ignored (counted by {@link #ignored()}).
 */
public final class Ros2PoseReader implements AutoCloseable {

  /** The frame id of poses already in the world frame. */
  public static final String WORLD_FRAME = "world";

  private final DdsParticipant dds;
  private final String baseLink;
  private final BasePose baseInWorld;
  private final Map<String, Pose> latest = new ConcurrentHashMap<>();
  private final AtomicLong ignored = new AtomicLong();

  /**
   * Joins {@code robot}'s domain (its interface, lease and QoS) and subscribes to each of {@code
   * topics}; poses in the robot's base link (its URDF's root) are placed by its {@code
   * baseInWorld}.
   */
  public Ros2PoseReader(String name, Ros2RobotConfig robot, List<String> topics) {
    this.baseLink = Ros2Robot.describe(robot).model().urdf().rootLink();
    this.baseInWorld = robot.baseInWorld();
    this.dds =
        new DdsParticipant(
            name, robot.domainId(), robot.interfaceAddress(), robot.participantLeaseSeconds());
    try {
      for (String t : topics) {
        dds.reader(new PoseStampedPubSubType(), t, robot.qos(), m -> accept(t, m));
      }
    } catch (RuntimeException e) {
      dds.close();
      throw e;
    }
  }

  private void accept(String topic, PoseStamped m) {
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
    if (baseLink.contentEquals(frame)) {
      latest.put(topic, baseInWorld.toWorld(pose));
    } else if (WORLD_FRAME.contentEquals(frame)) {
      latest.put(topic, pose);
    } else {
      ignored.incrementAndGet();
    }
  }

  /** The latest pose received on {@code topic}, in the world frame, if any. */
  public Optional<Pose> latest(String topic) {
    return Optional.ofNullable(latest.get(topic));
  }

  /** Messages ignored so far: a non-finite value, or a frame neither the base link nor world. */
  public long ignored() {
    return ignored.get();
  }

  @Override
  public void close() {
    dds.close();
  }
}
