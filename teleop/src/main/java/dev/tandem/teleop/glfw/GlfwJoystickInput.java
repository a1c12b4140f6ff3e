package dev.tandem.teleop.glfw;

import static org.lwjgl.glfw.GLFW.*;

import dev.tandem.teleop.device.ControllerState;
import dev.tandem.teleop.device.LatestState;
import dev.tandem.teleop.device.RawInput;
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
public final class GlfwJoystickInput implements GlfwPoller {
  private final int configuredSlot;
  private final List<String> nameContains;
  private final LongSupplier nanoClock;
  private final LatestState<ControllerState> latest = new LatestState<>();
  private int slot = -1;
  private ControllerState previous;

  public GlfwJoystickInput(int slot, List<String> nameContains, LongSupplier nanoClock) {
    this.configuredSlot = slot;
    this.nameContains = nameContains.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    this.nanoClock = nanoClock;
  }

  public RawInput<ControllerState> input() {
    return latest;
  }

  @Override
  public void poll() {
    long now = nanoClock.getAsLong();
    if (slot < 0 || !glfwJoystickPresent(slot)) {
      String lostName = previous != null && previous.connected() ? previous.name() : null;
      slot = find();
      if (slot < 0) {
        String problem =
            lostName != null
                ? "'" + lostName + "' disconnected"
                : configuredSlot >= 0
                    ? "no joystick in slot " + configuredSlot
                    : "no joystick named like " + nameContains + " connected";
        previous = ControllerState.absent(problem, now);
        latest.publish(previous);
        return;
      }
    }
    FloatBuffer axisBuffer = glfwGetJoystickAxes(slot);
    ByteBuffer buttonBuffer = glfwGetJoystickButtons(slot);
    if (axisBuffer == null || buttonBuffer == null) {
      slot = -1;
      previous = ControllerState.absent("joystick stopped answering", now);
      latest.publish(previous);
      return;
    }
    float[] axes = new float[axisBuffer.remaining()];
    axisBuffer.get(axes);
    boolean[] buttons = new boolean[buttonBuffer.remaining()];
    for (int b = 0; b < buttons.length; b++) {
      buttons[b] = buttonBuffer.get(buttonBuffer.position() + b) == GLFW_PRESS;
    }
    String name = String.valueOf(glfwGetJoystickName(slot));
    previous = ControllerState.sample(name, axes, buttons, previous, now);
    latest.publish(previous);
  }

  private int find() {
    if (configuredSlot >= 0) {
      return glfwJoystickPresent(configuredSlot) ? configuredSlot : -1;
    }
    for (int j = GLFW_JOYSTICK_1; j <= GLFW_JOYSTICK_LAST; j++) {
      if (glfwJoystickPresent(j)) {
        String name = String.valueOf(glfwGetJoystickName(j)).toLowerCase(Locale.ROOT);
        if (nameContains.stream().anyMatch(name::contains)) {
          return j;
        }
      }
    }
    return -1;
  }

  @Override
  public void close() {}
}
