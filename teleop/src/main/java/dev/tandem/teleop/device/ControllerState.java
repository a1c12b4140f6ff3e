package dev.tandem.teleop.device;

import java.util.Arrays;
import java.util.Objects;

/**
 * A joystick-like device's raw state: axes in [-1, 1], buttons held, and for each button how often
 * it went down since the device was first seen (so a tap between two ticks is not lost). A gamepad
 * with GLFW's standard mapping has the axes of {@link GamepadAxis} and the buttons of {@link
 * GamepadButton}; a SpaceMouse has six axes (x, y, z, rx, ry, rz) and two buttons.
 *
 * <p>Arrays are copied in and out: a state is a value.
 */
public record ControllerState(
    String name,
    float[] axes,
    boolean[] buttons,
    long[] pressCounts,
    boolean connected,
    String problem,
    long sampledAtNanos)
    implements RawState {

  public ControllerState {
    Objects.requireNonNull(name, "name");
    axes = axes.clone();
    buttons = buttons.clone();
    pressCounts = pressCounts.clone();
    problem = problem == null ? "" : problem;
    if (pressCounts.length != buttons.length) {
      throw new IllegalArgumentException(
          buttons.length + " buttons but " + pressCounts.length + " press counts");
    }
  }

  /**
   * A connected device's state, counting presses from {@code previous} (null for the first poll, or
   * when the previous state came from another device).
   */
  public static ControllerState sample(
      String name, float[] axes, boolean[] buttons, ControllerState previous, long nowNanos) {
    long[] counts = new long[buttons.length];
    boolean continues =
        previous != null && previous.connected && previous.buttons.length == buttons.length;
    for (int b = 0; b < buttons.length; b++) {
      long before = continues ? previous.pressCounts[b] : 0;
      boolean wasDown = continues && previous.buttons[b];
      counts[b] = before + (buttons[b] && !wasDown ? 1 : 0);
    }
    return new ControllerState(name, axes, buttons, counts, true, "", nowNanos);
  }

  /** A device that is not there (never was, or went away). */
  public static ControllerState absent(String problem, long nowNanos) {
    return new ControllerState(
        "", new float[0], new boolean[0], new long[0], false, problem, nowNanos);
  }

  @Override
  public float[] axes() {
    return axes.clone();
  }

  @Override
  public boolean[] buttons() {
    return buttons.clone();
  }

  @Override
  public long[] pressCounts() {
    return pressCounts.clone();
  }

  /** Axis {@code i}, or 0 when the device has fewer axes. */
  public float axis(int i) {
    return i >= 0 && i < axes.length ? axes[i] : 0f;
  }

  /** Button {@code i} held, false when the device has fewer buttons. */
  public boolean button(int i) {
    return i >= 0 && i < buttons.length && buttons[i];
  }

  public long pressCount(int i) {
    return i >= 0 && i < pressCounts.length ? pressCounts[i] : 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ControllerState s
        && name.equals(s.name)
        && Arrays.equals(axes, s.axes)
        && Arrays.equals(buttons, s.buttons)
        && Arrays.equals(pressCounts, s.pressCounts)
        && connected == s.connected
        && problem.equals(s.problem)
        && sampledAtNanos == s.sampledAtNanos;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name,
        Arrays.hashCode(axes),
        Arrays.hashCode(buttons),
        Arrays.hashCode(pressCounts),
        connected,
        problem,
        sampledAtNanos);
  }

  @Override
  public String toString() {
    return connected
        ? "ControllerState[" + name + " axes=" + Arrays.toString(axes) + "]"
        : "ControllerState[absent: " + problem + "]";
  }
}
