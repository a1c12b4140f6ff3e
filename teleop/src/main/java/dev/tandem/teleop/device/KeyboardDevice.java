package dev.tandem.teleop.device;

import dev.tandem.core.spec.ActionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The viewer's keyboard as a {@link dev.tandem.teleop.TeleopDevice}: a held key pair drives a
 * motion axis at {@code speed}, the deadman key must be held to drive, two keys set the gripper.
 */
public final class KeyboardDevice extends MappedDevice<KeyboardState> {
  private final KeyboardConfig config;
  private final List<Bound> bindings = new ArrayList<>();
  private final Key deadman;
  private final Key open;
  private final Key close;
  private final long[] lastPresses = new long[2];

  private record Bound(int motionAxis, Key positive, Key negative) {}

  public KeyboardDevice(KeyboardConfig config, ActionSpec spec, RawInput<KeyboardState> input) {
    super(config.deviceName(), spec, input, config.staleAfterSeconds());
    this.config = config;
    for (Map.Entry<String, KeyPair> e : config.keys().entrySet()) {
      bindings.add(
          new Bound(
              EeDeltaLayout.MOTION_AXES.indexOf(e.getKey()),
              Key.fromConfig(e.getValue().positive()),
              Key.fromConfig(e.getValue().negative())));
    }
    this.deadman = Key.fromConfig(config.deadman());
    this.open = Key.fromConfig(config.gripperOpen());
    this.close = Key.fromConfig(config.gripperClose());
  }

  public KeyboardConfig config() {
    return config;
  }

  @Override
  protected boolean map(KeyboardState s, double[] motion) {
    for (Bound b : bindings) {
      int v = (s.isHeld(b.positive()) ? 1 : 0) - (s.isHeld(b.negative()) ? 1 : 0);
      motion[b.motionAxis()] = v * config.speed();
    }
    boolean opening = pressed(s.isHeld(open), s.pressCount(open), lastPresses, 0);
    boolean closing = pressed(s.isHeld(close), s.pressCount(close), lastPresses, 1);
    if (opening && !closing) {
      openGripper();
    } else if (closing && !opening) {
      closeGripper();
    }
    return s.isHeld(deadman);
  }
}
