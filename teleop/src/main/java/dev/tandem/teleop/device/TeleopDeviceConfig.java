package dev.tandem.teleop.device;

import dev.tandem.core.spec.ActionSpec;
import dev.tandem.teleop.TeleopDevice;

/**
 * The config family of operator input devices; {@code type:} selects one ({@code keyboard}, {@code
 * gamepad}, {@code spacemouse}). See {@code configs/teleop/*.yaml}. The config is the device's
 * factory ({@link #create}); a new device is its config record and device class plus one
 * registration line (see {@code docs/design/extension-points.md}).
 */
public interface TeleopDeviceConfig {
  /** The device's name in claims and logs. */
  String deviceName();

  /**
   * The control a person holds to drive, as the viewer names it to them ("LEFT_CONTROL", "button
   * 0").
   */
  String deadmanControl();

  /**
   * How to drive with this device, in words, one line each: the deadman first ("hold Left Ctrl to
   * drive, release to hand back"), then each motion and the gripper. The viewer's help shows them.
   */
  default java.util.List<String> bindingsInWords() {
    return java.util.List.of(
        "hold " + BindingWords.control(deadmanControl()) + " to drive, release to hand back");
  }

  /** Input older than this reads as a lost device (the poller stopped). */
  Double staleAfterSeconds();

  /**
   * The device this config describes, producing actions of {@code spec} and reading {@code inputs}.
   *
   * @throws IllegalArgumentException when the device cannot produce actions of {@code spec}
   */
  TeleopDevice create(ActionSpec spec, DeviceInputs inputs);
}
