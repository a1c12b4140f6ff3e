package dev.tandem.core.config;

/**
 * A module's contribution to the config registry, found with {@link java.util.ServiceLoader}: list
 * the implementation in {@code META-INF/services/dev.tandem.core.config.ConfigModule}.
 */
public interface ConfigModule {
  void register(ConfigRegistry registry);
}
