package dev.tandem.teleop.device;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.teleop.TeleopDevice;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A 3Dconnexion SpaceMouse, seen by GLFW as a joystick with six axes (x, y, z, rx, ry, rz) and two
 * buttons ({@code configs/teleop/spacemouse.yaml}).
 *
 * @param joystick GLFW joystick slot 0..15, or -1 for the first joystick whose name contains one of
 *     {@code nameContains}
 * @param nameContains name fragments that identify a SpaceMouse (case-insensitive)
 * @param deadzone puck travel (0..0.9) that reads as 0
 * @param scale action units per unit of axis travel (the puck rarely reaches full travel)
 * @param staleAfterSeconds input older than this reads as a lost device
 * @param axes motion axis (dx, dy, dz, droll, dpitch, dyaw) to the raw axis driving it
 * @param deadmanButton the button held to drive
 * @param gripperToggleButton the button that toggles the gripper between open and closed
 */
public record SpaceMouseConfig(
    Integer joystick,
    List<String> nameContains,
    Double deadzone,
    Double scale,
    Double staleAfterSeconds,
    Map<String, JoystickAxisBinding> axes,
    Integer deadmanButton,
    Integer gripperToggleButton)
    implements TeleopDeviceConfig {

  public SpaceMouseConfig {
    joystick = ConfigChecks.orDefault(joystick, -1);
    nameContains =
        List.copyOf(
            ConfigChecks.orDefault(
                nameContains, List.of("3Dconnexion", "SpaceMouse", "Space Navigator")));
    deadzone = ConfigChecks.orDefault(deadzone, 0.08);
    scale = ConfigChecks.orDefault(scale, 1.5);
    staleAfterSeconds = ConfigChecks.orDefault(staleAfterSeconds, 0.5);
    axes = ConfigNames.motionKeys(ConfigChecks.orDefault(axes, defaultAxes()), "axes");
    deadmanButton = ConfigChecks.orDefault(deadmanButton, 0);
    gripperToggleButton = ConfigChecks.orDefault(gripperToggleButton, 1);
    ConfigChecks.intInRange(joystick, -1, 15, "joystick");
    if (joystick < 0 && nameContains.isEmpty()) {
      throw new IllegalArgumentException(
          "nameContains: empty; with joystick -1 the SpaceMouse is found by name");
    }
    ConfigChecks.inRange(deadzone, 0.0, 0.9, "deadzone");
    ConfigChecks.inRange(scale, 0.01, 10.0, "scale");
    ConfigChecks.inRange(staleAfterSeconds, 0.01, 60.0, "staleAfterSeconds");
    ConfigChecks.intInRange(deadmanButton, 0, 31, "deadmanButton");
    ConfigChecks.intInRange(gripperToggleButton, 0, 31, "gripperToggleButton");
    Map<String, String> buttons = new HashMap<>();
    buttons.put("deadmanButton", "button " + deadmanButton);
    buttons.put("gripperToggleButton", "button " + gripperToggleButton);
    ConfigNames.distinct(buttons, "control");
    Map<String, String> rawAxes = new HashMap<>();
    axes.forEach((k, b) -> rawAxes.put("axes." + k, "axis " + b.axis()));
    ConfigNames.distinct(rawAxes, "raw");
  }

  /**
   * Push the puck away from you for +x, left for +y, lift it for +z, twist for rotations; assumes
   * the operator faces the robot base's +x and the kernel's axis signs (x right, y toward the user,
   * z down).
   */
  public static Map<String, JoystickAxisBinding> defaultAxes() {
    Map<String, JoystickAxisBinding> m = new LinkedHashMap<>();
    m.put("dx", JoystickAxisBinding.of(1, true));
    m.put("dy", JoystickAxisBinding.of(0, true));
    m.put("dz", JoystickAxisBinding.of(2, true));
    m.put("droll", JoystickAxisBinding.of(4, true));
    m.put("dpitch", JoystickAxisBinding.of(3, true));
    m.put("dyaw", JoystickAxisBinding.of(5, true));
    return m;
  }

  public static SpaceMouseConfig defaults() {
    return new SpaceMouseConfig(null, null, null, null, null, null, null, null);
  }

  @Override
  public String deviceName() {
    return "spacemouse";
  }

  @Override
  public TeleopDevice create(ActionSpec spec, DeviceInputs inputs) {
    return new SpaceMouseDevice(this, spec, inputs.joystick(joystick, nameContains));
  }

  @Override
  public String deadmanControl() {
    return "button " + deadmanButton();
  }

  @Override
  public java.util.List<String> bindingsInWords() {
    return java.util.List.of(
        "hold button "
            + deadmanButton()
            + " ("
            + side(deadmanButton)
            + ") to drive, release to hand back",
        "push, pull and lift the puck to move the gripper the same way",
        "button "
            + gripperToggleButton
            + " ("
            + side(gripperToggleButton)
            + ") opens or closes the gripper");
  }

  private static String side(int button) {
    return switch (button) {
      case 0 -> "left";
      case 1 -> "right";
      default -> "button " + button;
    };
  }
}
