package dev.tandem.teleop.glfw;

import static org.lwjgl.glfw.GLFW.GLFW_PRESS;
import static org.lwjgl.glfw.GLFW.glfwGetJoystickAxes;
import static org.lwjgl.glfw.GLFW.glfwGetJoystickButtons;
import static org.lwjgl.glfw.GLFW.glfwGetJoystickName;
import static org.lwjgl.glfw.GLFW.glfwJoystickPresent;

import dev.tandem.teleop.device.ControllerState;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Polls one raw joystick (a SpaceMouse: six axes, two buttons) through {@code
 * glfwGetJoystickAxes}/{@code glfwGetJoystickButtons} and publishes its {@link ControllerState}.
 * With slot -1 it uses the first joystick whose name contains one of {@code nameContains}. Must be
 * polled on the thread that initialised GLFW.
 */
final class GlfwJoystickInput extends GlfwControllerInput {
  private final List<String> nameContains;

  GlfwJoystickInput(int slot, List<String> nameContains, LongSupplier nanoClock) {
    super(slot, nanoClock);
    this.nameContains = nameContains.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
  }

  @Override
  boolean present(int slot) {
    return glfwJoystickPresent(slot);
  }

  @Override
  boolean wants(int slot) {
    if (!glfwJoystickPresent(slot)) {
      return false;
    }
    String name = String.valueOf(glfwGetJoystickName(slot)).toLowerCase(Locale.ROOT);
    return nameContains.stream().anyMatch(name::contains);
  }

  @Override
  Sample read(int slot) {
    FloatBuffer axisBuffer = glfwGetJoystickAxes(slot);
    ByteBuffer buttonBuffer = glfwGetJoystickButtons(slot);
    if (axisBuffer == null || buttonBuffer == null) {
      return null;
    }
    float[] axes = new float[axisBuffer.remaining()];
    axisBuffer.get(axes);
    boolean[] buttons = new boolean[buttonBuffer.remaining()];
    for (int b = 0; b < buttons.length; b++) {
      buttons[b] = buttonBuffer.get(buttonBuffer.position() + b) == GLFW_PRESS;
    }
    return new Sample(axes, buttons);
  }

  @Override
  String name(int slot) {
    return String.valueOf(glfwGetJoystickName(slot));
  }

  @Override
  String missing(String lostName, int configuredSlot) {
    return lostName != null
        ? "'" + lostName + "' disconnected"
        : configuredSlot >= 0
            ? "no joystick in slot " + configuredSlot
            : "no joystick named like " + nameContains + " connected";
  }

  @Override
  String stopped() {
    return "joystick stopped answering";
  }

  @Override
  public void close() {}
}
