package dev.tandem.runtime.extension;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.teleop.TeleopDevice;
import dev.tandem.teleop.device.DeviceInputs;
import dev.tandem.teleop.device.Key;
import dev.tandem.teleop.device.KeyboardState;
import dev.tandem.teleop.device.MappedDevice;
import dev.tandem.teleop.device.RawInput;
import dev.tandem.teleop.device.TeleopDeviceConfig;

/**
 * An input device added from the test tree ({@code type: pedal}): a foot pedal seen as one key of
 * the viewer's keyboard; held, it drives forward (+dx) at {@code speed}. The device class is
 * nested: the config builds it.
 */
public record PedalConfig(String pedal, Double speed, Double staleAfterSeconds)
    implements TeleopDeviceConfig {

  public PedalConfig {
    pedal = ConfigChecks.orDefault(pedal, "insert");
    speed = ConfigChecks.orDefault(speed, 0.5);
    staleAfterSeconds = ConfigChecks.orDefault(staleAfterSeconds, 0.5);
    ConfigChecks.oneOf(pedal, Key.configNames(), "pedal");
    ConfigChecks.inRange(speed, 0.01, 1.0, "speed");
  }

  @Override
  public String deviceName() {
    return "pedal";
  }

  @Override
  public TeleopDevice create(ActionSpec spec, DeviceInputs inputs) {
    return new Pedal(this, spec, inputs.keyboard());
  }

  static final class Pedal extends MappedDevice<KeyboardState> {
    private final Key key;
    private final double speed;

    Pedal(PedalConfig config, ActionSpec spec, RawInput<KeyboardState> input) {
      super(config.deviceName(), spec, input, config.staleAfterSeconds());
      this.key = Key.fromConfig(config.pedal());
      this.speed = config.speed();
    }

    @Override
    protected boolean map(KeyboardState state, double[] motion) {
      boolean held = state.isHeld(key);
      motion[0] = held ? speed : 0;
      return held;
    }
  }

  @Override
  public String deadmanControl() {
    return "the pedal";
  }
}
