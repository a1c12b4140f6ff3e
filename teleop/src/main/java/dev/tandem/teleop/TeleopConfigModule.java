package dev.tandem.teleop;

import dev.tandem.core.config.ConfigModule;
import dev.tandem.core.config.ConfigRegistry;
import dev.tandem.teleop.device.GamepadConfig;
import dev.tandem.teleop.device.KeyboardConfig;
import dev.tandem.teleop.device.SpaceMouseConfig;
import dev.tandem.teleop.device.TeleopDeviceConfig;
import dev.tandem.teleop.viewer.ViewerConfig;

/** Registers the teleop config types: input devices and the viewer. */
public final class TeleopConfigModule implements ConfigModule {
  @Override
  public void register(ConfigRegistry r) {
    r.register(TeleopDeviceConfig.class, "keyboard", KeyboardConfig.class)
        .register(TeleopDeviceConfig.class, "gamepad", GamepadConfig.class)
        .register(TeleopDeviceConfig.class, "spacemouse", SpaceMouseConfig.class);
    r.register(ViewerConfig.class, "viewer", ViewerConfig.class);
  }
}
