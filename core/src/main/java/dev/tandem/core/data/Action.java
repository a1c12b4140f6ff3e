package dev.tandem.core.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A command in the units of the environment's {@link dev.tandem.core.spec.ActionSpec}. The array is
 * not copied: treat an action as immutable once built.
 */
public record Action(float[] values) {
  public Action {
    Objects.requireNonNull(values, "values");
  }

  public static Action of(float... values) {
    return new Action(values);
  }

  public static Action zeros(int dim) {
    return new Action(new float[dim]);
  }

  public int dim() {
    return values.length;
  }

  public float get(int i) {
    return values[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Action a && Arrays.equals(values, a.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "Action" + Arrays.toString(values);
  }
}
