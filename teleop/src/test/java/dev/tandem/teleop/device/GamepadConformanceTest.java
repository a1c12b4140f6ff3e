package dev.tandem.teleop.device;

import dev.tandem.core.spec.ActionSpec;
import dev.tandem.teleop.TeleopDevice;

class GamepadConformanceTest extends TeleopDeviceConformance {
  @Override
  Driver driver(ActionSpec spec) {
    SyntheticController pad = SyntheticController.gamepad();
    GamepadDevice dev = new GamepadDevice(GamepadConfig.defaults(), spec, pad.input);
    return new Driver() {
      @Override
      public TeleopDevice device() {
        return dev;
      }

      @Override
      public void idle(long now) {
        pad.poll(now);
      }

      @Override
      public void deadman(boolean held, long now) {
        pad.button(GamepadButton.LEFT_BUMPER, held).poll(now);
      }

      @Override
      public void forwardFull(long now) {
        pad.button(GamepadButton.LEFT_BUMPER, true).axis(GamepadAxis.LEFT_Y, -1).poll(now);
      }

      @Override
      public void everythingFull(long now) {
        for (GamepadAxis a : GamepadAxis.values()) {
          pad.axis(a, 1);
        }
        for (GamepadButton b : GamepadButton.values()) {
          pad.button(b, true);
        }
        pad.poll(now);
      }

      @Override
      public void unplug(long now) {
        pad.unplug(now);
      }
    };
  }
}
