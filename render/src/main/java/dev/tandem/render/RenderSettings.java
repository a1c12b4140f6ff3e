package dev.tandem.render;

import java.util.Arrays;
import java.util.Objects;

/**
 * How a scene is lit and what is drawn besides its objects.
 *
 * @param backgroundRgb clear colour, RGB in [0, 1]
 * @param groundPlane whether to draw a ground plane under the scene
 * @param groundRgb ground colour, RGB in [0, 1]
 * @param groundHeightMeters height of the ground plane (world z, m); a scene object lying exactly
 *     on it wins the depth test (the ground is drawn with a polygon offset)
 * @param groundHalfExtentMeters half size of the square ground plane (m)
 * @param lightDirection direction towards the light in the world frame (need not be unit length)
 * @param ambient ambient share of the lighting in [0, 1]; the rest is Lambert diffuse
 * @param ghostMaxAlpha opacity cap of ghost objects in (0, 1]: a ghost is drawn with alpha =
 *     min(its rgba alpha, this)
 */
public record RenderSettings(
    float[] backgroundRgb,
    boolean groundPlane,
    float[] groundRgb,
    double groundHeightMeters,
    double groundHalfExtentMeters,
    double[] lightDirection,
    double ambient,
    double ghostMaxAlpha) {

  public RenderSettings {
    backgroundRgb = rgb("backgroundRgb", backgroundRgb);
    groundRgb = rgb("groundRgb", groundRgb);
    if (!Double.isFinite(groundHeightMeters)) {
      throw new IllegalArgumentException(
          "render settings: groundHeightMeters must be finite, found " + groundHeightMeters);
    }
    if (!(groundHalfExtentMeters > 0 && Double.isFinite(groundHalfExtentMeters))) {
      throw new IllegalArgumentException(
          "render settings: groundHalfExtentMeters must be positive, found "
              + groundHalfExtentMeters);
    }
    if (lightDirection == null || lightDirection.length != 3) {
      throw new IllegalArgumentException("render settings: lightDirection needs 3 values");
    }
    lightDirection = lightDirection.clone();
    double n =
        Math.sqrt(
            lightDirection[0] * lightDirection[0]
                + lightDirection[1] * lightDirection[1]
                + lightDirection[2] * lightDirection[2]);
    if (!(n > 0 && Double.isFinite(n))) {
      throw new IllegalArgumentException(
          "render settings: lightDirection must be a finite non-zero vector, found "
              + Arrays.toString(lightDirection));
    }
    if (!(ambient >= 0 && ambient <= 1)) {
      throw new IllegalArgumentException(
          "render settings: ambient must be in [0, 1], found " + ambient);
    }
    if (!(ghostMaxAlpha > 0 && ghostMaxAlpha <= 1)) {
      throw new IllegalArgumentException(
          "render settings: ghostMaxAlpha must be in (0, 1], found " + ghostMaxAlpha);
    }
  }

  /**
   * Light grey-blue background, a grey ground plane at z = 0 (20 m square), light from above and
   * slightly in front (+x) and to the side (+y), 35% ambient, ghosts at most 40% opaque.
   */
  public static RenderSettings defaults() {
    return new RenderSettings(
        new float[] {0.62f, 0.70f, 0.80f},
        true,
        new float[] {0.46f, 0.46f, 0.44f},
        0.0,
        10.0,
        new double[] {0.4, 0.3, 1.0},
        0.35,
        0.4);
  }

  /** These settings without the ground plane. */
  public RenderSettings withoutGround() {
    return new RenderSettings(
        backgroundRgb,
        false,
        groundRgb,
        groundHeightMeters,
        groundHalfExtentMeters,
        lightDirection,
        ambient,
        ghostMaxAlpha);
  }

  @Override
  public float[] backgroundRgb() {
    return backgroundRgb.clone();
  }

  @Override
  public float[] groundRgb() {
    return groundRgb.clone();
  }

  @Override
  public double[] lightDirection() {
    return lightDirection.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RenderSettings r
        && Arrays.equals(backgroundRgb, r.backgroundRgb)
        && groundPlane == r.groundPlane
        && Arrays.equals(groundRgb, r.groundRgb)
        && Double.compare(groundHeightMeters, r.groundHeightMeters) == 0
        && Double.compare(groundHalfExtentMeters, r.groundHalfExtentMeters) == 0
        && Arrays.equals(lightDirection, r.lightDirection)
        && Double.compare(ambient, r.ambient) == 0
        && Double.compare(ghostMaxAlpha, r.ghostMaxAlpha) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        Arrays.hashCode(backgroundRgb),
        groundPlane,
        Arrays.hashCode(groundRgb),
        groundHeightMeters,
        groundHalfExtentMeters,
        Arrays.hashCode(lightDirection),
        ambient,
        ghostMaxAlpha);
  }

  @Override
  public String toString() {
    return "RenderSettings[backgroundRgb="
        + Arrays.toString(backgroundRgb)
        + ", groundPlane="
        + groundPlane
        + ", groundRgb="
        + Arrays.toString(groundRgb)
        + ", groundHeightMeters="
        + groundHeightMeters
        + ", groundHalfExtentMeters="
        + groundHalfExtentMeters
        + ", lightDirection="
        + Arrays.toString(lightDirection)
        + ", ambient="
        + ambient
        + ", ghostMaxAlpha="
        + ghostMaxAlpha
        + "]";
  }

  private static float[] rgb(String field, float[] rgb) {
    if (rgb == null || rgb.length != 3) {
      throw new IllegalArgumentException("render settings: " + field + " needs 3 values");
    }
    for (float c : rgb) {
      if (!(c >= 0 && c <= 1)) {
        throw new IllegalArgumentException(
            "render settings: "
                + field
                + " values must be in [0, 1], found "
                + Arrays.toString(rgb));
      }
    }
    return rgb.clone();
  }
}
