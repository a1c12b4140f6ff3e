package dev.tandem.core.config;

import java.util.List;

/**
 * Checks for the compact constructors of config records. Every message starts with the field name
 * and a colon ({@code "rateHz: found -5.0, expected > 0"}), which is how {@link ConfigLoader} puts
 * the error on the right line of the file.
 */
public final class ConfigChecks {
  private ConfigChecks() {}

  public static <T> T required(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + ": missing, a value is required");
    }
    return value;
  }

  public static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }

  public static double positive(double value, String field) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(field + ": found " + value + ", expected a number > 0");
    }
    return value;
  }

  public static int positive(int value, String field) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + ": found " + value + ", expected an integer > 0");
    }
    return value;
  }

  public static int nonNegative(int value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + ": found " + value + ", expected an integer >= 0");
    }
    return value;
  }

  /** {@code value} at most {@code max}; {@code why} says where the bound comes from. */
  public static int atMost(int value, int max, String field, String why) {
    if (value > max) {
      throw new IllegalArgumentException(
          field + ": found " + value + ", expected at most " + max + " (" + why + ")");
    }
    return value;
  }

  public static double inRange(double value, double min, double max, String field) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          field + ": found " + value + ", expected a number in [" + min + ", " + max + "]");
    }
    return value;
  }

  /** An integer in [min, max]; the message says an integer is expected. */
  public static int intInRange(int value, int min, int max, String field) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + ": found " + value + ", expected an integer in [" + min + ", " + max + "]");
    }
    return value;
  }

  /** Three finite numbers [x, y, z]. */
  public static double[] vector3(double[] value, String field) {
    if (value == null || value.length != 3) {
      throw new IllegalArgumentException(
          field
              + ": found "
              + (value == null ? "nothing" : value.length + " numbers")
              + ", expected 3 numbers [x, y, z]");
    }
    for (double d : value) {
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException(
            field + ": found " + java.util.Arrays.toString(value) + ", expected finite numbers");
      }
    }
    return value;
  }

  public static String oneOf(String value, List<String> allowed, String field) {
    if (value == null || !allowed.contains(value)) {
      throw new IllegalArgumentException(
          field
              + ": found "
              + (value == null ? "nothing" : "'" + value + "'")
              + ", expected one of "
              + allowed);
    }
    return value;
  }
}
