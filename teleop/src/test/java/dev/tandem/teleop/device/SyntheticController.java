package dev.tandem.teleop.device;

/** A joystick-like device driven by a test: axes and buttons set directly, published as polled. */
final class SyntheticController {
  final LatestState<ControllerState> input = new LatestState<>();
  private final String name;
  private final float[] axes;
  private final boolean[] buttons;
  private ControllerState last;

  SyntheticController(String name, int axisCount, int buttonCount) {
    this.name = name;
    this.axes = new float[axisCount];
    this.buttons = new boolean[buttonCount];
  }

  static SyntheticController gamepad() {
    SyntheticController c =
        new SyntheticController(
            "Synthetic Pad", GamepadAxis.values().length, GamepadButton.values().length);
    c.axes[GamepadAxis.LEFT_TRIGGER.ordinal()] = -1f;
    c.axes[GamepadAxis.RIGHT_TRIGGER.ordinal()] = -1f;
    return c;
  }

  static SyntheticController spaceMouse() {
    return new SyntheticController("3Dconnexion SpaceMouse Compact", 6, 2);
  }

  SyntheticController axis(int i, double v) {
    axes[i] = (float) v;
    return this;
  }

  SyntheticController axis(GamepadAxis a, double v) {
    return axis(a.ordinal(), v);
  }

  SyntheticController button(int i, boolean down) {
    buttons[i] = down;
    return this;
  }

  SyntheticController button(GamepadButton b, boolean down) {
    return button(b.ordinal(), down);
  }

  /** Publishes the current axes and buttons as polled at {@code nowNanos}. */
  SyntheticController poll(long nowNanos) {
    last = ControllerState.sample(name, axes, buttons, last, nowNanos);
    input.publish(last);
    return this;
  }

  /** The device went away. */
  void unplug(long nowNanos) {
    last = ControllerState.absent("'" + name + "' disconnected", nowNanos);
    input.publish(last);
  }
}
