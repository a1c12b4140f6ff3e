package dev.tandem.teleop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Action;
import dev.tandem.teleop.OperatorEvent.CommandIssued;
import dev.tandem.teleop.OperatorEvent.DeviceLost;
import dev.tandem.teleop.OperatorEvent.Released;
import dev.tandem.teleop.OperatorEvent.TakeoverStarted;
import dev.tandem.teleop.device.ControllerState;
import dev.tandem.teleop.device.GamepadConfig;
import dev.tandem.teleop.device.GamepadDevice;
import dev.tandem.teleop.device.LatestState;
import dev.tandem.teleop.device.SpaceMouseConfig;
import dev.tandem.teleop.device.SpaceMouseDevice;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The takeover protocol over real device mappings fed synthetic gamepad / SpaceMouse states. */
class TeleopSessionTest {
  static final long TICK = 50_000_000L; // 20 Hz

  final List<OperatorEvent> events = new ArrayList<>();
  final LatestState<ControllerState> padInput = new LatestState<>();
  final LatestState<ControllerState> mouseInput = new LatestState<>();
  ControllerState pad;
  ControllerState mouse;

  GamepadDevice gamepad() {
    return new GamepadDevice(GamepadConfig.defaults(), Specs.eeDelta4(), padInput);
  }

  SpaceMouseDevice spaceMouse() {
    return new SpaceMouseDevice(SpaceMouseConfig.defaults(), Specs.eeDelta4(), mouseInput);
  }

  /** Gamepad: left stick forward by {@code forward}, left bumper (deadman) as given. */
  void pad(long now, boolean deadman, double forward) {
    float[] axes = {0, (float) -forward, 0, 0, -1, -1};
    boolean[] buttons = new boolean[15];
    buttons[4] = deadman;
    pad = ControllerState.sample("Pad", axes, buttons, pad, now);
    padInput.publish(pad);
  }

  void mouse(long now, boolean deadman, double left) {
    float[] axes = {(float) -left, 0, 0, 0, 0, 0};
    boolean[] buttons = {deadman, false};
    mouse = ControllerState.sample("SpaceMouse", axes, buttons, mouse, now);
    mouseInput.publish(mouse);
  }

  static long t(int tick) {
    return 1_000_000_000L + tick * TICK;
  }

  <T extends OperatorEvent> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void deadman_held_takes_over_at_that_tick_and_release_hands_back_at_that_tick() {
    TeleopSession s = new TeleopSession(List.of(gamepad()), events::add);
    for (int k = 0; k < 10; k++) {
      boolean held = k >= 3 && k < 7;
      pad(t(k) - 5_000_000L, held, held ? 0.8 : 0); // input arrives 5 ms before the tick
      s.tick(t(k));
    }
    assertThat(of(TakeoverStarted.class))
        .containsExactly(new TakeoverStarted("operator takeover (gamepad)", t(3)));
    assertThat(of(Released.class))
        .containsExactly(new Released("deadman released (gamepad)", t(7)));
    List<CommandIssued> commands = of(CommandIssued.class);
    assertThat(commands)
        .extracting(CommandIssued::tickStampNanos)
        .containsExactly(t(3), t(4), t(5), t(6));
    float expected = (float) ((0.8 - 0.12) / 0.88);
    for (CommandIssued c : commands) {
      assertThat(c.action().get(0)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6f));
    }
    // order: takeover, its first command, ..., release
    assertThat(events.get(0)).isInstanceOf(TakeoverStarted.class);
    assertThat(events.get(1)).isInstanceOf(CommandIssued.class);
    assertThat(events.get(events.size() - 1)).isInstanceOf(Released.class);
    assertThat(s.holder()).isEmpty();
  }

  @Test
  void a_device_lost_mid_takeover_holds_position_and_hands_back_saying_so() {
    GamepadDevice device = gamepad();
    TeleopSession s = new TeleopSession(List.of(device), events::add);
    s.followApplied(Action.of(0.1f, 0, 0, -1f)); // the policy had closed the gripper
    pad(t(0), false, 0);
    s.tick(t(0));
    pad(t(1), true, 1.0);
    s.tick(t(1));
    pad(t(2), true, 1.0);
    s.tick(t(2));
    padInput.publish(ControllerState.absent("gamepad 'Pad' disconnected", t(3)));
    s.tick(t(3));
    s.tick(t(4));

    int lost = events.indexOf(of(DeviceLost.class).get(0));
    assertThat(of(DeviceLost.class))
        .containsExactly(new DeviceLost("gamepad", "gamepad 'Pad' disconnected", t(3)));
    CommandIssued hold = (CommandIssued) events.get(lost + 1);
    assertThat(hold.tickStampNanos()).isEqualTo(t(3));
    assertThat(hold.action().values())
        .as("zero end-effector delta, gripper kept closed")
        .containsExactly(0f, 0f, 0f, -1f);
    Released released = (Released) events.get(lost + 2);
    assertThat(released.tickStampNanos()).isEqualTo(t(3));
    assertThat(released.reason())
        .contains("gamepad lost")
        .contains("disconnected")
        .contains("holding position")
        .contains("control back to the policy");
    assertThat(events).hasSize(lost + 3);
    assertThat(s.holder()).isEmpty();
  }

  @Test
  void input_that_goes_stale_mid_takeover_counts_as_a_lost_device() {
    TeleopSession s = new TeleopSession(List.of(gamepad()), events::add);
    pad(t(0), false, 0);
    s.tick(t(0));
    pad(t(1), true, 0.5);
    s.tick(t(1));
    // the poller stops: no new state; the default stale limit is 0.5 s = 10 ticks
    for (int k = 2; k <= 12; k++) {
      s.tick(t(k));
    }
    DeviceLost lost = of(DeviceLost.class).get(0);
    assertThat(lost.tickStampNanos()).isEqualTo(t(12));
    assertThat(lost.reason()).contains("no input from the gamepad for 550 ms");
    // ticks 1..11 while the input was fresh, then the hold at the tick it was lost
    assertThat(of(CommandIssued.class)).hasSize(12);
    assertThat(of(CommandIssued.class).get(11).action().values()).containsOnly(0f);
    assertThat(of(Released.class)).hasSize(1);
  }

  @Test
  void a_device_that_comes_back_with_the_deadman_held_must_release_it_first() {
    TeleopSession s = new TeleopSession(List.of(gamepad()), events::add);
    pad(t(0), true, 0.5); // plugged in with the button already held
    s.tick(t(0));
    pad(t(1), true, 0.5);
    s.tick(t(1));
    assertThat(events).isEmpty();
    pad(t(2), false, 0);
    s.tick(t(2));
    pad(t(3), true, 0.5);
    s.tick(t(3));
    assertThat(of(TakeoverStarted.class))
        .extracting(TakeoverStarted::tickStampNanos)
        .containsExactly(t(3));

    padInput.publish(ControllerState.absent("gone", t(4)));
    s.tick(t(4));
    pad = null;
    pad(t(5), true, 0.5); // back, button still held
    s.tick(t(5));
    assertThat(of(TakeoverStarted.class)).hasSize(1);
    pad(t(6), false, 0);
    s.tick(t(6));
    pad(t(7), true, 0);
    s.tick(t(7));
    assertThat(of(TakeoverStarted.class)).hasSize(2);
  }

  @Test
  void one_device_drives_at_a_time_and_another_held_deadman_takes_over_on_release() {
    TeleopSession s = new TeleopSession(List.of(gamepad(), spaceMouse()), events::add);
    pad(t(0), false, 0);
    mouse(t(0), false, 0);
    s.tick(t(0));
    pad(t(1), true, 0.5);
    mouse(t(1), true, 0.5);
    s.tick(t(1));
    assertThat(s.holder()).contains("gamepad");
    pad(t(2), false, 0);
    mouse(t(2), true, 0.5);
    s.tick(t(2));
    // the gamepad released at tick 2; the SpaceMouse, held all along, takes over the same tick
    assertThat(events)
        .filteredOn(e -> !(e instanceof CommandIssued))
        .containsExactly(
            new TakeoverStarted("operator takeover (gamepad)", t(1)),
            new Released("deadman released (gamepad)", t(2)),
            new TakeoverStarted("operator takeover (spacemouse)", t(2)));
    CommandIssued last = of(CommandIssued.class).get(of(CommandIssued.class).size() - 1);
    assertThat(last.action().get(1)).as("SpaceMouse pushed left: +y").isGreaterThan(0f);
  }

  @Test
  void a_device_lost_while_not_driving_is_reported_without_a_release() {
    TeleopSession s = new TeleopSession(List.of(gamepad()), events::add);
    s.tick(t(0)); // never connected: nothing to report
    assertThat(events).isEmpty();
    pad(t(1), false, 0);
    s.tick(t(1));
    padInput.publish(ControllerState.absent("unplugged", t(2)));
    s.tick(t(2));
    s.tick(t(3));
    assertThat(events).containsExactly(new DeviceLost("gamepad", "unplugged", t(2)));
  }

  @Test
  void a_failing_listener_does_not_stop_the_session() {
    List<OperatorEvent> seen = new ArrayList<>();
    OperatorListener failing =
        e -> {
          seen.add(e);
          throw new IllegalStateException("boom");
        };
    TeleopSession s = new TeleopSession(List.of(gamepad()), failing);
    pad(t(0), false, 0);
    s.tick(t(0));
    pad(t(1), true, 0.5);
    s.tick(t(1));
    pad(t(2), true, 0.5);
    s.tick(t(2));
    assertThat(seen).hasSize(3);
  }

  @Test
  void devices_must_share_one_action_spec_and_have_distinct_names() {
    SpaceMouseDevice seven =
        new SpaceMouseDevice(SpaceMouseConfig.defaults(), Specs.eeDelta7(), mouseInput);
    assertThatThrownBy(() -> new TeleopSession(List.of(gamepad(), seven), events::add))
        .hasMessageContaining("spacemouse")
        .hasMessageContaining("produces");
    assertThatThrownBy(() -> new TeleopSession(List.of(gamepad(), gamepad()), events::add))
        .hasMessageContaining("two devices are named 'gamepad'");
    assertThatThrownBy(() -> new TeleopSession(List.of(), events::add))
        .hasMessageContaining("at least one device");
  }
}
