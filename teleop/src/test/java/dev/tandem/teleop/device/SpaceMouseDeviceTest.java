package dev.tandem.teleop.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.tandem.core.data.Action;
import dev.tandem.teleop.Specs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SpaceMouse mapping through the device interface, with synthetic states. */
class SpaceMouseDeviceTest {
  static final long T = 1_000_000L;

  final SyntheticController mouse = SyntheticController.spaceMouse();

  @Test
  void six_axes_map_to_translation_and_rotation_with_default_signs() {
    SpaceMouseDevice d =
        new SpaceMouseDevice(SpaceMouseConfig.defaults(), Specs.eeDelta7(), mouse.input);
    // push away (y -0.4), left (x -0.2), lift (z -0.3), twist (rz 0.2)
    mouse.axis(1, -0.4).axis(0, -0.2).axis(2, -0.3).axis(5, 0.2).poll(T);
    Action a = d.read(T).action();
    double dz = 0.08; // default deadzone
    double s = 1.5; // default scale
    assertThat(a.get(0)).isCloseTo((float) ((0.4 - dz) / (1 - dz) * s), offset(1e-5f));
    assertThat(a.get(1)).isCloseTo((float) ((0.2 - dz) / (1 - dz) * s), offset(1e-5f));
    assertThat(a.get(2)).isCloseTo((float) ((0.3 - dz) / (1 - dz) * s), offset(1e-5f));
    assertThat(a.get(3)).isZero();
    assertThat(a.get(4)).isZero();
    assertThat(a.get(5)).isCloseTo((float) (-(0.2 - dz) / (1 - dz) * s), offset(1e-5f));
  }

  @Test
  void small_puck_drift_inside_the_deadzone_gives_no_motion() {
    SpaceMouseDevice d =
        new SpaceMouseDevice(SpaceMouseConfig.defaults(), Specs.eeDelta7(), mouse.input);
    for (int i = 0; i < 6; i++) {
      mouse.axis(i, (i % 2 == 0 ? 1 : -1) * 0.079);
    }
    mouse.poll(T);
    assertThat(d.read(T).action().values()).containsOnly(0f);
  }

  @Test
  void inversion_and_per_axis_scale_follow_the_config() {
    SpaceMouseConfig c =
        new SpaceMouseConfig(
            3,
            null,
            0.0,
            1.0,
            null,
            Map.of(
                "dx", new JoystickAxisBinding(0, false, 0.5),
                "dz", new JoystickAxisBinding(1, true, 2.0)),
            null,
            null);
    SpaceMouseDevice d = new SpaceMouseDevice(c, Specs.eeDelta4(), mouse.input);
    mouse.axis(0, 0.6).axis(1, 0.2).poll(T);
    Action a = d.read(T).action();
    assertThat(a.get(0)).isCloseTo(0.3f, offset(1e-6f));
    assertThat(a.get(1)).isZero();
    assertThat(a.get(2)).isCloseTo(-0.4f, offset(1e-6f));
  }

  @Test
  void rotations_are_dropped_for_a_translation_only_spec() {
    SpaceMouseDevice d =
        new SpaceMouseDevice(SpaceMouseConfig.defaults(), Specs.eeDelta4(), mouse.input);
    mouse.axis(3, 1).axis(4, 1).axis(5, 1).poll(T);
    assertThat(d.read(T).action().values()).containsOnly(0f);
  }

  @Test
  void the_second_button_toggles_the_gripper_once_per_press() {
    SpaceMouseDevice d =
        new SpaceMouseDevice(SpaceMouseConfig.defaults(), Specs.eeDelta4(), mouse.input);
    d.followApplied(Action.of(0, 0, 0, 1f)); // open
    mouse.button(1, true).poll(T);
    assertThat(d.read(T).action().get(3)).isEqualTo(-1f);
    mouse.poll(T); // still held: no second toggle
    assertThat(d.read(T).action().get(3)).isEqualTo(-1f);
    mouse.button(1, false).poll(T);
    mouse.button(1, true).poll(T);
    assertThat(d.read(T).action().get(3)).isEqualTo(1f);
  }

  @Test
  void the_first_button_is_the_deadman() {
    SpaceMouseDevice d =
        new SpaceMouseDevice(SpaceMouseConfig.defaults(), Specs.eeDelta4(), mouse.input);
    mouse.button(0, true).poll(T);
    assertThat(d.read(T).deadman()).isTrue();
    mouse.button(0, false).button(1, true).poll(T);
    assertThat(d.read(T).deadman()).isFalse();
  }
}
