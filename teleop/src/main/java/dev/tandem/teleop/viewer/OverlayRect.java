package dev.tandem.teleop.viewer;

/** A filled rectangle of the overlay: pixels from the top-left corner, RGBA in [0, 1]. */
public record OverlayRect(int x, int y, int width, int height, float[] rgba) {
  public OverlayRect {
    if (rgba.length != 4) {
      throw new IllegalArgumentException("rgba needs 4 values");
    }
    rgba = rgba.clone();
  }

  @Override
  public float[] rgba() {
    return rgba.clone();
  }

  float channel(int i) {
    return rgba[i];
  }
}
