package dev.tandem.teleop.glfw;

import static org.lwjgl.glfw.GLFW.GLFW_PRESS;
import static org.lwjgl.glfw.GLFW.glfwGetGamepadName;
import static org.lwjgl.glfw.GLFW.glfwGetGamepadState;
import static org.lwjgl.glfw.GLFW.glfwJoystickIsGamepad;

import dev.tandem.teleop.device.ControllerState;
import dev.tandem.teleop.device.GamepadAxis;
import dev.tandem.teleop.device.GamepadButton;
import java.util.function.LongSupplier;
import org.lwjgl.glfw.GLFWGamepadState;

/**
 * Polls one gamepad through GLFW's standard gamepad mapping ({@code glfwGetGamepadState}) and
 * publishes its {@link ControllerState}. With slot -1 it uses the first joystick that has a gamepad
 * mapping, and looks again after that one goes away. Must be polled on the thread that initialised
 * GLFW (the viewer's).
 */
final class GlfwGamepadInput extends GlfwControllerInput {
  private final GLFWGamepadState glfwState = GLFWGamepadState.calloc();
  private final Sample sample =
      new Sample(
          new float[GamepadAxis.values().length], new boolean[GamepadButton.values().length]);

  GlfwGamepadInput(int slot, LongSupplier nanoClock) {
    super(slot, nanoClock);
  }

  @Override
  boolean present(int slot) {
    return glfwJoystickIsGamepad(slot);
  }

  @Override
  Sample read(int slot) {
    if (!glfwGetGamepadState(slot, glfwState)) {
      return null;
    }
    for (int a = 0; a < sample.axes().length; a++) {
      sample.axes()[a] = glfwState.axes(a);
    }
    for (int b = 0; b < sample.buttons().length; b++) {
      sample.buttons()[b] = glfwState.buttons(b) == GLFW_PRESS;
    }
    return sample;
  }

  @Override
  String name(int slot) {
    return String.valueOf(glfwGetGamepadName(slot));
  }

  @Override
  String missing(String lostName, int configuredSlot) {
    return lostName != null
        ? "gamepad '" + lostName + "' disconnected"
        : configuredSlot >= 0
            ? "no gamepad in joystick slot " + configuredSlot
            : "no gamepad connected";
  }

  @Override
  String stopped() {
    return "gamepad stopped answering";
  }

  @Override
  public void close() {
    glfwState.free();
  }
}
