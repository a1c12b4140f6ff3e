package dev.tandem.core.spec;

import java.util.List;
import java.util.Objects;

/**
 * A named feature with its shape, element type and units, e.g. {@code observation.state [23]
 * float32 "mixed"} or {@code observation.images.front [84,84,3] uint8 "rgb"}.
 *
 * <p>Keys follow the LeRobot / robomimic convention: {@code observation.state}, {@code
 * observation.images.<camera>}, {@code action}. {@code names} optionally labels each element of a
 * vector feature (joint names, "ee.x", ...); it is empty or has exactly {@link #size()} entries.
 */
public record FeatureSpec(
    String key, List<Integer> shape, DType dtype, String units, List<String> names) {

  /** Element type of a feature. */
  public enum DType {
    FLOAT32,
    UINT8
  }

  public static final String STATE = "observation.state";
  public static final String IMAGES_PREFIX = "observation.images.";
  public static final String ACTION = "action";

  public FeatureSpec {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(dtype, "dtype");
    if (key.isBlank()) {
      throw new IllegalArgumentException("feature key is blank");
    }
    shape = List.copyOf(shape);
    if (shape.isEmpty() || shape.stream().anyMatch(d -> d == null || d <= 0)) {
      throw new IllegalArgumentException(
          "feature '" + key + "': shape must be non-empty and positive, found " + shape);
    }
    units = units == null ? "" : units;
    names = names == null ? List.of() : List.copyOf(names);
    if (!names.isEmpty() && names.size() != sizeOf(shape)) {
      throw new IllegalArgumentException(
          "feature '"
              + key
              + "': "
              + names.size()
              + " element names for "
              + sizeOf(shape)
              + " elements");
    }
  }

  /** A float vector feature. */
  public static FeatureSpec vector(String key, int size, String units, List<String> names) {
    return new FeatureSpec(key, List.of(size), DType.FLOAT32, units, names);
  }

  /** An RGB camera image feature, height x width x 3, uint8. */
  public static FeatureSpec image(String camera, int height, int width) {
    return new FeatureSpec(
        IMAGES_PREFIX + camera, List.of(height, width, 3), DType.UINT8, "rgb", List.of());
  }

  /** Number of elements (product of the shape). */
  public int size() {
    return sizeOf(shape);
  }

  public boolean isImage() {
    return key.startsWith(IMAGES_PREFIX);
  }

  private static int sizeOf(List<Integer> shape) {
    int n = 1;
    for (int d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }
}
