package dev.tandem.teleop.device;

import dev.tandem.core.spec.ActionSpec;
import dev.tandem.teleop.TeleopDevice;

class KeyboardConformanceTest extends TeleopDeviceConformance {
  @Override
  Driver driver(ActionSpec spec) {
    LatestState<KeyboardState> keys = new LatestState<>();
    KeyboardDevice dev = new KeyboardDevice(KeyboardConfig.defaults(), spec, keys);
    return new Driver() {
      KeyboardState state = KeyboardState.idle(0);

      @Override
      public TeleopDevice device() {
        return dev;
      }

      @Override
      public void idle(long now) {
        state = state.at(now);
        keys.publish(state);
      }

      @Override
      public void deadman(boolean held, long now) {
        state = held ? state.press(Key.LEFT_CONTROL, now) : state.release(Key.LEFT_CONTROL, now);
        keys.publish(state);
      }

      @Override
      public void forwardFull(long now) {
        state = state.press(Key.LEFT_CONTROL, now).press(Key.UP, now);
        keys.publish(state);
      }

      @Override
      public void everythingFull(long now) {
        for (Key k : Key.values()) {
          state = state.press(k, now);
        }
        keys.publish(state);
      }

      @Override
      public void unplug(long now) {
        keys.publish(KeyboardState.absent("the viewer window closed", now));
      }
    };
  }
}
