package dev.tandem.teleop.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.tandem.core.data.Action;
import dev.tandem.teleop.Specs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Gamepad mapping through the device interface, with synthetic states. */
class GamepadDeviceTest {
  static final long T = 1_000_000L;

  final SyntheticController pad = SyntheticController.gamepad();

  GamepadDevice device(GamepadConfig config) {
    return new GamepadDevice(config, Specs.eeDelta4(), pad.input);
  }

  Action read(GamepadDevice d) {
    return d.read(T).action();
  }

  @Test
  void stick_inside_the_deadzone_reads_zero_and_rises_continuously_beyond_it() {
    GamepadDevice d = device(GamepadConfig.defaults()); // deadzone 0.12
    pad.axis(GamepadAxis.LEFT_X, 0.11).poll(T);
    assertThat(read(d).get(1)).isZero();
    pad.axis(GamepadAxis.LEFT_X, -0.13).poll(T);
    // just past the edge: (0.13 - 0.12) / 0.88, inverted (stick left is +y)
    assertThat(read(d).get(1)).isCloseTo(0.01f / 0.88f, offset(1e-5f));
    pad.axis(GamepadAxis.LEFT_X, -0.56).poll(T);
    assertThat(read(d).get(1)).isCloseTo(0.5f, offset(1e-5f));
    pad.axis(GamepadAxis.LEFT_X, -1).poll(T);
    assertThat(read(d).get(1)).isEqualTo(1f);
  }

  @Test
  void sticks_map_to_the_configured_axes_with_inversion() {
    GamepadDevice d = device(GamepadConfig.defaults());
    // stick up (GLFW: -1) is forward (+x); stick right (+1) is -y
    pad.axis(GamepadAxis.LEFT_Y, -1).axis(GamepadAxis.LEFT_X, 1).poll(T);
    Action a = read(d);
    assertThat(a.get(0)).isEqualTo(1f);
    assertThat(a.get(1)).isEqualTo(-1f);
    assertThat(a.get(2)).isZero();
  }

  @Test
  void scale_multiplies_and_the_result_is_clipped_to_the_bounds() {
    GamepadConfig half = new GamepadConfig(null, 0.0, 0.5, null, null, null, null, null);
    GamepadDevice d = device(half);
    pad.axis(GamepadAxis.LEFT_Y, -0.8).poll(T);
    assertThat(read(d).get(0)).isCloseTo(0.4f, offset(1e-6f));

    GamepadConfig triple = new GamepadConfig(null, 0.0, 3.0, null, null, null, null, null);
    GamepadDevice d3 = device(triple);
    pad.axis(GamepadAxis.LEFT_Y, -0.8).poll(T);
    assertThat(read(d3).get(0)).as("2.4 clipped to the upper bound").isEqualTo(1f);
  }

  @Test
  void triggers_rest_at_minus_one_and_drive_a_pair_binding_from_zero() {
    GamepadConfig triggers =
        new GamepadConfig(
            null,
            0.1,
            null,
            null,
            Map.of("dz", GamepadAxisBinding.pair("right_trigger", "left_trigger")),
            null,
            null,
            null);
    GamepadDevice d = device(triggers);
    pad.poll(T); // both triggers released (-1)
    assertThat(read(d).get(2)).isZero();
    pad.axis(GamepadAxis.RIGHT_TRIGGER, 1).poll(T); // fully pressed
    assertThat(read(d).get(2)).isEqualTo(1f);
    pad.axis(GamepadAxis.LEFT_TRIGGER, 1).poll(T); // both: cancel
    assertThat(read(d).get(2)).isZero();
    pad.axis(GamepadAxis.RIGHT_TRIGGER, -1).axis(GamepadAxis.LEFT_TRIGGER, 0).poll(T);
    // half pressed: 0.5 through the 0.1 deadzone
    assertThat(read(d).get(2)).isCloseTo(-(0.5f - 0.1f) / 0.9f, offset(1e-5f));
  }

  @Test
  void buttons_can_drive_an_axis_pair() {
    GamepadConfig dpad =
        new GamepadConfig(
            null,
            null,
            0.4,
            null,
            Map.of("dz", GamepadAxisBinding.pair("dpad_up", "dpad_down")),
            null,
            null,
            null);
    GamepadDevice d = device(dpad);
    pad.button(GamepadButton.DPAD_UP, true).poll(T);
    assertThat(read(d).get(2)).isCloseTo(0.4f, offset(1e-6f));
    pad.button(GamepadButton.DPAD_UP, false).button(GamepadButton.DPAD_DOWN, true).poll(T);
    assertThat(read(d).get(2)).isCloseTo(-0.4f, offset(1e-6f));
  }

  @Test
  void the_deadman_can_be_a_trigger_past_its_threshold() {
    GamepadConfig triggerDeadman =
        new GamepadConfig(
            null,
            null,
            null,
            null,
            Map.of("dx", GamepadAxisBinding.axis("left_y", true)),
            new GamepadDeadman(null, "left_trigger", 0.6),
            null,
            null);
    GamepadDevice d = device(triggerDeadman);
    pad.axis(GamepadAxis.LEFT_TRIGGER, 0.1).poll(T); // 55 % pressed
    assertThat(d.read(T).deadman()).isFalse();
    pad.axis(GamepadAxis.LEFT_TRIGGER, 0.3).poll(T); // 65 %
    assertThat(d.read(T).deadman()).isTrue();
  }

  @Test
  void gripper_buttons_latch_the_command_and_a_tap_between_ticks_counts() {
    GamepadDevice d = device(GamepadConfig.defaults()); // open: y, close: a
    pad.poll(T);
    assertThat(read(d).get(3)).as("nothing known: 0").isZero();
    pad.button(GamepadButton.A, true).poll(T);
    assertThat(read(d).get(3)).isEqualTo(-1f);
    pad.button(GamepadButton.A, false).poll(T);
    assertThat(read(d).get(3)).as("stays closed after release").isEqualTo(-1f);
    // Y pressed and released between two reads
    pad.button(GamepadButton.Y, true).poll(T);
    pad.button(GamepadButton.Y, false).poll(T);
    assertThat(read(d).get(3)).isEqualTo(1f);
    assertThat(read(d).get(3)).isEqualTo(1f);
  }

  @Test
  void rotation_axes_are_driven_only_when_the_spec_has_them() {
    GamepadConfig yaw =
        new GamepadConfig(
            null,
            0.0,
            null,
            null,
            Map.of(
                "dx", GamepadAxisBinding.axis("left_y", true),
                "dyaw", GamepadAxisBinding.axis("right_x", true)),
            null,
            null,
            null);
    pad.axis(GamepadAxis.RIGHT_X, -0.5).poll(T);
    GamepadDevice d7 = new GamepadDevice(yaw, Specs.eeDelta7(), pad.input);
    Action a7 = d7.read(T).action();
    assertThat(a7.get(5)).isCloseTo(0.5f, offset(1e-6f));
    GamepadDevice d4 = new GamepadDevice(yaw, Specs.eeDelta4(), pad.input);
    Action a4 = d4.read(T).action();
    assertThat(a4.values()).containsExactly(0f, 0f, 0f, 0f);
  }

  @Test
  void a_reconnected_pad_counts_presses_afresh() {
    GamepadDevice d = device(GamepadConfig.defaults());
    for (int i = 0; i < 3; i++) {
      pad.button(GamepadButton.A, true).poll(T);
      pad.button(GamepadButton.A, false).poll(T);
    }
    assertThat(read(d).get(3)).isEqualTo(-1f);
    pad.button(GamepadButton.Y, true).poll(T);
    pad.button(GamepadButton.Y, false).poll(T);
    assertThat(read(d).get(3)).isEqualTo(1f);
    pad.unplug(T);
    d.read(T);
    // the new pad's press counts start again at 0: its first tap of A (count 1 < 3) must count
    pad.button(GamepadButton.A, true).poll(T);
    pad.button(GamepadButton.A, false).poll(T);
    assertThat(read(d).get(3)).isEqualTo(-1f);
  }
}
