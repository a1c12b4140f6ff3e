package dev.tandem.teleop.viewer;

import dev.tandem.core.data.ImageFrame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Saves viewer screenshots. */
public final class ImageFiles {
  private ImageFiles() {}

  /** Writes an RGB {@link ImageFrame} as a PNG file (parent directories are made). */
  public static void writePng(ImageFrame image, Path file) throws IOException {
    byte[] png = png(image);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, png);
  }

  /** An RGB {@link ImageFrame} encoded as PNG (for a file, or a web page's image). */
  public static byte[] png(ImageFrame image) throws IOException {
    if (image.channels() != 3) {
      throw new IllegalArgumentException(
          "expected an RGB image (3 channels), found " + image.channels());
    }
    BufferedImage out =
        new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
    byte[] p = image.pixels();
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        int i = (y * image.width() + x) * 3;
        out.setRGB(x, y, (p[i] & 0xff) << 16 | (p[i + 1] & 0xff) << 8 | (p[i + 2] & 0xff));
      }
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    if (!ImageIO.write(out, "png", bytes)) {
      throw new IOException("no PNG writer available");
    }
    return bytes.toByteArray();
  }

  /** The RGB of pixel ({@code x}, {@code y}), 0..255 each. */
  public static int[] rgb(ImageFrame image, int x, int y) {
    int i = (y * image.width() + x) * image.channels();
    byte[] p = image.pixels();
    return new int[] {p[i] & 0xff, p[i + 1] & 0xff, p[i + 2] & 0xff};
  }
}
