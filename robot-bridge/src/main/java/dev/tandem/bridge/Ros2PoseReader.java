package dev.tandem.bridge;

import dev.tandem.bridge.dds.DdsParticipant;
import dev.tandem.core.scene.Pose;
import geometry_msgs.msg.dds.PoseStamped;
import geometry_msgs.msg.dds.PoseStampedPubSubType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest {@code geometry_msgs/PoseStamped} of each of some topics, as a motion-capture system
 * or a tag tracker (or {@code tandem sim-robot}) publishes object poses. Messages with a non-finite
 * value are ignored. Poses are in whatever frame the publisher uses (its {@code frame_id}).
 */
public final class Ros2PoseReader implements AutoCloseable {

  private final DdsParticipant dds;
  private final Map<String, Pose> latest = new ConcurrentHashMap<>();

  /** Joins the domain and subscribes to each of {@code topics}. */
  public Ros2PoseReader(
      String name,
      int domainId,
      String interfaceAddress,
      double leaseSeconds,
      DdsParticipant.Qos qos,
      List<String> topics) {
    this.dds = new DdsParticipant(name, domainId, interfaceAddress, leaseSeconds);
    try {
      for (String t : topics) {
        dds.reader(new PoseStampedPubSubType(), t, qos, m -> accept(t, m));
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
        return;
      }
    }
    latest.put(topic, pose);
  }

  /** The latest pose received on {@code topic}, if any. */
  public Optional<Pose> latest(String topic) {
    return Optional.ofNullable(latest.get(topic));
  }

  @Override
  public void close() {
    dds.close();
  }
}
