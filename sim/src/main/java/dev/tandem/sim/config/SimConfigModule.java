package dev.tandem.sim.config;

import dev.tandem.core.config.ConfigModule;
import dev.tandem.core.config.ConfigRegistry;
import dev.tandem.core.env.EnvironmentConfig;

/** Registers the simulated tasks as environment configs: {@code type: Reach} and so on. */
public final class SimConfigModule implements ConfigModule {
  @Override
  public void register(ConfigRegistry r) {
    r.register(EnvironmentConfig.class, "Reach", ReachConfig.class)
        .register(EnvironmentConfig.class, "Push", PushConfig.class)
        .register(EnvironmentConfig.class, "PickAndPlace", PickAndPlaceConfig.class)
        .register(EnvironmentConfig.class, "PegInsertion", PegInsertionConfig.class);
  }
}
