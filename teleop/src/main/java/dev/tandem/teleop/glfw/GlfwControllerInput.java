package dev.tandem.teleop.glfw;

import static org.lwjgl.glfw.GLFW.GLFW_JOYSTICK_1;
import static org.lwjgl.glfw.GLFW.GLFW_JOYSTICK_LAST;

import dev.tandem.teleop.device.ControllerState;
import dev.tandem.teleop.device.LatestState;
import dev.tandem.teleop.device.RawInput;
import java.util.function.LongSupplier;

/**
 * One joystick slot polled through GLFW, publishing its {@link ControllerState}: finds the device
 * (the configured slot, or with slot -1 the first slot a subclass {@link #wants}), reports it
 * absent while it is missing or has stopped answering, and looks for it again after it goes away.
 * The subclasses say what counts as present and how a sample is read. Polled on the thread that
 * initialised GLFW.
 */
abstract class GlfwControllerInput implements GlfwPoller {

  /** Axes and buttons of one sample. */
  record Sample(float[] axes, boolean[] buttons) {}

  private final int configuredSlot;
  private final LongSupplier nanoClock;
  private final LatestState<ControllerState> latest = new LatestState<>();
  private int slot = -1;
  private ControllerState previous;

  GlfwControllerInput(int configuredSlot, LongSupplier nanoClock) {
    this.configuredSlot = configuredSlot;
    this.nanoClock = nanoClock;
  }

  final RawInput<ControllerState> input() {
    return latest;
  }

  @Override
  public final void poll() {
    long now = nanoClock.getAsLong();
    if (slot < 0 || !present(slot)) {
      String lostName = previous != null && previous.connected() ? previous.name() : null;
      slot = find();
      if (slot < 0) {
        previous = ControllerState.absent(missing(lostName, configuredSlot), now);
        latest.publish(previous);
        return;
      }
    }
    Sample sample = read(slot);
    if (sample == null) {
      slot = -1;
      previous = ControllerState.absent(stopped(), now);
      latest.publish(previous);
      return;
    }
    previous = ControllerState.sample(name(slot), sample.axes(), sample.buttons(), previous, now);
    latest.publish(previous);
  }

  private int find() {
    if (configuredSlot >= 0) {
      return present(configuredSlot) ? configuredSlot : -1;
    }
    for (int j = GLFW_JOYSTICK_1; j <= GLFW_JOYSTICK_LAST; j++) {
      if (wants(j)) {
        return j;
      }
    }
    return -1;
  }

  /** Whether a device of this kind is in {@code slot}. */
  abstract boolean present(int slot);

  /** Whether the search for a device (slot -1) takes {@code slot}. */
  boolean wants(int slot) {
    return present(slot);
  }

  /** The sample of the device in {@code slot}, or null when it stopped answering. */
  abstract Sample read(int slot);

  abstract String name(int slot);

  /** Why no device is there: {@code lostName} is the one that went away, if any. */
  abstract String missing(String lostName, int configuredSlot);

  /** The problem reported when the device stops answering. */
  abstract String stopped();
}
