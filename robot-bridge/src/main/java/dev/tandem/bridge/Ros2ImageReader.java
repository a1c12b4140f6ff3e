package dev.tandem.bridge;

import dev.tandem.bridge.dds.DdsParticipant;
import dev.tandem.bridge.dds.LargeImageType;
import dev.tandem.core.data.ImageFrame;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import sensor_msgs.msg.dds.Image;

/**
 * The latest {@code sensor_msgs/Image} of each configured camera, converted on arrival (on the
 * middleware's thread) to the observation's RGB size: rgb8, bgr8 and mono8 are read; any other
 * encoding, a size that does not match the data, or an image of zero size is refused: counted, and
 * the reason kept for the operator ({@link #refusal}).
 */
final class Ros2ImageReader {

  /** A camera's latest image at the observed size, and when it arrived. */
  record Frame(ImageFrame image, long arrivalNanos) {}

  private final Map<String, Frame> latest = new ConcurrentHashMap<>();
  private final Map<String, String> refusals = new ConcurrentHashMap<>();
  private final AtomicLong ignored = new AtomicLong();

  /**
   * Subscribes best effort (ROS 2's sensor-data profile), which matches camera drivers that publish
   * reliable as well as best effort.
   */
  Ros2ImageReader(DdsParticipant dds, List<CameraTopicConfig> cameras) {
    for (CameraTopicConfig c : cameras) {
      dds.reader(
          new LargeImageType(),
          c.topic(),
          DdsParticipant.Qos.sensorData(),
          (Image m) -> accept(c, m));
    }
  }

  private void accept(CameraTopicConfig c, Image m) {
    long now = System.nanoTime();
    try {
      latest.put(c.name(), new Frame(convert(m, c.width(), c.height()), now));
      refusals.remove(c.name());
    } catch (IllegalArgumentException e) {
      ignored.incrementAndGet();
      refusals.put(c.name(), e.getMessage());
    }
  }

  /** The camera's latest readable image, or null before the first. */
  Frame latest(String camera) {
    return latest.get(camera);
  }

  /**
   * Why the camera's last image was refused ("encoding 'rgba8', expected rgb8, bgr8 or mono8"), or
   * null when it was read.
   */
  String refusal(String camera) {
    return refusals.get(camera);
  }

  long ignored() {
    return ignored.get();
  }

  /**
   * {@code m} as a {@code width} x {@code height} RGB frame: the centre crop of its aspect ratio,
   * area-averaged down (or nearest up).
   *
   * @throws IllegalArgumentException saying why it cannot be read
   */
  static ImageFrame convert(Image m, int width, int height) {
    String enc = m.getEncodingAsString();
    int channels;
    int[] rgb; // offsets of r, g, b in a source pixel
    switch (enc) {
      case "rgb8" -> {
        channels = 3;
        rgb = new int[] {0, 1, 2};
      }
      case "bgr8" -> {
        channels = 3;
        rgb = new int[] {2, 1, 0};
      }
      case "mono8" -> {
        channels = 1;
        rgb = new int[] {0, 0, 0};
      }
      default ->
          throw new IllegalArgumentException(
              "encoding '" + enc + "', expected rgb8, bgr8 or mono8");
    }
    long w = m.getWidth();
    long h = m.getHeight();
    long step = m.getStep();
    long size = m.getData().size();
    if (w <= 0 || h <= 0 || step < w * channels || size < step * h) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%dx%d %s with step %d and %d bytes of data, expected width and height > 0,"
                  + " step >= %d and %d bytes",
              w,
              h,
              enc,
              step,
              size,
              w * channels,
              Math.max(step, w * channels) * h));
    }
    byte[] src = m.getData().copyArray();
    return resize(src, (int) w, (int) h, (int) step, channels, rgb, width, height);
  }

  static ImageFrame resize(
      byte[] src, int w, int h, int step, int channels, int[] rgb, int width, int height) {
    // the centre crop with the target's aspect ratio
    double aspect = (double) width / height;
    int cw = w;
    int ch = h;
    if ((double) w / h > aspect) {
      cw = Math.max(1, (int) Math.round(h * aspect));
    } else {
      ch = Math.max(1, (int) Math.round(w / aspect));
    }
    int x0 = (w - cw) / 2;
    int y0 = (h - ch) / 2;
    byte[] out = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      int ya = y0 + (int) ((long) y * ch / height);
      int yb = Math.max(ya + 1, y0 + (int) ((long) (y + 1) * ch / height));
      for (int x = 0; x < width; x++) {
        int xa = x0 + (int) ((long) x * cw / width);
        int xb = Math.max(xa + 1, x0 + (int) ((long) (x + 1) * cw / width));
        int n = (yb - ya) * (xb - xa);
        for (int k = 0; k < 3; k++) {
          long sum = 0;
          for (int yy = ya; yy < yb; yy++) {
            int row = yy * step;
            for (int xx = xa; xx < xb; xx++) {
              sum += src[row + xx * channels + rgb[k]] & 0xff;
            }
          }
          out[(y * width + x) * 3 + k] = (byte) ((sum + n / 2) / n);
        }
      }
    }
    return new ImageFrame(height, width, 3, out);
  }
}
