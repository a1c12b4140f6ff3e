package dev.tandem.teleop.viewer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lays out the viewer's overlays as rectangles (plain Java, no GL: what {@link OverlayRenderer}
 * draws and what tests can check):
 *
 * <ul>
 *   <li>top: the mode banner, full width, in the mode's colour with its name in big letters;
 *   <li>under it: episode, round, interventions, policy version; how the last episode ended; a
 *       legend for the motion arrows; a notice (device lost, ...) on red when there is one;
 *   <li>bottom: the last correction and how it was understood, the line being typed, and hints.
 * </ul>
 *
 * Messages the operator must read in full (the notice, the reply to a correction, how the episode
 * ended) are wrapped at word boundaries over as many lines as they need (up to a few), not cut.
 */
public final class OverlayLayout {
  static final float[] WHITE = {1f, 1f, 1f, 1f};
  static final float[] SHADE = {0f, 0f, 0f, 0.6f};
  static final float[] GREY = {0.7f, 0.7f, 0.7f, 1f};
  static final String PLACEHOLDER = "TYPE A CORRECTION, ENTER TO SEND";
  static final float[] NOTICE = {0.75f, 0.05f, 0.05f, 0.9f};
  static final float[] UNDERSTOOD = {0.55f, 1f, 0.55f, 1f};
  static final float[] NOT_UNDERSTOOD = {1f, 0.55f, 0.45f, 1f};
  static final float[] NOT_APPLIED = {1f, 0.85f, 0.35f, 1f};

  /** Most lines a wrapped message takes (the reply to a correction, with its examples, fits). */
  static final int MAX_WRAPPED_LINES = 6;

  private OverlayLayout() {}

  /** Pixels per font pixel of the banner text for a framebuffer {@code height} pixels tall. */
  public static int bannerScale(int height) {
    return Math.max(3, Math.min(8, height / 110));
  }

  /** The small text's scale. */
  public static int textScale(int height) {
    return Math.max(2, bannerScale(height) / 2);
  }

  /** The banner's height in pixels. */
  public static int bannerHeight(int height) {
    int s = bannerScale(height);
    return BitmapFont.height(s) + 4 * s;
  }

  /**
   * The overlay for a {@code width} x {@code height} framebuffer.
   *
   * @param typed the correction line being typed
   * @param cursorOn whether the blinking cursor shows
   * @param hints how to drive, one line each, e.g. "KEYBOARD: HOLD LEFT_CONTROL TO DRIVE"
   */
  public static List<OverlayRect> layout(
      ViewerStatus status,
      String typed,
      boolean cursorOn,
      List<String> hints,
      int width,
      int height) {
    List<OverlayRect> out = new ArrayList<>();
    int big = bannerScale(height);
    int small = textScale(height);
    int margin = 2 * small;
    int bannerHeight = bannerHeight(height);

    // the mode banner; its right end is kept free of text
    float[] modeColour = rgba(status.mode().rgb(), 1f);
    out.add(new OverlayRect(0, 0, width, bannerHeight, modeColour));
    String modeText = status.mode().name();
    int maxBannerChars = Math.max(0, (width - 4 * big - 16) / (BitmapFont.CELL_WIDTH * big));
    text(out, fit(modeText, maxBannerChars), 2 * big, 2 * big, big, WHITE);

    int lineHeight = BitmapFont.CELL_HEIGHT * small + 2 * small;
    int maxChars = Math.max(0, (width - 2 * margin) / (BitmapFont.CELL_WIDTH * small) - 1);
    int y = bannerHeight + small;

    String progress =
        String.format(
            Locale.ROOT,
            "EPISODE %d  ROUND %d  INTERVENTIONS %d",
            status.episode(),
            status.round(),
            status.interventions());
    y = shadedLine(out, fit(progress, maxChars), margin, y, small, WHITE, SHADE, lineHeight);
    String policy = "POLICY " + (status.policyVersion().isEmpty() ? "-" : status.policyVersion());
    y = shadedLine(out, fit(policy, maxChars), margin, y, small, WHITE, SHADE, lineHeight);
    for (String line : wrap(status.lastEpisode(), maxChars, 2)) {
      y = shadedLine(out, line, margin, y, small, WHITE, SHADE, lineHeight);
    }

    // legend for the motion arrows
    int swatch = BitmapFont.height(small);
    int x = margin;
    String proposed = "POLICY PROPOSAL";
    String applied = "APPLIED";
    int legendWidth =
        swatch * 2 + BitmapFont.width(proposed + "  " + applied, small) + 4 * small + 2 * small;
    if (legendWidth + margin > width) {
      proposed = "POLICY";
      legendWidth =
          swatch * 2 + BitmapFont.width(proposed + "  " + applied, small) + 4 * small + 2 * small;
    }
    out.add(new OverlayRect(x - small, y - small, legendWidth + 2 * small, lineHeight, SHADE));
    out.add(new OverlayRect(x, y, swatch, swatch, rgba(MotionArrows.PROPOSED_RGB, 1f)));
    x += swatch + small;
    text(out, proposed, x, y, small, WHITE);
    x += BitmapFont.width(proposed + "  ", small);
    out.add(new OverlayRect(x, y, swatch, swatch, rgba(MotionArrows.APPLIED_RGB, 1f)));
    x += swatch + small;
    text(out, applied, x, y, small, WHITE);
    y += lineHeight;

    if (!status.notice().isEmpty()) {
      for (String line : wrap("! " + status.notice(), maxChars, 3)) {
        y = shadedLine(out, line, margin, y, small, WHITE, NOTICE, lineHeight);
      }
    }

    // bottom, from the last line up: one hint per device, the typed line, the last correction
    int bottom = height - lineHeight;
    for (int i = hints.size() - 1; i >= 0; i--) {
      shadedLine(out, fit(hints.get(i), maxChars), margin, bottom, small, WHITE, SHADE, lineHeight);
      bottom -= lineHeight;
    }
    out.add(new OverlayRect(0, bottom - small, width, lineHeight, SHADE));
    if (typed.isEmpty()) {
      text(out, "> " + (cursorOn ? "_" : " "), margin, bottom, small, WHITE);
      text(
          out,
          fit(PLACEHOLDER, Math.max(0, maxChars - 3)),
          margin + BitmapFont.width("> _ ", small),
          bottom,
          small,
          GREY);
    } else {
      String line = "> " + tail(typed, Math.max(0, maxChars - 3)) + (cursorOn ? "_" : " ");
      text(out, line, margin, bottom, small, WHITE);
    }
    bottom -= lineHeight;
    if (!status.correctionText().isEmpty()) {
      String reply =
          switch (status.correctionReply()) {
            case UNDERSTOOD -> "UNDERSTOOD: ";
            case NOT_UNDERSTOOD -> "NOT UNDERSTOOD: ";
            case NOT_APPLIED -> "NOT APPLIED: ";
          };
      float[] colour =
          switch (status.correctionReply()) {
            case UNDERSTOOD -> UNDERSTOOD;
            case NOT_UNDERSTOOD -> NOT_UNDERSTOOD;
            case NOT_APPLIED -> NOT_APPLIED;
          };
      List<String> lines =
          wrap(reply + status.correctionInterpretation(), maxChars, MAX_WRAPPED_LINES);
      for (int i = lines.size() - 1; i >= 0; i--) {
        shadedLine(out, lines.get(i), margin, bottom, small, colour, SHADE, lineHeight);
        bottom -= lineHeight;
      }
      shadedLine(
          out,
          fit("CORRECTION: \"" + status.correctionText() + "\"", maxChars),
          margin,
          bottom,
          small,
          WHITE,
          SHADE,
          lineHeight);
    }
    return clip(out, width, height);
  }

  /** Rectangles cut to the framebuffer; those wholly outside dropped. */
  static List<OverlayRect> clip(List<OverlayRect> rects, int width, int height) {
    List<OverlayRect> out = new ArrayList<>(rects.size());
    for (OverlayRect r : rects) {
      int x0 = Math.max(0, r.x());
      int y0 = Math.max(0, r.y());
      int x1 = Math.min(width, r.x() + r.width());
      int y1 = Math.min(height, r.y() + r.height());
      if (x1 > x0 && y1 > y0) {
        out.add(
            x0 == r.x() && y0 == r.y() && x1 - x0 == r.width() && y1 - y0 == r.height()
                ? r
                : new OverlayRect(x0, y0, x1 - x0, y1 - y0, r.rgba()));
      }
    }
    return out;
  }

  private static int shadedLine(
      List<OverlayRect> out,
      String s,
      int x,
      int y,
      int scale,
      float[] colour,
      float[] shade,
      int lineHeight) {
    out.add(
        new OverlayRect(
            x - scale, y - scale, BitmapFont.width(s, scale) + 2 * scale, lineHeight, shade));
    text(out, s, x, y, scale, colour);
    return y + lineHeight;
  }

  /** Adds the lit runs of {@code s} as rectangles. */
  static void text(List<OverlayRect> out, String s, int x, int y, int scale, float[] colour) {
    BitmapFont.runs(
        s,
        x,
        y,
        scale,
        (rx, ry, length, sc) -> out.add(new OverlayRect(rx, ry, length, sc, colour)));
  }

  /**
   * {@code s} in lines of at most {@code max} characters, broken at spaces (a longer word is
   * split), at most {@code maxLines} of them (the last ends in "..." when there is more); none when
   * {@code s} is blank.
   */
  static List<String> wrap(String s, int max, int maxLines) {
    List<String> lines = new ArrayList<>();
    String rest = s.strip();
    while (!rest.isEmpty() && max > 0) {
      if (lines.size() == maxLines - 1) {
        lines.add(fit(rest, max));
        break;
      }
      int cut = rest.length();
      if (rest.length() > max) {
        int space = rest.lastIndexOf(' ', max);
        cut = space > 0 ? space : max;
      }
      lines.add(rest.substring(0, cut).strip());
      rest = rest.substring(cut).strip();
    }
    return lines;
  }

  /** {@code s} cut to {@code max} characters, ending in "..." when cut. */
  static String fit(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    return max <= 3 ? s.substring(0, Math.max(0, max)) : s.substring(0, max - 3) + "...";
  }

  /** The last {@code max} characters of {@code s}. */
  static String tail(String s, int max) {
    return s.length() <= max ? s : s.substring(s.length() - max);
  }

  private static float[] rgba(float[] rgb, float a) {
    return new float[] {rgb[0], rgb[1], rgb[2], a};
  }
}
