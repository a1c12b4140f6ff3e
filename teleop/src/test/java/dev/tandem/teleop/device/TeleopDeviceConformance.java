package dev.tandem.teleop.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.Action;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.teleop.DeviceReading;
import dev.tandem.teleop.Specs;
import dev.tandem.teleop.TeleopDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TeleopDevice} must do, written once and run against each device with a driver
 * that works its raw input.
 */
abstract class TeleopDeviceConformance {
  static final long MS = 1_000_000L;

  /** Works one device's raw input. */
  interface Driver {
    TeleopDevice device();

    /** Nothing pressed, polled at {@code now}. */
    void idle(long now);

    /** The deadman held (and nothing else), polled at {@code now}. */
    void deadman(boolean held, long now);

    /** Full +x motion (forward) with the deadman held. */
    void forwardFull(long now);

    /** Every control at its extreme, to test clipping. */
    void everythingFull(long now);

    void unplug(long now);
  }

  abstract Driver driver(ActionSpec spec);

  Driver d;
  TeleopDevice device;

  @BeforeEach
  void setUp() {
    d = driver(Specs.eeDelta4());
    device = d.device();
  }

  @Test
  void the_action_spec_is_known_before_the_device_connects() {
    assertThat(device.actionSpec()).isEqualTo(Specs.eeDelta4());
    DeviceReading r = device.read(0);
    assertThat(r.connected()).isFalse();
    assertThat(r.problem()).contains("no input");
    assertThat(r.action().dim()).isEqualTo(4);
  }

  @Test
  void idle_device_is_connected_without_deadman_and_without_motion() {
    d.idle(10 * MS);
    DeviceReading r = device.read(12 * MS);
    assertThat(r.connected()).isTrue();
    assertThat(r.deadman()).isFalse();
    assertThat(motion(r.action())).containsExactly(0f, 0f, 0f);
  }

  @Test
  void holding_the_deadman_reads_as_held_and_releasing_as_released() {
    d.deadman(true, 10 * MS);
    assertThat(device.read(10 * MS).deadman()).isTrue();
    d.deadman(false, 20 * MS);
    assertThat(device.read(20 * MS).deadman()).isFalse();
  }

  @Test
  void forward_input_gives_positive_dx_only() {
    d.forwardFull(10 * MS);
    DeviceReading r = device.read(10 * MS);
    assertThat(r.deadman()).isTrue();
    assertThat(r.action().get(0)).isGreaterThan(0.3f);
    assertThat(r.action().get(1)).isZero();
    assertThat(r.action().get(2)).isZero();
  }

  @Test
  void extreme_input_stays_within_the_action_bounds() {
    d.everythingFull(10 * MS);
    Action a = device.read(10 * MS).action();
    ActionSpec spec = device.actionSpec();
    for (int i = 0; i < a.dim(); i++) {
      assertThat((double) a.get(i)).isBetween(spec.low()[i], spec.high()[i]);
    }
  }

  @Test
  void an_unplugged_device_reads_as_lost_with_the_reason() {
    d.forwardFull(10 * MS);
    assertThat(device.read(10 * MS).connected()).isTrue();
    d.unplug(20 * MS);
    DeviceReading r = device.read(20 * MS);
    assertThat(r.connected()).isFalse();
    assertThat(r.deadman()).isFalse();
    assertThat(r.problem()).isNotEmpty();
    assertThat(motion(r.action())).containsExactly(0f, 0f, 0f);
  }

  @Test
  void input_that_stops_being_polled_goes_stale() {
    d.forwardFull(10 * MS);
    assertThat(device.read(400 * MS).connected()).isTrue();
    DeviceReading r = device.read(10 * MS + 600 * MS);
    assertThat(r.connected()).isFalse();
    assertThat(r.problem()).contains("no input").contains("600 ms");
  }

  @Test
  void a_read_held_up_with_its_poller_holds_position_and_the_next_read_decides() {
    d.forwardFull(10 * MS);
    assertThat(device.read(100 * MS).deadman()).isTrue();
    // the whole process stood still 600 ms (reader and poller alike): the input is 690 ms old
    DeviceReading late = device.read(700 * MS);
    assertThat(late.connected()).as("not lost for the reader's own stall").isTrue();
    assertThat(late.deadman()).isTrue();
    assertThat(motion(late.action())).containsExactly(0f, 0f, 0f);
    // the poller runs again: driving goes on
    d.forwardFull(720 * MS);
    DeviceReading on = device.read(750 * MS);
    assertThat(on.connected()).isTrue();
    assertThat(on.action().get(0)).isGreaterThan(0.3f);
    // held up again, and this time the poller stays stopped: the next read on time finds it lost
    assertThat(device.read(1400 * MS).connected()).isTrue();
    DeviceReading lost = device.read(1450 * MS);
    assertThat(lost.connected()).isFalse();
    assertThat(lost.problem()).contains("no input").contains("730 ms");
  }

  @Test
  void hold_is_no_motion_and_keeps_the_followed_gripper() {
    device.followApplied(Action.of(0.3f, 0.2f, 0.1f, -1f));
    Action hold = device.hold();
    assertThat(motion(hold)).containsExactly(0f, 0f, 0f);
    assertThat(hold.get(3)).isEqualTo(-1f);
    d.deadman(true, 10 * MS);
    assertThat(device.read(10 * MS).action().get(3))
        .as("a takeover continues with the gripper as it was")
        .isEqualTo(-1f);
  }

  @Test
  void a_spec_that_is_not_an_end_effector_delta_is_refused_at_construction() {
    ActionSpec joints =
        new ActionSpec(
            ActionSpec.ActionMode.JOINT_POSITION,
            java.util.List.of("j1", "j2"),
            new double[] {-1, -1},
            new double[] {1, 1});
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> driver(joints))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EE_DELTA")
        .hasMessageContaining("JOINT_POSITION");
  }

  static float[] motion(Action a) {
    return new float[] {a.get(0), a.get(1), a.get(2)};
  }
}
