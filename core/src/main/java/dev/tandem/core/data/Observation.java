package dev.tandem.core.data;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * What the robot and its sensors report at one instant: the {@code observation.state} vector, the
 * camera images keyed by camera name ({@code observation.images.<camera>}), and the time the
 * observation was taken ({@code stampNanos}, from the environment's clock; for a real robot the
 * time the state arrived).
 *
 * <p>Arrays are not copied: treat an observation as immutable once built.
 */
public record Observation(float[] state, Map<String, ImageFrame> images, long stampNanos) {

  public Observation {
    Objects.requireNonNull(state, "state");
    images = images == null ? Map.of() : Map.copyOf(images);
  }

  public static Observation of(float[] state) {
    return new Observation(state, Map.of(), 0L);
  }

  public ImageFrame image(String camera) {
    ImageFrame f = images.get(camera);
    if (f == null) {
      throw new IllegalArgumentException(
          "observation has no camera '" + camera + "', it has " + images.keySet());
    }
    return f;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Observation other
        && stampNanos == other.stampNanos
        && Arrays.equals(state, other.state)
        && images.equals(other.images);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(state), images, stampNanos);
  }

  @Override
  public String toString() {
    return "Observation[state=" + Arrays.toString(state) + ", cameras=" + images.keySet() + "]";
  }
}
