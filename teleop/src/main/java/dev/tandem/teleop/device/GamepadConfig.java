package dev.tandem.teleop.device;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.teleop.TeleopDevice;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A gamepad with GLFW's standard mapping ({@code configs/teleop/gamepad.yaml}).
 *
 * @param joystick GLFW joystick slot 0..15, or -1 for the first connected gamepad
 * @param deadzone stick travel (0..0.9) that reads as 0; beyond it the value rises from 0 to 1
 * @param scale action units at full travel (1 = the per-step limit, 5 cm/step)
 * @param staleAfterSeconds input older than this reads as a lost device
 * @param axes motion axis (dx, dy, dz, droll, dpitch, dyaw) to its control
 * @param deadman the control held to drive
 * @param gripperOpen button that opens the gripper (the command stays until changed)
 * @param gripperClose button that closes it
 */
public record GamepadConfig(
    Integer joystick,
    Double deadzone,
    Double scale,
    Double staleAfterSeconds,
    Map<String, GamepadAxisBinding> axes,
    GamepadDeadman deadman,
    String gripperOpen,
    String gripperClose)
    implements TeleopDeviceConfig {

  public GamepadConfig {
    joystick = ConfigChecks.orDefault(joystick, -1);
    deadzone = ConfigChecks.orDefault(deadzone, 0.12);
    scale = ConfigChecks.orDefault(scale, 1.0);
    staleAfterSeconds = ConfigChecks.orDefault(staleAfterSeconds, 0.5);
    axes = ConfigNames.motionKeys(ConfigChecks.orDefault(axes, defaultAxes()), "axes");
    deadman = ConfigChecks.orDefault(deadman, GamepadDeadman.button("left_bumper"));
    gripperOpen = ConfigChecks.orDefault(gripperOpen, "y");
    gripperClose = ConfigChecks.orDefault(gripperClose, "a");
    ConfigChecks.intInRange(joystick, -1, 15, "joystick");
    ConfigChecks.inRange(deadzone, 0.0, 0.9, "deadzone");
    ConfigChecks.inRange(scale, 0.01, 10.0, "scale");
    ConfigChecks.inRange(staleAfterSeconds, 0.01, 60.0, "staleAfterSeconds");
    ConfigChecks.oneOf(gripperOpen, GamepadButton.configNames(), "gripperOpen");
    ConfigChecks.oneOf(gripperClose, GamepadButton.configNames(), "gripperClose");
    Map<String, String> uses = new HashMap<>();
    uses.put("deadman", deadman.control());
    uses.put("gripperOpen", gripperOpen);
    uses.put("gripperClose", gripperClose);
    for (Map.Entry<String, GamepadAxisBinding> e : axes.entrySet()) {
      GamepadAxisBinding b = e.getValue();
      uses.put("axes." + e.getKey() + ".axis", b.axis());
      uses.put("axes." + e.getKey() + ".positive", b.positive());
      uses.put("axes." + e.getKey() + ".negative", b.negative());
    }
    ConfigNames.distinct(uses, "control");
  }

  /** Left stick: forward/back and left/right; right trigger up, left trigger down. */
  public static Map<String, GamepadAxisBinding> defaultAxes() {
    Map<String, GamepadAxisBinding> m = new LinkedHashMap<>();
    m.put("dx", GamepadAxisBinding.axis("left_y", true));
    m.put("dy", GamepadAxisBinding.axis("left_x", true));
    m.put("dz", GamepadAxisBinding.pair("right_trigger", "left_trigger"));
    return m;
  }

  public static GamepadConfig defaults() {
    return new GamepadConfig(null, null, null, null, null, null, null, null);
  }

  @Override
  public String deviceName() {
    return "gamepad";
  }

  @Override
  public TeleopDevice create(ActionSpec spec, DeviceInputs inputs) {
    return new GamepadDevice(this, spec, inputs.gamepad(joystick));
  }

  @Override
  public String deadmanControl() {
    return deadman().button() != null ? deadman().button() : deadman().axis();
  }

  @Override
  public java.util.List<String> bindingsInWords() {
    java.util.List<String> lines =
        new java.util.ArrayList<>(TeleopDeviceConfig.super.bindingsInWords());
    axes.forEach(
        (axis, b) ->
            lines.add(
                (b.axis() != null
                        ? BindingWords.control(b.axis())
                        : (b.positive() == null ? "-" : BindingWords.control(b.positive()))
                            + " / "
                            + (b.negative() == null ? "-" : BindingWords.control(b.negative())))
                    + ": "
                    + BindingWords.motion(axis)));
    lines.add(
        BindingWords.control(gripperOpen)
            + " opens the gripper, "
            + BindingWords.control(gripperClose)
            + " closes it");
    return lines;
  }
}
