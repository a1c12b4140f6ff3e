package dev.tandem.core.env;

import java.util.Arrays;
import java.util.Objects;

/**
 * An opaque, serializable snapshot of an environment's full state, enough to {@link
 * Environment#restore restore} it exactly. {@code kind} names the environment that produced it so a
 * snapshot is never restored into the wrong one.
 */
public record EnvState(String kind, byte[] data) {
  public EnvState {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(data, "data");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EnvState s && kind.equals(s.kind) && Arrays.equals(data, s.data);
  }

  @Override
  public int hashCode() {
    return 31 * kind.hashCode() + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "EnvState[" + kind + ", " + data.length + " bytes]";
  }
}
