package dev.tandem.interop.lerobot;

import dev.tandem.core.data.ImageFrame;
import dev.tandem.interop.Ffmpeg;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The frames of a LeRobot dataset's {@code video} features, by file and frame number. One decoder
 * per feature streams its current file forward (episodes are read in the order they lie in it); a
 * frame before the decoder's position starts the file again. Each file is checked once against the
 * feature's shape.
 */
final class VideoFrames implements AutoCloseable {
  private final Path dir;
  private final String template;
  private final Ffmpeg ffmpeg;
  private final Map<String, Open> open = new HashMap<>();

  private record Open(Path file, int height, int width, Ffmpeg.Decoder decoder) {}

  VideoFrames(Path dir, String template, Ffmpeg ffmpeg) {
    this.dir = dir;
    this.template = template;
    this.ffmpeg = ffmpeg;
  }

  /**
   * Frame {@code frame} of feature {@code key}'s file {@code chunk}/{@code file}, which must hold
   * {@code height}×{@code width} frames; {@code what} names the frame asked for in errors.
   */
  ImageFrame frame(
      String key, long chunk, long file, long frame, int height, int width, String what) {
    Path mp4 =
        dir.resolve(
            LeRobotFormat.path(template, (int) chunk, (int) file).replace("{video_key}", key));
    try {
      Open o = open.get(key);
      if (o == null || !o.file().equals(mp4) || o.decoder().position() > frame) {
        if (o != null) {
          o.decoder().close();
        }
        o = start(key, mp4, height, width);
        open.put(key, o);
      }
      while (o.decoder().position() < frame) {
        if (o.decoder().next() == null) {
          throw past(mp4, frame, what);
        }
      }
      byte[] rgb = o.decoder().next();
      if (rgb == null) {
        throw past(mp4, frame, what);
      }
      return new ImageFrame(height, width, 3, rgb);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Open start(String key, Path mp4, int height, int width) throws IOException {
    if (!Files.isRegularFile(mp4)) {
      throw new IllegalArgumentException(
          mp4 + ": missing; it holds frames of feature '" + key + "'");
    }
    Ffmpeg.Probe p = ffmpeg.probe(mp4);
    if (p.height() != height || p.width() != width) {
      throw new IllegalArgumentException(
          mp4
              + ": frames are "
              + p.height()
              + "x"
              + p.width()
              + ", info.json gives feature '"
              + key
              + "' the shape ["
              + height
              + ", "
              + width
              + ", 3]");
    }
    return new Open(mp4, height, width, ffmpeg.decoder(mp4, width, height));
  }

  private static IllegalArgumentException past(Path mp4, long frame, String what) {
    return new IllegalArgumentException(
        mp4 + ": has no frame " + frame + " (" + what + "); the file ends before it");
  }

  @Override
  public void close() {
    open.values().forEach(o -> o.decoder().close());
    open.clear();
  }
}
