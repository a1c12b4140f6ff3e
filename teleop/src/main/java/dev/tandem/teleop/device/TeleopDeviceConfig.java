package dev.tandem.teleop.device;

/**
 * The config family of operator input devices; {@code type:} selects one ({@code keyboard}, {@code
 * gamepad}, {@code spacemouse}). See {@code configs/teleop/*.yaml}.
 */
public sealed interface TeleopDeviceConfig permits KeyboardConfig, GamepadConfig, SpaceMouseConfig {
  /** The device's name in claims and logs. */
  String deviceName();

  /** Input older than this reads as a lost device (the poller stopped). */
  Double staleAfterSeconds();
}
