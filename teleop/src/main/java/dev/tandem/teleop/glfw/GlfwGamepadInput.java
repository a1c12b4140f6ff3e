package dev.tandem.teleop.glfw;

import static org.lwjgl.glfw.GLFW.*;

import dev.tandem.teleop.device.ControllerState;
import dev.tandem.teleop.device.GamepadAxis;
import dev.tandem.teleop.device.GamepadButton;
import dev.tandem.teleop.device.LatestState;
import dev.tandem.teleop.device.RawInput;
import java.util.function.LongSupplier;
import org.lwjgl.glfw.GLFWGamepadState;

/**
 * Polls one gamepad through GLFW's standard gamepad mapping ({@code glfwGetGamepadState}) and
 * publishes its {@link ControllerState}. With slot -1 it uses the first joystick that has a gamepad
 * mapping, and looks again after that one goes away. Must be polled on the thread that initialised
 * GLFW (the viewer's).
 */
public final class GlfwGamepadInput implements GlfwPoller {
  private final int configuredSlot;
  private final LongSupplier nanoClock;
  private final LatestState<ControllerState> latest = new LatestState<>();
  private final GLFWGamepadState glfwState = GLFWGamepadState.calloc();
  private final float[] axes = new float[GamepadAxis.values().length];
  private final boolean[] buttons = new boolean[GamepadButton.values().length];
  private int slot = -1;
  private ControllerState previous;

  public GlfwGamepadInput(int slot, LongSupplier nanoClock) {
    this.configuredSlot = slot;
    this.nanoClock = nanoClock;
  }

  public RawInput<ControllerState> input() {
    return latest;
  }

  @Override
  public void poll() {
    long now = nanoClock.getAsLong();
    if (slot < 0 || !glfwJoystickIsGamepad(slot)) {
      String lostName = previous != null && previous.connected() ? previous.name() : null;
      slot = find();
      if (slot < 0) {
        String problem =
            lostName != null
                ? "gamepad '" + lostName + "' disconnected"
                : configuredSlot >= 0
                    ? "no gamepad in joystick slot " + configuredSlot
                    : "no gamepad connected";
        previous = ControllerState.absent(problem, now);
        latest.publish(previous);
        return;
      }
    }
    if (!glfwGetGamepadState(slot, glfwState)) {
      slot = -1;
      previous = ControllerState.absent("gamepad stopped answering", now);
      latest.publish(previous);
      return;
    }
    for (int a = 0; a < axes.length; a++) {
      axes[a] = glfwState.axes(a);
    }
    for (int b = 0; b < buttons.length; b++) {
      buttons[b] = glfwState.buttons(b) == GLFW_PRESS;
    }
    String name = String.valueOf(glfwGetGamepadName(slot));
    previous = ControllerState.sample(name, axes, buttons, previous, now);
    latest.publish(previous);
  }

  private int find() {
    if (configuredSlot >= 0) {
      return glfwJoystickIsGamepad(configuredSlot) ? configuredSlot : -1;
    }
    for (int j = GLFW_JOYSTICK_1; j <= GLFW_JOYSTICK_LAST; j++) {
      if (glfwJoystickIsGamepad(j)) {
        return j;
      }
    }
    return -1;
  }

  @Override
  public void close() {
    glfwState.free();
  }
}
