package dev.tandem.bridge;

import dev.tandem.core.config.ConfigModule;
import dev.tandem.core.config.ConfigRegistry;
import dev.tandem.core.env.EnvironmentConfig;

/** Registers the ROS 2 robot as an environment kind: {@code type: ros2}. */
public final class RobotBridgeConfigModule implements ConfigModule {
  @Override
  public void register(ConfigRegistry r) {
    r.register(EnvironmentConfig.class, "ros2", Ros2RobotConfig.class);
  }
}
