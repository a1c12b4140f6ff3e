package dev.tandem.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Enums written in YAML as their lower-case names ({@code corrections: language}): an enum's
 * {@code @JsonCreator} calls {@link #parse}, its {@code @JsonValue toString()} calls {@link #name}.
 */
public final class YamlEnums {
  private YamlEnums() {}

  /** The YAML name of {@code value}: its constant's name in lower case. */
  public static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The constant of {@code type} that {@code yamlName} names.
   *
   * @throws IllegalArgumentException naming the value found and the valid ones
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String yamlName) {
    for (E e : type.getEnumConstants()) {
      if (name(e).equals(yamlName)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "found '"
            + yamlName
            + "', expected one of "
            + Arrays.stream(type.getEnumConstants())
                .map(YamlEnums::name)
                .collect(Collectors.joining(", ", "[", "]")));
  }
}
