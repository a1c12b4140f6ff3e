package dev.tandem.sim.config;

import dev.tandem.core.config.ConfigChecks;
import java.util.Arrays;

/**
 * Range checks for the sim config records, in core's {@link ConfigChecks} convention: every message
 * starts with the field name and a colon ({@code "substeps: found 0, expected an integer in [1,
 * 1000]"}) so the config loader can point at the line of the file.
 */
final class Checks {
  private Checks() {}

  static void inRange(String field, double v, double lo, double hi) {
    ConfigChecks.inRange(v, lo, hi, field);
  }

  static void inRange(String field, int v, int lo, int hi) {
    if (v < lo || v > hi) {
      throw new IllegalArgumentException(
          field + ": found " + v + ", expected an integer in [" + lo + ", " + hi + "]");
    }
  }

  static void vector3(String field, double[] v) {
    if (v == null || v.length != 3) {
      throw new IllegalArgumentException(
          field
              + ": found "
              + (v == null ? "nothing" : v.length + " numbers")
              + ", expected 3 numbers [x, y, z]");
    }
    for (double d : v) {
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException(
            field + ": found " + Arrays.toString(v) + ", expected finite numbers");
      }
    }
  }
}
