package dev.tandem.sim.config;

/** Range checks for config records: messages name the record, the field and the value. */
final class Checks {
  private Checks() {}

  static void positive(String where, String field, double v) {
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(where + "." + field + " must be positive, found " + v);
    }
  }

  static void positive(String where, String field, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(where + "." + field + " must be positive, found " + v);
    }
  }

  static void inRange(String where, String field, double v, double lo, double hi) {
    if (!(v >= lo && v <= hi)) {
      throw new IllegalArgumentException(
          where + "." + field + " must be in [" + lo + ", " + hi + "], found " + v);
    }
  }

  static void inRange(String where, String field, int v, int lo, int hi) {
    if (v < lo || v > hi) {
      throw new IllegalArgumentException(
          where + "." + field + " must be in [" + lo + ", " + hi + "], found " + v);
    }
  }

  static void vector3(String where, String field, double[] v) {
    if (v == null || v.length != 3) {
      throw new IllegalArgumentException(
          where + "." + field + " needs 3 numbers, found " + (v == null ? "none" : v.length));
    }
    for (double d : v) {
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException(
            where + "." + field + " must be finite, found " + java.util.Arrays.toString(v));
      }
    }
  }
}
