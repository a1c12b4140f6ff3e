package dev.tandem.teleop.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.tandem.core.data.Action;
import dev.tandem.teleop.Specs;
import org.junit.jupiter.api.Test;

class KeyboardDeviceTest {
  final LatestState<KeyboardState> keys = new LatestState<>();
  KeyboardState state = KeyboardState.idle(0);

  void press(Key... ks) {
    for (Key k : ks) {
      state = state.press(k, 1);
    }
    keys.publish(state);
  }

  void release(Key... ks) {
    for (Key k : ks) {
      state = state.release(k, 1);
    }
    keys.publish(state);
  }

  @Test
  void key_pairs_drive_axes_at_the_configured_speed_and_opposite_keys_cancel() {
    KeyboardDevice d = new KeyboardDevice(KeyboardConfig.defaults(), Specs.eeDelta4(), keys);
    press(Key.UP, Key.LEFT, Key.PAGE_DOWN);
    Action a = d.read(1).action();
    assertThat(a.get(0)).isCloseTo(0.5f, offset(1e-6f));
    assertThat(a.get(1)).isCloseTo(0.5f, offset(1e-6f));
    assertThat(a.get(2)).isCloseTo(-0.5f, offset(1e-6f));
    press(Key.DOWN);
    assertThat(d.read(1).action().get(0)).isZero();
  }

  @Test
  void a_tapped_gripper_key_latches_and_the_deadman_is_level() {
    KeyboardDevice d = new KeyboardDevice(KeyboardConfig.defaults(), Specs.eeDelta4(), keys);
    press(Key.END);
    release(Key.END);
    assertThat(d.read(1).action().get(3)).isEqualTo(-1f);
    press(Key.HOME);
    release(Key.HOME);
    press(Key.LEFT_CONTROL);
    assertThat(d.read(1).action().get(3)).isEqualTo(1f);
    assertThat(d.read(1).deadman()).isTrue();
    keys.publish(state.releaseAll(2));
    assertThat(d.read(2).deadman()).as("focus lost releases the deadman").isFalse();
  }
}
