package dev.tandem.teleop.glfw;

import dev.tandem.core.spec.ActionSpec;
import dev.tandem.teleop.TeleopDevice;
import dev.tandem.teleop.device.GamepadConfig;
import dev.tandem.teleop.device.GamepadDevice;
import dev.tandem.teleop.device.KeyboardConfig;
import dev.tandem.teleop.device.KeyboardDevice;
import dev.tandem.teleop.device.SpaceMouseConfig;
import dev.tandem.teleop.device.SpaceMouseDevice;
import dev.tandem.teleop.device.TeleopDeviceConfig;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Makes GLFW-backed devices from their configs and polls their adapters. Owned by the viewer: its
 * thread calls {@link #pollAll()} once per loop; {@link #create} may be called from any thread (the
 * adapter makes no GLFW call until it is polled).
 */
public final class GlfwDevices implements AutoCloseable {
  private final GlfwKeyboardInput keyboard;
  private final LongSupplier nanoClock;
  private final List<GlfwPoller> pollers = new CopyOnWriteArrayList<>();

  public GlfwDevices(GlfwKeyboardInput keyboard, LongSupplier nanoClock) {
    this.keyboard = Objects.requireNonNull(keyboard, "keyboard");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /**
   * A device for {@code config} producing actions of {@code spec}.
   *
   * @throws IllegalArgumentException when the spec is not an end-effector delta
   */
  public TeleopDevice create(TeleopDeviceConfig config, ActionSpec spec) {
    if (config instanceof KeyboardConfig k) {
      return new KeyboardDevice(k, spec, keyboard.input());
    }
    if (config instanceof GamepadConfig g) {
      GlfwGamepadInput in = new GlfwGamepadInput(g.joystick(), nanoClock);
      GamepadDevice device = new GamepadDevice(g, spec, in.input());
      pollers.add(in);
      return device;
    }
    SpaceMouseConfig s = (SpaceMouseConfig) config;
    GlfwJoystickInput in = new GlfwJoystickInput(s.joystick(), s.nameContains(), nanoClock);
    SpaceMouseDevice device = new SpaceMouseDevice(s, spec, in.input());
    pollers.add(in);
    return device;
  }

  /** Polls the keyboard and every joystick adapter (GLFW thread). */
  public void pollAll() {
    keyboard.poll();
    for (GlfwPoller p : pollers) {
      p.poll();
    }
  }

  @Override
  public void close() {
    for (GlfwPoller p : pollers) {
      p.close();
    }
    pollers.clear();
  }
}
