package dev.tandem.teleop.device;

import java.util.List;

/**
 * The raw inputs a device config can build its device on. The viewer provides them from GLFW (its
 * keyboard, and joysticks it polls from the moment they are asked for); a test may provide its own.
 */
public interface DeviceInputs {

  /** The viewer's keyboard (keys that type nothing; printable keys go to the correction line). */
  RawInput<KeyboardState> keyboard();

  /**
   * A gamepad with the standard mapping in joystick slot {@code slot} (-1: the first connected one,
   * looked for again after it goes away), polled from now on.
   */
  RawInput<ControllerState> gamepad(int slot);

  /**
   * A raw joystick in slot {@code slot} (-1: the first whose name contains one of {@code
   * nameContains}, ignoring case), polled from now on.
   */
  RawInput<ControllerState> joystick(int slot, List<String> nameContains);
}
