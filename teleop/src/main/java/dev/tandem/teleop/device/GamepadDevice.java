package dev.tandem.teleop.device;

import dev.tandem.core.spec.ActionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A gamepad (GLFW standard mapping) as a {@link dev.tandem.teleop.TeleopDevice}: sticks and
 * triggers through the deadzone and scale to motion axes, a held button or trigger as the deadman,
 * two buttons for the gripper. The raw state comes from {@code input} (GLFW's poller in the viewer,
 * or a synthetic source).
 */
public final class GamepadDevice extends MappedDevice<ControllerState> {
  private final GamepadConfig config;
  private final List<Bound> bindings = new ArrayList<>();
  private final long[] lastPresses = new long[2];

  private record Bound(int motionAxis, GamepadAxisBinding binding) {}

  public GamepadDevice(GamepadConfig config, ActionSpec spec, RawInput<ControllerState> input) {
    super(config.deviceName(), spec, input, config.staleAfterSeconds());
    this.config = config;
    for (Map.Entry<String, GamepadAxisBinding> e : config.axes().entrySet()) {
      bindings.add(new Bound(EeDeltaLayout.MOTION_AXES.indexOf(e.getKey()), e.getValue()));
    }
  }

  public GamepadConfig config() {
    return config;
  }

  @Override
  protected boolean map(ControllerState s, double[] motion) {
    for (Bound b : bindings) {
      GamepadAxisBinding g = b.binding();
      double v;
      if (g.axis() != null) {
        v = axisValue(s, GamepadAxis.fromConfig(g.axis()));
      } else {
        v = control(s, g.positive()) - control(s, g.negative());
      }
      if (g.invert()) {
        v = -v;
      }
      motion[b.motionAxis()] = v * g.scale() * config.scale();
    }
    int open = GamepadButton.fromConfig(config.gripperOpen()).ordinal();
    int close = GamepadButton.fromConfig(config.gripperClose()).ordinal();
    boolean opening = pressed(s.button(open), s.pressCount(open), lastPresses, 0);
    boolean closing = pressed(s.button(close), s.pressCount(close), lastPresses, 1);
    if (opening && !closing) {
      openGripper();
    } else if (closing && !opening) {
      closeGripper();
    }
    GamepadDeadman d = config.deadman();
    if (d.button() != null) {
      return s.button(GamepadButton.fromConfig(d.button()).ordinal());
    }
    GamepadAxis axis = GamepadAxis.fromConfig(d.axis());
    double raw = s.axis(axis.ordinal());
    double travel = axis.isTrigger() ? (raw + 1.0) / 2.0 : Math.abs(raw);
    return travel >= d.threshold();
  }

  /** A stick in [-1, 1] or a trigger in [0, 1], through the deadzone. */
  private double axisValue(ControllerState s, GamepadAxis axis) {
    double raw = s.axis(axis.ordinal());
    if (axis.isTrigger()) {
      return deadzone((raw + 1.0) / 2.0, config.deadzone());
    }
    return deadzone(raw, config.deadzone());
  }

  /** A button (0 or 1) or a trigger (0..1) used as one side of a pair. */
  private double control(ControllerState s, String name) {
    if (name == null) {
      return 0.0;
    }
    if (GamepadAxis.configNames().contains(name)) {
      return axisValue(s, GamepadAxis.fromConfig(name));
    }
    return s.button(GamepadButton.fromConfig(name).ordinal()) ? 1.0 : 0.0;
  }
}
