package dev.tandem.runtime.live;

import dev.tandem.bridge.Ros2JoyReader;
import dev.tandem.bridge.dds.DdsParticipant;
import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.teleop.TeleopDevice;
import dev.tandem.teleop.device.ControllerState;
import dev.tandem.teleop.device.DeviceInputs;
import dev.tandem.teleop.device.EeDeltaLayout;
import dev.tandem.teleop.device.LatestState;
import dev.tandem.teleop.device.MappedDevice;
import dev.tandem.teleop.device.TeleopDeviceConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A joystick over ROS 2 as an operator device ({@code type: joy}): {@code sensor_msgs/Joy} from the
 * {@code joy} package's node (which repeats its state at 20 Hz, so a still stick does not read as
 * lost), axes and buttons by index. Button and axis numbers depend on the driver and the pad: the
 * defaults are joy_linux's for an Xbox pad (left stick axes 0 and 1, right stick vertical 4; A 0, Y
 * 3, left bumper 4) — check yours with {@code ros2 topic echo /joy}.
 *
 * @param topic where the Joy messages arrive (default /joy)
 * @param domainId ROS_DOMAIN_ID (default 0)
 * @param interfaceAddress the only interface DDS uses (default 127.0.0.1)
 * @param deadmanButton the button held to drive (default 4)
 * @param axes motion axis (dx, dy, dz, droll, dpitch, dyaw) to a Joy axis (default dx: 1, dy: 0,
 *     dz: 4)
 * @param gripperOpenButton opens the gripper (default 3); the command stays until changed
 * @param gripperCloseButton closes it (default 0)
 * @param deadzone stick travel (0..0.9) that reads as 0
 * @param scale action units at full travel (1 = the per-step limit)
 * @param staleAfterSeconds no message for this long reads as a lost device (default 0.5)
 */
public record JoyConfig(
    String topic,
    Integer domainId,
    String interfaceAddress,
    Integer deadmanButton,
    Map<String, Axis> axes,
    Integer gripperOpenButton,
    Integer gripperCloseButton,
    Double deadzone,
    Double scale,
    Double staleAfterSeconds)
    implements TeleopDeviceConfig {

  /** A Joy axis by index; {@code invert} flips its sign. */
  public record Axis(Integer axis, Boolean invert) {
    public Axis {
      ConfigChecks.required(axis, "axes.axis");
      ConfigChecks.intInRange(axis, 0, 63, "axes.axis");
      invert = ConfigChecks.orDefault(invert, false);
    }
  }

  public JoyConfig {
    topic = ConfigChecks.orDefault(topic, "/joy");
    domainId = ConfigChecks.orDefault(domainId, 0);
    ConfigChecks.intInRange(domainId, 0, 232, "domainId");
    interfaceAddress = ConfigChecks.orDefault(interfaceAddress, "127.0.0.1");
    deadmanButton = ConfigChecks.orDefault(deadmanButton, 4);
    ConfigChecks.intInRange(deadmanButton, 0, 63, "deadmanButton");
    axes = Map.copyOf(ConfigChecks.orDefault(axes, defaultAxes()));
    for (String k : axes.keySet()) {
      if (!EeDeltaLayout.MOTION_AXES.contains(k)) {
        throw new IllegalArgumentException(
            "axes: found '" + k + "', expected one of " + EeDeltaLayout.MOTION_AXES);
      }
    }
    gripperOpenButton = ConfigChecks.orDefault(gripperOpenButton, 3);
    ConfigChecks.intInRange(gripperOpenButton, 0, 63, "gripperOpenButton");
    gripperCloseButton = ConfigChecks.orDefault(gripperCloseButton, 0);
    ConfigChecks.intInRange(gripperCloseButton, 0, 63, "gripperCloseButton");
    int[] buttons = {deadmanButton, gripperOpenButton, gripperCloseButton};
    for (int i = 0; i < 3; i++) {
      for (int j = i + 1; j < 3; j++) {
        if (buttons[i] == buttons[j]) {
          throw new IllegalArgumentException(
              "joy buttons: button "
                  + buttons[i]
                  + " is used twice (deadmanButton, gripperOpenButton, gripperCloseButton"
                  + " must differ)");
        }
      }
    }
    deadzone = ConfigChecks.orDefault(deadzone, 0.1);
    ConfigChecks.inRange(deadzone, 0.0, 0.9, "deadzone");
    scale = ConfigChecks.orDefault(scale, 1.0);
    ConfigChecks.inRange(scale, 0.01, 10.0, "scale");
    staleAfterSeconds = ConfigChecks.orDefault(staleAfterSeconds, 0.5);
    ConfigChecks.inRange(staleAfterSeconds, 0.01, 60.0, "staleAfterSeconds");
  }

  /** joy_linux's Xbox layout: left stick forward is +dx, left is +dy; right stick up is +dz. */
  public static Map<String, Axis> defaultAxes() {
    Map<String, Axis> m = new LinkedHashMap<>();
    m.put("dx", new Axis(1, false));
    m.put("dy", new Axis(0, false));
    m.put("dz", new Axis(4, false));
    return m;
  }

  @Override
  public String deviceName() {
    return "joy";
  }

  @Override
  public String deadmanControl() {
    return "joy button " + deadmanButton;
  }

  /** Subscribes to the topic now (the viewer's inputs are not used). */
  @Override
  public TeleopDevice create(ActionSpec spec, DeviceInputs inputs) {
    return new JoyDevice(this, spec, new LatestState<>());
  }

  /**
   * The device: Joy messages become {@link ControllerState}s (press counts kept, so a tap between
   * two ticks is seen) mapped like a gamepad's. Its DDS participant lives as long as the device;
   * {@link #close()} leaves the domain.
   */
  public static final class JoyDevice extends MappedDevice<ControllerState>
      implements AutoCloseable {
    private final JoyConfig config;
    private final Ros2JoyReader reader;
    private final long[] lastPresses = new long[2];

    JoyDevice(JoyConfig config, ActionSpec spec, LatestState<ControllerState> input) {
      super(config.deviceName(), spec, input, config.staleAfterSeconds());
      this.config = config;
      this.reader =
          new Ros2JoyReader(
              "tandem_joy",
              new Ros2JoyReader.Settings(
                  config.topic(),
                  config.domainId(),
                  config.interfaceAddress(),
                  10,
                  DdsParticipant.Qos.rosDefault()),
              (axes, buttons, at) -> publish(input, axes, buttons, at));
    }

    private static void publish(
        LatestState<ControllerState> input, float[] axes, boolean[] buttons, long at) {
      input.publish(ControllerState.sample("joy", axes, buttons, input.latest(), at));
    }

    @Override
    protected boolean map(ControllerState s, double[] motion) {
      for (Map.Entry<String, Axis> e : config.axes().entrySet()) {
        double v = deadzone(s.axis(e.getValue().axis()), config.deadzone());
        motion[EeDeltaLayout.MOTION_AXES.indexOf(e.getKey())] =
            (e.getValue().invert() ? -v : v) * config.scale();
      }
      int open = config.gripperOpenButton();
      int close = config.gripperCloseButton();
      boolean opening = pressed(s.button(open), s.pressCount(open), lastPresses, 0);
      boolean closing = pressed(s.button(close), s.pressCount(close), lastPresses, 1);
      if (opening && !closing) {
        openGripper();
      } else if (closing && !opening) {
        closeGripper();
      }
      return s.button(config.deadmanButton());
    }

    @Override
    public void close() {
      reader.close();
    }
  }
}
