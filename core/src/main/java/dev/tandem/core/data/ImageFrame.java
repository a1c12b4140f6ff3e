package dev.tandem.core.data;

import java.util.Arrays;

/** An 8-bit image, rows top to bottom, {@code channels} interleaved bytes per pixel. */
public record ImageFrame(int height, int width, int channels, byte[] pixels) {
  public ImageFrame {
    if (height <= 0 || width <= 0 || channels <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, found " + height + "x" + width + "x" + channels);
    }
    if (pixels.length != height * width * channels) {
      throw new IllegalArgumentException(
          "image "
              + height
              + "x"
              + width
              + "x"
              + channels
              + " needs "
              + height * width * channels
              + " bytes, found "
              + pixels.length);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageFrame f
        && height == f.height
        && width == f.width
        && channels == f.channels
        && Arrays.equals(pixels, f.pixels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * height + width) + channels) + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "ImageFrame[" + height + "x" + width + "x" + channels + "]";
  }
}
