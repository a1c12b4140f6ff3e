package dev.tandem.teleop.device;

import dev.tandem.core.spec.ActionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A SpaceMouse (a six-axis joystick) as a {@link dev.tandem.teleop.TeleopDevice}: each bound raw
 * axis through the deadzone, inversion and scale to a motion axis (translation and, if the action
 * spec has it, rotation), one button held as the deadman, the other toggling the gripper.
 */
public final class SpaceMouseDevice extends MappedDevice<ControllerState> {
  private final SpaceMouseConfig config;
  private final List<Bound> bindings = new ArrayList<>();
  private final long[] lastPresses = new long[1];

  private record Bound(int motionAxis, JoystickAxisBinding binding) {}

  public SpaceMouseDevice(
      SpaceMouseConfig config, ActionSpec spec, RawInput<ControllerState> input) {
    super(config.deviceName(), spec, input, config.staleAfterSeconds());
    this.config = config;
    for (Map.Entry<String, JoystickAxisBinding> e : config.axes().entrySet()) {
      bindings.add(new Bound(EeDeltaLayout.MOTION_AXES.indexOf(e.getKey()), e.getValue()));
    }
  }

  public SpaceMouseConfig config() {
    return config;
  }

  @Override
  protected boolean map(ControllerState s, double[] motion) {
    for (Bound b : bindings) {
      JoystickAxisBinding j = b.binding();
      double v = deadzone(s.axis(j.axis()), config.deadzone());
      if (j.invert()) {
        v = -v;
      }
      motion[b.motionAxis()] = v * j.scale() * config.scale();
    }
    int toggle = config.gripperToggleButton();
    if (newPress(s.pressCount(toggle), lastPresses, 0)) {
      toggleGripper();
    }
    return s.button(config.deadmanButton());
  }
}
