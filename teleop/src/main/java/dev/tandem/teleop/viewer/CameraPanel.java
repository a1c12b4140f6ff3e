package dev.tandem.teleop.viewer;

import dev.tandem.core.data.ImageFrame;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The policy's camera images as the viewer shows them (what the policy sees): a panel on the right,
 * a quarter of the window wide, from the first row under the top text down; each camera's name (and
 * image size when it fits), then its image scaled to the panel's width (nearest pixel; at most one
 * cell per screen pixel), in the order of the names. Images are drawn as overlay rectangles, one
 * per run of equal pixels in a row, so the panel needs no texture and is checked like the rest of
 * the overlay. Grey (1 channel), RGB and RGBA (alpha ignored) images are shown; images that no
 * longer fit in the height are left out.
 */
final class CameraPanel {
  private CameraPanel() {}

  /** The panel's width in pixels for a window {@code width} pixels wide. */
  static int width(int width) {
    return Math.max(64, width / 4);
  }

  /**
   * The panel's left edge in a window {@code width} pixels wide whose text is {@code small} pixels
   * per font pixel (the fitted views frame the scene left of it).
   */
  static int left(int width, int small) {
    int margin = 2 * small;
    return width - margin - Math.min(width(width), width - 2 * margin);
  }

  /** Adds the panel for {@code cameras} to {@code out}; nothing when there are none. */
  static void layout(
      List<OverlayRect> out,
      Map<String, ImageFrame> cameras,
      int width,
      int height,
      int small,
      int lineHeight) {
    if (cameras.isEmpty()) {
      return;
    }
    int panel = Math.min(width(width), width - 2 * 2 * small);
    int x0 = left(width, small);
    int y = OverlayLayout.sceneTop(height);
    int bottom = OverlayLayout.sceneBottom(height);
    int maxChars = Math.max(0, panel / (BitmapFont.CELL_WIDTH * small));
    for (Map.Entry<String, ImageFrame> e : cameras.entrySet()) {
      ImageFrame image = e.getValue();
      int imageHeight = (int) Math.round((double) panel * image.height() / image.width());
      if (y + lineHeight + imageHeight > bottom) {
        return;
      }
      String name = e.getKey().toUpperCase(Locale.ROOT);
      String sized = String.format(Locale.ROOT, "%s %dX%d", name, image.width(), image.height());
      String label = sized.length() <= maxChars ? sized : name;
      out.add(new OverlayRect(x0, y, panel, lineHeight, OverlayLayout.SHADE));
      OverlayLayout.text(
          out,
          OverlayLayout.fit(label, maxChars),
          x0 + small,
          y + small,
          small,
          OverlayLayout.WHITE);
      y += lineHeight;
      image(out, image, x0, y, panel, imageHeight);
      y += imageHeight + small;
    }
  }

  /** {@code image} in the screen rectangle at (x0, y0), {@code w} x {@code h} pixels. */
  private static void image(List<OverlayRect> out, ImageFrame image, int x0, int y0, int w, int h) {
    int cols = Math.min(image.width(), w);
    int rows = Math.min(image.height(), h);
    for (int r = 0; r < rows; r++) {
      int top = y0 + r * h / rows;
      int rowHeight = y0 + (r + 1) * h / rows - top;
      int sourceRow = r * image.height() / rows;
      int runStart = 0;
      int runColour = pixel(image, sourceRow, 0);
      for (int c = 1; c <= cols; c++) {
        int colour = c < cols ? pixel(image, sourceRow, c * image.width() / cols) : ~runColour;
        if (colour != runColour) {
          int left = x0 + runStart * w / cols;
          int right = x0 + c * w / cols;
          out.add(new OverlayRect(left, top, right - left, rowHeight, rgba(runColour)));
          runStart = c;
          runColour = colour;
        }
      }
    }
  }

  /** The pixel at (row, col) as 0xRRGGBB. */
  private static int pixel(ImageFrame image, int row, int col) {
    int ch = image.channels();
    int i = (row * image.width() + col) * ch;
    byte[] p = image.pixels();
    int r = p[i] & 0xff;
    if (ch < 3) {
      return r << 16 | r << 8 | r;
    }
    return r << 16 | (p[i + 1] & 0xff) << 8 | (p[i + 2] & 0xff);
  }

  private static float[] rgba(int rgb) {
    return new float[] {
      ((rgb >> 16) & 0xff) / 255f, ((rgb >> 8) & 0xff) / 255f, (rgb & 0xff) / 255f, 1f
    };
  }
}
