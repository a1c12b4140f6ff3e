package dev.tandem.bridge;

import dev.tandem.bridge.dds.DdsParticipant;
import java.util.Objects;
import sensor_msgs.msg.dds.Joy;
import sensor_msgs.msg.dds.JoyPubSubType;

/**
 * A joystick over ROS 2: {@code sensor_msgs/Joy} (as the {@code joy} package's {@code joy_node}
 * publishes it, by default on {@code /joy}, repeating the latest state at 20 Hz) handed to a
 * listener as plain arrays, with its arrival time. The teleop device built on it lives in the
 * runtime, which sees both the bridge and teleop.
 */
public final class Ros2JoyReader implements AutoCloseable {

  /** What one Joy message carried: axes in [-1, 1], buttons 0/1, and when it arrived. */
  public interface Listener {
    void onJoy(float[] axes, boolean[] buttons, long arrivalNanos);
  }

  /** Where the joystick's messages travel. */
  public record Settings(
      String topic,
      int domainId,
      String interfaceAddress,
      double leaseSeconds,
      DdsParticipant.Qos qos) {
    public Settings {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(interfaceAddress, "interfaceAddress");
      Objects.requireNonNull(qos, "qos");
    }
  }

  private final DdsParticipant dds;

  /** Joins the domain and listens; messages arrive on the middleware's thread. */
  public Ros2JoyReader(String name, Settings settings, Listener listener) {
    this.dds =
        new DdsParticipant(
            name, settings.domainId(), settings.interfaceAddress(), settings.leaseSeconds());
    try {
      dds.reader(
          new JoyPubSubType(), settings.topic(), settings.qos(), (Joy m) -> accept(m, listener));
    } catch (RuntimeException e) {
      dds.close();
      throw e;
    }
  }

  private static void accept(Joy m, Listener listener) {
    long now = System.nanoTime();
    float[] axes = new float[m.getAxes().size()];
    for (int i = 0; i < axes.length; i++) {
      float v = m.getAxes().get(i);
      axes[i] = Float.isFinite(v) ? Math.max(-1f, Math.min(1f, v)) : 0f;
    }
    boolean[] buttons = new boolean[m.getButtons().size()];
    for (int i = 0; i < buttons.length; i++) {
      buttons[i] = m.getButtons().get(i) != 0;
    }
    listener.onJoy(axes, buttons, now);
  }

  @Override
  public void close() {
    dds.close();
  }
}
