package dev.tandem.teleop.device;

import dev.tandem.core.data.Action;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.teleop.DeviceReading;
import dev.tandem.teleop.TeleopDevice;
import java.util.Objects;

/**
 * A device that maps the latest {@link RawState} of its hardware to an action: subclasses fill the
 * motion axes and say whether the deadman is held; this class handles absent and stale input,
 * clipping to the action bounds and the gripper command, which stays until the operator changes it
 * (and follows the robot's applied gripper while another one drives).
 *
 * <p>Not thread-safe: {@link #read} and {@link #followApplied} are called by the session's ticker
 * only. The raw input may be published from any thread.
 */
public abstract class MappedDevice<S extends RawState> implements TeleopDevice {
  private final String name;
  private final EeDeltaLayout layout;
  private final RawInput<S> input;
  private final long staleAfterNanos;
  private float gripper;
  private long lastReadNanos = Long.MIN_VALUE;
  private boolean lastDeadman;

  protected MappedDevice(
      String name, ActionSpec spec, RawInput<S> input, double staleAfterSeconds) {
    this.name = Objects.requireNonNull(name, "name");
    this.layout = EeDeltaLayout.of(Objects.requireNonNull(spec, "spec"));
    this.input = Objects.requireNonNull(input, "input");
    this.staleAfterNanos = (long) (staleAfterSeconds * 1e9);
  }

  /**
   * Reads motion from {@code state} into {@code motion} (the six axes of {@link
   * EeDeltaLayout#MOTION_AXES}, in action units before clipping), updates the gripper through
   * {@link #openGripper()} and friends, and returns whether the deadman is held.
   */
  protected abstract boolean map(S state, double[] motion);

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final ActionSpec actionSpec() {
    return layout.spec();
  }

  public final EeDeltaLayout layout() {
    return layout;
  }

  /**
   * The device now. Input older than {@code staleAfterSeconds} reads as lost (the poller stopped),
   * except on a read that comes more than half that late after the previous one: then the whole
   * process was held up (a long GC pause, a CPU taken by other work), the poller with it, and its
   * input is stale for the same reason; that read holds position (the deadman as last read, no
   * motion) and the next one, on time, decides.
   */
  @Override
  public final DeviceReading read(long nowNanos) {
    long previousRead = lastReadNanos;
    lastReadNanos = nowNanos;
    S state = input.latest();
    if (state == null) {
      return DeviceReading.lost("no input from the " + name + " yet", hold());
    }
    if (!state.connected()) {
      return DeviceReading.lost(
          state.problem().isEmpty() ? name + " not connected" : state.problem(), hold());
    }
    long ageNanos = nowNanos - state.sampledAtNanos();
    if (ageNanos > staleAfterNanos) {
      if (previousRead != Long.MIN_VALUE && nowNanos - previousRead > staleAfterNanos / 2) {
        return DeviceReading.of(lastDeadman, hold());
      }
      lastDeadman = false;
      return DeviceReading.lost(
          "no input from the " + name + " for " + ageNanos / 1_000_000 + " ms (input stopped)",
          hold());
    }
    double[] motion = new double[6];
    boolean deadman = map(state, motion);
    lastDeadman = deadman;
    ActionSpec spec = layout.spec();
    float[] values = new float[spec.dim()];
    for (int a = 0; a < 6; a++) {
      int i = layout.motionIndex(a);
      if (i >= 0) {
        double v = Double.isFinite(motion[a]) ? motion[a] : 0.0;
        // + 0.0 turns an inverted zero (-0.0) into 0.0
        values[i] = (float) (Math.max(spec.low()[i], Math.min(spec.high()[i], v)) + 0.0);
      }
    }
    if (layout.hasGripper()) {
      values[layout.gripper()] = gripper;
    }
    return DeviceReading.of(deadman, new Action(values));
  }

  @Override
  public final void followApplied(Action applied) {
    if (layout.hasGripper() && applied != null && applied.dim() == layout.dim()) {
      float g = applied.get(layout.gripper());
      if (Float.isFinite(g)) {
        gripper = g;
      }
    }
  }

  @Override
  public final Action hold() {
    float[] values = new float[layout.dim()];
    if (layout.hasGripper()) {
      values[layout.gripper()] = gripper;
    }
    return new Action(values);
  }

  protected final void openGripper() {
    gripper = layout.gripperOpen();
  }

  protected final void closeGripper() {
    gripper = layout.gripperClosed();
  }

  /** Closes an open (or half-open) gripper, opens a closed one. */
  protected final void toggleGripper() {
    float mid = (layout.gripperOpen() + layout.gripperClosed()) / 2f;
    gripper = gripper > mid ? layout.gripperClosed() : layout.gripperOpen();
  }

  /** The gripper command the device gives now. */
  public final float gripperCommand() {
    return gripper;
  }

  /**
   * Maps a stick value through a deadzone: |v| up to {@code deadzone} reads 0, beyond it the value
   * rises linearly to 1 at full travel (no jump at the edge), clamped to [-1, 1].
   */
  public static double deadzone(double v, double deadzone) {
    if (!Double.isFinite(v)) {
      return 0.0;
    }
    double a = Math.abs(v);
    if (a <= deadzone) {
      return 0.0;
    }
    return Math.signum(v) * Math.min(1.0, (a - deadzone) / (1.0 - deadzone));
  }

  /**
   * True when the control is held now or went down since the last look (its press count rose);
   * updates {@code lastSeen}.
   */
  protected static boolean pressed(boolean held, long count, long[] lastSeen, int slot) {
    return newPress(count, lastSeen, slot) || held;
  }

  /** True when the control went down since the last look (toggles); updates {@code lastSeen}. */
  protected static boolean newPress(long count, long[] lastSeen, int slot) {
    // a count below the last one seen means the device came back and counts afresh
    boolean tapped = count < lastSeen[slot] ? count > 0 : count > lastSeen[slot];
    lastSeen[slot] = count;
    return tapped;
  }
}
