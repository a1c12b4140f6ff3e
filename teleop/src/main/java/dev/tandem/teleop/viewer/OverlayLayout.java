package dev.tandem.teleop.viewer;

import dev.tandem.core.data.ImageFrame;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lays out the viewer's overlays as rectangles (plain Java, no GL: what {@link OverlayRenderer}
 * draws and what tests can check):
 *
 * <ul>
 *   <li>top: the mode banner, full width, in the mode's colour with its name in big letters, and
 *       the frame rate, takeover latency and view on its right;
 *   <li>under it: episode, round, interventions, policy version; a legend for the motion arrows
 *       with their speed (mm per step and m/s); the gripper's opening and the speed a correction
 *       asked for with the steps it still acts; a joint near its limit (amber); a notice, on red
 *       when it is an alarm (a lost device, an emergency stop) and on grey when it is routine;
 *   <li>bottom: the last correction and how it was understood, the line being typed, one hint line
 *       (devices that answer, F1, Esc), and the timeline strip: steps / limit and how the last
 *       episode ended, a bar with who drove each step, ticks where corrections were typed (white,
 *       above) and where the safety filter changed an action (yellow, below), a training progress
 *       bar while a policy trains, and a square per recent episode (green: success);
 *   <li>on the right, the policy's camera images ({@link CameraPanel}), when it has cameras;
 *   <li>the help panel (F1) in the middle, over everything.
 * </ul>
 *
 * Messages the operator must read in full (the notice, the reply to a correction, how the episode
 * ended) are wrapped at word boundaries over as many lines as they need (up to a few), not cut.
 */
public final class OverlayLayout {
  static final float[] WHITE = {1f, 1f, 1f, 1f};
  static final float[] SHADE = {0f, 0f, 0f, 0.6f};
  static final float[] PANEL = {0.02f, 0.03f, 0.06f, 0.88f};
  static final float[] GREY = {0.7f, 0.7f, 0.7f, 1f};
  static final String PLACEHOLDER = "TYPE A CORRECTION, ENTER TO SEND";

  /** Alarms: a lost device, an emergency stop. */
  static final float[] ALARM = {0.75f, 0.05f, 0.05f, 0.9f};

  /** Routine notices: "retraining after this episode", "preparing the session". */
  static final float[] ROUTINE = {0.25f, 0.27f, 0.32f, 0.9f};

  static final float[] UNDERSTOOD = {0.55f, 1f, 0.55f, 1f};
  static final float[] NOT_UNDERSTOOD = {1f, 0.55f, 0.45f, 1f};
  static final float[] NOT_APPLIED = {1f, 0.85f, 0.35f, 1f};

  /** A joint near its limit: amber letters. */
  static final float[] JOINT_WARNING = {1f, 0.7f, 0.1f, 1f};

  static final float[] STRIP_EMPTY = {0.18f, 0.18f, 0.2f, 0.85f};
  static final float[] SAFETY_TICK = {1f, 0.9f, 0.1f, 1f};
  static final float[] SUCCESS = {0.2f, 0.8f, 0.3f, 1f};
  static final float[] FAILURE = {0.85f, 0.2f, 0.15f, 1f};

  /** Most lines a wrapped message takes (the reply to a correction, with its examples, fits). */
  static final int MAX_WRAPPED_LINES = 6;

  /** Lines of text under the banner the default view keeps the scene clear of. */
  static final int TOP_LINES = 3;

  /** Lines of text above the timeline strip the default view keeps the scene clear of. */
  static final int BOTTOM_LINES = 2;

  private OverlayLayout() {}

  /**
   * What the viewer draws besides the status.
   *
   * @param typed the correction line being typed
   * @param cursorOn whether the blinking cursor shows
   * @param hints how to drive, joined on one line, e.g. "keyboard: hold Left Ctrl to drive"
   * @param help the help panel's lines, empty when it is closed
   * @param readout frame rate, latency and view, on the banner's right, lines split by a newline
   * @param cameras the policy's camera images by camera name, shown on the right (empty: none)
   */
  public record Hud(
      String typed,
      boolean cursorOn,
      List<String> hints,
      List<String> help,
      String readout,
      Map<String, ImageFrame> cameras) {
    public Hud {
      typed = typed == null ? "" : typed;
      hints = List.copyOf(hints);
      help = List.copyOf(help);
      readout = readout == null ? "" : readout;
      cameras =
          cameras == null
              ? Collections.emptySortedMap()
              : Collections.unmodifiableSortedMap(new TreeMap<>(cameras));
    }
  }

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

  static int lineHeight(int height) {
    int small = textScale(height);
    return BitmapFont.CELL_HEIGHT * small + 2 * small;
  }

  /** The timeline bar's height. */
  static int barHeight(int height) {
    return 4 * textScale(height);
  }

  /** The first row below the banner and the lines of text under it (the default view's top). */
  public static int sceneTop(int height) {
    return bannerHeight(height) + TOP_LINES * lineHeight(height) + textScale(height);
  }

  /** The row where the text at the bottom starts (the default view's bottom). */
  public static int sceneBottom(int height) {
    return height - stripHeight(height) - BOTTOM_LINES * lineHeight(height);
  }

  /** The timeline strip's height: a line of text and the bar, with ticks. */
  static int stripHeight(int height) {
    int small = textScale(height);
    return lineHeight(height) + barHeight(height) + 4 * small;
  }

  /** The overlay for a {@code width} x {@code height} framebuffer. */
  public static List<OverlayRect> layout(ViewerStatus status, Hud hud, int width, int height) {
    List<OverlayRect> out = new ArrayList<>();
    int big = bannerScale(height);
    int small = textScale(height);
    int margin = 2 * small;
    int bannerHeight = bannerHeight(height);
    int lineHeight = lineHeight(height);
    int maxChars = Math.max(0, (width - 2 * margin) / (BitmapFont.CELL_WIDTH * small) - 1);

    // the mode banner; its right end is kept free of text
    float[] modeColour = rgba(status.mode().rgb(), 1f);
    out.add(new OverlayRect(0, 0, width, bannerHeight, modeColour));
    String modeText = status.mode().name();
    int maxBannerChars = Math.max(0, (width - 4 * big - 16) / (BitmapFont.CELL_WIDTH * big));
    String shown = fit(modeText, maxBannerChars);
    text(out, shown, 2 * big, 2 * big, big, WHITE);
    readout(
        out, hud.readout(), 2 * big + BitmapFont.width(shown, big) + 4 * big, width, big, small);

    int y = bannerHeight + small;
    String progress =
        String.format(
            Locale.ROOT,
            "EPISODE %d  ROUND %d  INTERVENTIONS %d  POLICY %s",
            status.episode(),
            status.round(),
            status.interventions(),
            status.policyVersion().isEmpty() ? "-" : status.policyVersion());
    y = shadedLine(out, fit(progress, maxChars), margin, y, small, WHITE, SHADE, lineHeight);
    y = legend(out, status, margin, y, small, width, lineHeight);
    String gripper = gripperAndSpeed(status);
    if (!gripper.isEmpty()) {
      y = shadedLine(out, fit(gripper, maxChars), margin, y, small, WHITE, SHADE, lineHeight);
    }
    if (!status.jointWarning().isEmpty()) {
      String warning = "! " + status.jointWarning().toUpperCase(Locale.ROOT);
      y =
          shadedLine(
              out, fit(warning, maxChars), margin, y, small, JOINT_WARNING, SHADE, lineHeight);
    }
    if (!status.notice().isEmpty()) {
      float[] shade = status.noticeIsAlarm() ? ALARM : ROUTINE;
      String prefix = status.noticeIsAlarm() ? "! " : "";
      for (String line : wrap(prefix + status.notice(), maxChars, 3)) {
        y = shadedLine(out, line, margin, y, small, WHITE, shade, lineHeight);
      }
    }

    // bottom, from the last line up: the timeline strip, the hints, the typed line, the correction
    int bottom = height - stripHeight(height);
    strip(out, status, margin, bottom, width, height, small, lineHeight, maxChars);
    bottom -= lineHeight;
    String hints = String.join("  ", hud.hints()).toUpperCase(Locale.ROOT);
    if (!hints.isEmpty()) {
      shadedLine(out, fit(hints, maxChars), margin, bottom, small, GREY, SHADE, lineHeight);
      bottom -= lineHeight;
    }
    out.add(new OverlayRect(0, bottom - small, width, lineHeight, SHADE));
    String typed = hud.typed();
    if (typed.isEmpty()) {
      text(out, "> " + (hud.cursorOn() ? "_" : " "), margin, bottom, small, WHITE);
      text(
          out,
          fit(PLACEHOLDER, Math.max(0, maxChars - 3)),
          margin + BitmapFont.width("> _ ", small),
          bottom,
          small,
          GREY);
    } else {
      String line = "> " + tail(typed, Math.max(0, maxChars - 3)) + (hud.cursorOn() ? "_" : " ");
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
    CameraPanel.layout(out, hud.cameras(), width, height, small, lineHeight);
    if (!hud.help().isEmpty()) {
      help(out, hud.help(), width, height, small, lineHeight);
    }
    return clip(out, width, height);
  }

  /**
   * Frame rate, latency and view in small letters on the banner's right: up to two lines, each cut
   * at its double spaces (the last parts go) to fit beside the mode's name.
   */
  private static void readout(
      List<OverlayRect> out, String readout, int left, int width, int big, int small) {
    if (readout.isEmpty()) {
      return;
    }
    int right = width - 4 * big; // the last few pixels keep the banner's colour
    int chars = Math.max(0, (right - left) / (BitmapFont.CELL_WIDTH * small));
    List<String> lines = new ArrayList<>();
    for (String l : readout.split("\n")) {
      String line = l.strip();
      while (line.length() > chars && line.contains("  ")) { // drop the last part
        line = line.substring(0, line.lastIndexOf("  ")).strip();
      }
      if (!line.isEmpty() && line.length() <= chars && lines.size() < 2) {
        lines.add(line);
      }
    }
    int lineHeight = BitmapFont.CELL_HEIGHT * small + small;
    int y = (BitmapFont.height(big) + 4 * big - lines.size() * lineHeight) / 2 + small / 2;
    for (String line : lines) {
      text(out, line, right - BitmapFont.width(line, small), y, small, WHITE);
      y += lineHeight;
    }
  }

  /** The arrow legend with the speeds: "[] PROPOSED 25 MM/STEP 0.25 M/S [] APPLIED ...". */
  private static int legend(
      List<OverlayRect> out,
      ViewerStatus status,
      int margin,
      int y,
      int small,
      int width,
      int lineHeight) {
    int swatch = BitmapFont.height(small);
    String proposed = "PROPOSED" + speed(status, status.proposedDelta());
    String applied = "APPLIED" + speed(status, status.appliedDelta());
    int legendWidth =
        swatch * 2 + BitmapFont.width(proposed + "  " + applied, small) + 4 * small + 2 * small;
    if (legendWidth + margin > width) {
      proposed = "POLICY" + speed(status, status.proposedDelta()).replace(" MM/STEP", "MM");
      applied = "APPLIED" + speed(status, status.appliedDelta()).replace(" MM/STEP", "MM");
      legendWidth =
          swatch * 2 + BitmapFont.width(proposed + "  " + applied, small) + 4 * small + 2 * small;
    }
    int x = margin;
    out.add(new OverlayRect(x - small, y - small, legendWidth + 2 * small, lineHeight, SHADE));
    out.add(new OverlayRect(x, y, swatch, swatch, rgba(MotionArrows.PROPOSED_RGB, 1f)));
    x += swatch + small;
    text(out, proposed, x, y, small, WHITE);
    x += BitmapFont.width(proposed + "  ", small);
    out.add(new OverlayRect(x, y, swatch, swatch, rgba(MotionArrows.APPLIED_RGB, 1f)));
    x += swatch + small;
    text(out, applied, x, y, small, WHITE);
    return y + lineHeight;
  }

  /** " 25 MM/STEP 0.25 M/S" for a translation in action units; empty when unknown. */
  static String speed(ViewerStatus status, double[] delta) {
    if (delta == null) {
      return "";
    }
    double m =
        Math.sqrt(delta[0] * delta[0] + delta[1] * delta[1] + delta[2] * delta[2])
            * status.metersPerActionUnit();
    String s = String.format(Locale.ROOT, " %.0f MM/STEP", m * 1000);
    if (Double.isFinite(status.controlRateHz())) {
      s += String.format(Locale.ROOT, " %.2f M/S", m * status.controlRateHz());
    }
    return s;
  }

  /** "GRIPPER 42 MM SPEED X0.5, 14 STEPS LEFT"; empty when neither is known nor changed. */
  static String gripperAndSpeed(ViewerStatus status) {
    List<String> parts = new ArrayList<>();
    if (Double.isFinite(status.gripperWidthMeters())) {
      parts.add(String.format(Locale.ROOT, "GRIPPER %.0f MM", status.gripperWidthMeters() * 1000));
    }
    if (status.correctionStepsLeft() > 0) {
      parts.add(
          String.format(
              Locale.ROOT,
              "SPEED X%s, %d STEPS LEFT",
              java.math.BigDecimal.valueOf(status.speedFactor())
                  .stripTrailingZeros()
                  .toPlainString(),
              status.correctionStepsLeft()));
    } else if (!parts.isEmpty()) {
      parts.add("SPEED X1");
    }
    return String.join("  ", parts);
  }

  /** The timeline strip at row {@code top}: a line of text, then the bar. */
  private static void strip(
      List<OverlayRect> out,
      ViewerStatus status,
      int margin,
      int top,
      int width,
      int height,
      int small,
      int lineHeight,
      int maxChars) {
    Timeline t = status.timeline();
    out.add(new OverlayRect(0, top - small, width, stripHeight(height) + small, SHADE));
    // the recent episodes' squares on the right of the text line
    int square = BitmapFont.height(small);
    List<Timeline.Outcome> recent = t.recent();
    int squaresWidth = recent.size() * (square + small);
    int x = width - margin - squaresWidth;
    for (Timeline.Outcome o : recent) {
      out.add(new OverlayRect(x, top, square, square, o.success() ? SUCCESS : FAILURE));
      x += square + small;
    }
    int textChars =
        Math.max(0, maxChars - (squaresWidth + small) / (BitmapFont.CELL_WIDTH * small));
    String steps =
        t.stepLimit() > 0
            ? String.format(Locale.ROOT, "STEP %d/%d", t.steps(), t.stepLimit())
            : String.format(Locale.ROOT, "STEP %d", t.steps());
    String line = steps;
    if (Double.isFinite(status.trainingFraction())) {
      line =
          String.format(
              Locale.ROOT, "%s %.0f %%", status.mode().name(), 100 * status.trainingFraction());
    }
    if (!status.lastEpisode().isEmpty()) {
      line += "   LAST: " + status.lastEpisode();
    }
    text(out, fit(line.toUpperCase(Locale.ROOT), textChars), margin, top, small, WHITE);
    // the bar
    int barTop = top + lineHeight;
    int barHeight = barHeight(height);
    int barWidth = width - 2 * margin;
    out.add(new OverlayRect(margin, barTop, barWidth, barHeight, STRIP_EMPTY));
    if (Double.isFinite(status.trainingFraction())) {
      int filled = (int) Math.round(barWidth * Math.max(0, Math.min(1, status.trainingFraction())));
      out.add(new OverlayRect(margin, barTop, filled, barHeight, rgba(status.mode().rgb(), 1f)));
      return;
    }
    int cells = Math.max(t.stepLimit(), t.steps());
    if (cells == 0) {
      return;
    }
    Timeline.Mark[] marks = t.marks();
    int i = 0;
    while (i < marks.length) { // runs of the same mark, one rectangle each
      int j = i;
      while (j < marks.length && marks[j] == marks[i]) {
        j++;
      }
      int x0 = margin + (int) ((long) barWidth * i / cells);
      int x1 = margin + (int) ((long) barWidth * j / cells);
      out.add(new OverlayRect(x0, barTop, Math.max(1, x1 - x0), barHeight, markColour(marks[i])));
      i = j;
    }
    int tick = Math.max(2, small);
    for (int step : t.corrections()) {
      int cx = margin + (int) ((long) barWidth * step / cells);
      out.add(new OverlayRect(cx, barTop - 2 * small, tick, 2 * small, WHITE));
    }
    for (int step : t.safety()) {
      int cx = margin + (int) ((long) barWidth * step / cells);
      out.add(new OverlayRect(cx, barTop + barHeight, tick, 2 * small, SAFETY_TICK));
    }
  }

  static float[] markColour(Timeline.Mark m) {
    ControlMode mode =
        switch (m) {
          case POLICY -> ControlMode.AUTONOMOUS;
          case HUMAN -> ControlMode.HUMAN;
          case CORRECTED -> ControlMode.CORRECTING;
          case STOPPED -> ControlMode.STOPPED;
        };
    return rgba(mode.rgb(), 1f);
  }

  /** The help panel: a dark box in the middle with the lines, wrapped to fit. */
  private static void help(
      List<OverlayRect> out, List<String> help, int width, int height, int small, int lineHeight) {
    int scale = small;
    int lh = lineHeight;
    int pad = 3 * scale;
    int maxChars = Math.max(8, (width - 4 * pad) / (BitmapFont.CELL_WIDTH * scale) - 1);
    List<String> lines = new ArrayList<>();
    lines.add("HELP  (F1 CLOSES)");
    for (String h : help) {
      String indent = h.startsWith("  ") ? "  " : "";
      for (String w : wrap(h, maxChars - indent.length(), 3)) {
        lines.add(indent + w);
      }
    }
    int maxLines = Math.max(1, (height - 2 * pad) / lh);
    if (lines.size() > maxLines && scale > 1) {
      scale = 1; // a long help still fits, in smaller letters
      lh = BitmapFont.CELL_HEIGHT + 2;
      maxLines = Math.max(1, (height - 2 * pad) / lh);
    }
    List<String> shown = lines.subList(0, Math.min(lines.size(), maxLines));
    int textWidth = 0;
    for (String l : shown) {
      textWidth = Math.max(textWidth, BitmapFont.width(l, scale));
    }
    int w = Math.min(width, textWidth + 2 * pad);
    int h = Math.min(height, shown.size() * lh + 2 * pad);
    int x = (width - w) / 2;
    int y = (height - h) / 2;
    out.add(new OverlayRect(x, y, w, h, PANEL));
    int ty = y + pad;
    for (int i = 0; i < shown.size(); i++) {
      String l = shown.get(i);
      boolean heading = i == 0 || !l.startsWith(" ");
      text(out, l.toUpperCase(Locale.ROOT), x + pad, ty, scale, heading ? NOT_APPLIED : WHITE);
      ty += lh;
    }
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
