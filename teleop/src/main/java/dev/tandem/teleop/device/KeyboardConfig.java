package dev.tandem.teleop.device;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.teleop.TeleopDevice;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Driving from the viewer's keyboard ({@code configs/teleop/keyboard.yaml}). Only keys that type
 * nothing can be bound (see {@link Key}): printable keys go to the correction line.
 *
 * @param speed action units while a key is held (0.5 = half the per-step limit, 2.5 cm/step)
 * @param staleAfterSeconds input older than this reads as a lost device (the viewer stopped)
 * @param deadman the key held to drive
 * @param keys motion axis (dx, dy, dz, droll, dpitch, dyaw) to its key pair
 * @param gripperOpen key that opens the gripper (the command stays until changed)
 * @param gripperClose key that closes it
 */
public record KeyboardConfig(
    Double speed,
    Double staleAfterSeconds,
    String deadman,
    Map<String, KeyPair> keys,
    String gripperOpen,
    String gripperClose)
    implements TeleopDeviceConfig {

  public KeyboardConfig {
    speed = ConfigChecks.orDefault(speed, 0.5);
    staleAfterSeconds = ConfigChecks.orDefault(staleAfterSeconds, 0.5);
    deadman = ConfigChecks.orDefault(deadman, "left_control");
    keys = ConfigNames.motionKeys(ConfigChecks.orDefault(keys, defaultKeys()), "keys");
    gripperOpen = ConfigChecks.orDefault(gripperOpen, "home");
    gripperClose = ConfigChecks.orDefault(gripperClose, "end");
    ConfigChecks.inRange(speed, 0.01, 1.0, "speed");
    ConfigChecks.inRange(staleAfterSeconds, 0.01, 60.0, "staleAfterSeconds");
    ConfigChecks.oneOf(deadman, Key.configNames(), "deadman");
    ConfigChecks.oneOf(gripperOpen, Key.configNames(), "gripperOpen");
    ConfigChecks.oneOf(gripperClose, Key.configNames(), "gripperClose");
    Map<String, String> uses = new HashMap<>();
    uses.put("deadman", deadman);
    uses.put("gripperOpen", gripperOpen);
    uses.put("gripperClose", gripperClose);
    keys.forEach(
        (axis, pair) -> {
          uses.put("keys." + axis + ".positive", pair.positive());
          uses.put("keys." + axis + ".negative", pair.negative());
        });
    ConfigNames.distinct(uses, "key");
  }

  /** Arrows: forward/back and left/right; Page Up/Down: up/down. */
  public static Map<String, KeyPair> defaultKeys() {
    Map<String, KeyPair> m = new LinkedHashMap<>();
    m.put("dx", new KeyPair("up", "down"));
    m.put("dy", new KeyPair("left", "right"));
    m.put("dz", new KeyPair("page_up", "page_down"));
    return m;
  }

  public static KeyboardConfig defaults() {
    return new KeyboardConfig(null, null, null, null, null, null);
  }

  @Override
  public String deviceName() {
    return "keyboard";
  }

  @Override
  public TeleopDevice create(ActionSpec spec, DeviceInputs inputs) {
    return new KeyboardDevice(this, spec, inputs.keyboard());
  }

  @Override
  public String deadmanControl() {
    return deadman();
  }

  @Override
  public java.util.List<String> bindingsInWords() {
    java.util.List<String> lines =
        new java.util.ArrayList<>(TeleopDeviceConfig.super.bindingsInWords());
    keys.forEach(
        (axis, pair) ->
            lines.add(
                BindingWords.control(pair.positive())
                    + " / "
                    + BindingWords.control(pair.negative())
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
