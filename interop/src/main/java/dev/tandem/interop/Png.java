package dev.tandem.interop;

import dev.tandem.core.data.ImageFrame;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Camera frames as PNG (lossless: pixels come back bit for bit), through the JDK's ImageIO. */
public final class Png {
  private Png() {}

  /** Encodes an RGB frame. */
  public static byte[] encode(ImageFrame frame) {
    if (frame.channels() != 3) {
      throw new IllegalArgumentException(
          "PNG export takes RGB frames, found " + frame.channels() + " channels");
    }
    WritableRaster raster =
        Raster.createInterleavedRaster(
            new DataBufferByte(frame.pixels(), frame.pixels().length),
            frame.width(),
            frame.height(),
            frame.width() * 3,
            3,
            new int[] {0, 1, 2},
            null);
    ComponentColorModel cm =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            false,
            false,
            Transparency.OPAQUE,
            DataBuffer.TYPE_BYTE);
    BufferedImage img = new BufferedImage(cm, raster, false, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream(frame.pixels().length / 2 + 64);
    try {
      if (!ImageIO.write(img, "png", out)) {
        throw new IllegalStateException("no PNG writer in this JDK");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Decodes an image (PNG, or JPEG as some datasets hold) to RGB.
   *
   * @throws IllegalArgumentException when the bytes are not an image ImageIO reads
   */
  public static ImageFrame decode(byte[] encoded) {
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(encoded));
    } catch (IOException e) {
      throw new IllegalArgumentException("not a readable image: " + e.getMessage(), e);
    }
    if (img == null) {
      throw new IllegalArgumentException("not a PNG or JPEG image");
    }
    int w = img.getWidth();
    int h = img.getHeight();
    byte[] px = new byte[w * h * 3];
    Raster r = img.getRaster();
    if (img.getColorModel() instanceof ComponentColorModel
        && r.getNumBands() == 3
        && r.getDataBuffer() instanceof DataBufferByte
        && img.getColorModel().getColorSpace().isCS_sRGB()) {
      // Read the bands in R, G, B order whatever the storage order.
      byte[] row = new byte[w * 3];
      for (int y = 0; y < h; y++) {
        r.getDataElements(0, y, w, 1, row);
        System.arraycopy(row, 0, px, y * w * 3, w * 3);
      }
    } else {
      int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
      for (int i = 0; i < argb.length; i++) {
        px[3 * i] = (byte) (argb[i] >>> 16);
        px[3 * i + 1] = (byte) (argb[i] >>> 8);
        px[3 * i + 2] = (byte) argb[i];
      }
    }
    return new ImageFrame(h, w, 3, px);
  }
}
