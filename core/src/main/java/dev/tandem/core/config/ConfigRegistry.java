package dev.tandem.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Which Java record a {@code type:} name selects, per config family. A family is a base interface
 * (e.g. a task config, a weighting scheme); each implementation registers under a name that is
 * unique within its family. Top-level config files are looked up by name across all families, so
 * top-level names are unique overall.
 */
public final class ConfigRegistry {
  private final Map<Class<?>, Map<String, Class<?>>> families = new LinkedHashMap<>();

  /** A registry holding every {@link ConfigModule} on the class path. */
  public static ConfigRegistry discover() {
    ConfigRegistry r = new ConfigRegistry();
    for (ConfigModule m : ServiceLoader.load(ConfigModule.class)) {
      m.register(r);
    }
    return r;
  }

  public <T> ConfigRegistry register(Class<T> family, String name, Class<? extends T> type) {
    if (!family.isAssignableFrom(type)) {
      throw new IllegalArgumentException(
          type.getName() + " does not implement " + family.getName());
    }
    if (!type.isRecord()) {
      throw new IllegalArgumentException(
          "config type " + type.getName() + " must be a record (one config record per component)");
    }
    Map<String, Class<?>> names = families.computeIfAbsent(family, f -> new TreeMap<>());
    Class<?> previous = names.putIfAbsent(name, type);
    if (previous != null && previous != type) {
      throw new IllegalArgumentException(
          "config type name '"
              + name
              + "' of "
              + family.getSimpleName()
              + " is taken by "
              + previous.getName());
    }
    return this;
  }

  Map<Class<?>, Map<String, Class<?>>> families() {
    return families;
  }

  /** Names registered for a family, sorted. */
  public List<String> names(Class<?> family) {
    return List.copyOf(families.getOrDefault(family, Map.of()).keySet());
  }

  /** The family a base type belongs to, if it is one. */
  boolean isFamily(Class<?> type) {
    return families.containsKey(type);
  }

  /** All top-level candidates for a name, across families. */
  List<Class<?>> byName(String name) {
    return families.values().stream()
        .map(m -> m.get(name))
        .filter(c -> c != null)
        .<Class<?>>map(c -> c)
        .distinct()
        .toList();
  }

  /** Every registered name across families, sorted. */
  List<String> allNames() {
    return families.values().stream()
        .flatMap(m -> m.keySet().stream())
        .distinct()
        .sorted()
        .toList();
  }
}
