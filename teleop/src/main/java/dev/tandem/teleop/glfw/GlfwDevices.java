package dev.tandem.teleop.glfw;

import dev.tandem.core.spec.ActionSpec;
import dev.tandem.teleop.TeleopDevice;
import dev.tandem.teleop.device.ControllerState;
import dev.tandem.teleop.device.DeviceInputs;
import dev.tandem.teleop.device.KeyboardState;
import dev.tandem.teleop.device.RawInput;
import dev.tandem.teleop.device.TeleopDeviceConfig;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * The GLFW-backed {@link DeviceInputs}: makes devices from their configs and polls their adapters.
 * Owned by the viewer: its thread calls {@link #pollAll()} once per loop; {@link #create} may be
 * called from any thread (an adapter makes no GLFW call until it is polled).
 */
public final class GlfwDevices implements DeviceInputs, AutoCloseable {
  private final GlfwKeyboardInput keyboard;
  private final LongSupplier nanoClock;
  private final List<GlfwPoller> pollers = new CopyOnWriteArrayList<>();

  public GlfwDevices(GlfwKeyboardInput keyboard, LongSupplier nanoClock) {
    this.keyboard = Objects.requireNonNull(keyboard, "keyboard");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /**
   * A device for {@code config} producing actions of {@code spec}; the config builds it. {@code
   * inputs} receives the raw inputs the device reads (whether its hardware is connected shows
   * there).
   *
   * @throws IllegalArgumentException when the device cannot produce actions of {@code spec}
   */
  public TeleopDevice create(
      TeleopDeviceConfig config,
      ActionSpec spec,
      List<RawInput<? extends dev.tandem.teleop.device.RawState>> inputs) {
    int before = pollers.size();
    DeviceInputs recording =
        new DeviceInputs() {
          @Override
          public RawInput<KeyboardState> keyboard() {
            RawInput<KeyboardState> in = GlfwDevices.this.keyboard();
            inputs.add(in);
            return in;
          }

          @Override
          public RawInput<ControllerState> gamepad(int slot) {
            RawInput<ControllerState> in = GlfwDevices.this.gamepad(slot);
            inputs.add(in);
            return in;
          }

          @Override
          public RawInput<ControllerState> joystick(int slot, List<String> nameContains) {
            RawInput<ControllerState> in = GlfwDevices.this.joystick(slot, nameContains);
            inputs.add(in);
            return in;
          }
        };
    try {
      return config.create(spec, recording);
    } catch (RuntimeException e) {
      while (pollers.size() > before) { // adapters of a device that was not made
        pollers.remove(pollers.size() - 1).close();
      }
      throw e;
    }
  }

  @Override
  public RawInput<KeyboardState> keyboard() {
    return keyboard.input();
  }

  @Override
  public RawInput<ControllerState> gamepad(int slot) {
    return polled(new GlfwGamepadInput(slot, nanoClock));
  }

  @Override
  public RawInput<ControllerState> joystick(int slot, List<String> nameContains) {
    return polled(new GlfwJoystickInput(slot, nameContains, nanoClock));
  }

  private RawInput<ControllerState> polled(GlfwControllerInput in) {
    pollers.add(in);
    return in.input();
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
