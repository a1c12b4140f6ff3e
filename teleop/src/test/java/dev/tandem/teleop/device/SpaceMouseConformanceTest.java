package dev.tandem.teleop.device;

import dev.tandem.core.spec.ActionSpec;
import dev.tandem.teleop.TeleopDevice;

class SpaceMouseConformanceTest extends TeleopDeviceConformance {
  @Override
  Driver driver(ActionSpec spec) {
    SyntheticController mouse = SyntheticController.spaceMouse();
    SpaceMouseDevice dev = new SpaceMouseDevice(SpaceMouseConfig.defaults(), spec, mouse.input);
    return new Driver() {
      @Override
      public TeleopDevice device() {
        return dev;
      }

      @Override
      public void idle(long now) {
        mouse.poll(now);
      }

      @Override
      public void deadman(boolean held, long now) {
        mouse.button(0, held).poll(now);
      }

      @Override
      public void forwardFull(long now) {
        mouse.button(0, true).axis(1, -1).poll(now); // push away: kernel y negative
      }

      @Override
      public void everythingFull(long now) {
        for (int a = 0; a < 6; a++) {
          mouse.axis(a, 1);
        }
        mouse.button(0, true).button(1, true).poll(now);
      }

      @Override
      public void unplug(long now) {
        mouse.unplug(now);
      }
    };
  }
}
