package dev.tandem.runtime.extension;

import dev.tandem.core.config.ConfigModule;
import dev.tandem.core.config.ConfigRegistry;
import dev.tandem.core.env.EnvironmentConfig;
import dev.tandem.intervention.memory.MemoryStrategy;
import dev.tandem.intervention.operator.TakeoverRule;
import dev.tandem.intervention.weighting.WeightingScheme;
import dev.tandem.teleop.device.TeleopDeviceConfig;

/**
 * The test tree's registrations, found by {@link java.util.ServiceLoader} through {@code
 * src/test/resources/META-INF/services}: one line per extension, no production file touched.
 */
public final class ExtensionConfigModule implements ConfigModule {
  @Override
  public void register(ConfigRegistry r) {
    r.register(EnvironmentConfig.class, "Hover", HoverConfig.class);
    r.register(EnvironmentConfig.class, "LineWorld", LineWorldConfig.class);
    r.register(WeightingScheme.class, "demos-twice", DemosTwice.class);
    r.register(MemoryStrategy.class, "newest-first", NewestFirst.class);
    r.register(TakeoverRule.class, "from-step", FromStepRule.class);
    r.register(TeleopDeviceConfig.class, "pedal", PedalConfig.class);
  }
}
