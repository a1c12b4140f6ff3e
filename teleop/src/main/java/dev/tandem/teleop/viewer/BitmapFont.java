package dev.tandem.teleop.viewer;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A tiny built-in 5x7 pixel font for the viewer's overlays: capitals, digits and common punctuation
 * (lower case is drawn as upper case; anything else as a hollow box). Each glyph sits in a 6x8 cell
 * (one column and one row of spacing).
 */
public final class BitmapFont {
  public static final int GLYPH_WIDTH = 5;
  public static final int GLYPH_HEIGHT = 7;
  public static final int CELL_WIDTH = 6;
  public static final int CELL_HEIGHT = 8;

  private static final Map<Character, boolean[][]> GLYPHS = new HashMap<>();
  private static final boolean[][] UNKNOWN =
      parse("#####", "#...#", "#...#", "#...#", "#...#", "#...#", "#####");
  private static final boolean[][] BLANK =
      parse(".....", ".....", ".....", ".....", ".....", ".....", ".....");

  private BitmapFont() {}

  /** Rows top to bottom, {@link #GLYPH_WIDTH} columns each; true where the glyph is lit. */
  public static boolean[][] glyph(char c) {
    if (c == ' ') {
      return BLANK;
    }
    char u = Character.toUpperCase(c);
    boolean[][] g = GLYPHS.get(u);
    return g != null ? g : UNKNOWN;
  }

  /** Whether {@code c} has its own glyph (space counts). */
  public static boolean has(char c) {
    return c == ' ' || GLYPHS.containsKey(Character.toUpperCase(c));
  }

  /** Width in pixels of {@code text} at {@code scale} pixels per font pixel. */
  public static int width(String text, int scale) {
    return text.isEmpty() ? 0 : (text.length() * CELL_WIDTH - 1) * scale;
  }

  /** Height of one line of text at {@code scale}. */
  public static int height(int scale) {
    return GLYPH_HEIGHT * scale;
  }

  /** Receives the lit runs of a text: a horizontal run of {@code length} pixels at (x, y). */
  @FunctionalInterface
  public interface RunSink {
    void run(int x, int y, int length, int scale);
  }

  /**
   * Walks the lit pixels of {@code text} drawn with its top-left corner at ({@code x}, {@code y}),
   * merged into horizontal runs (fewer quads to draw).
   */
  public static void runs(String text, int x, int y, int scale, RunSink sink) {
    for (int i = 0; i < text.length(); i++) {
      boolean[][] g = glyph(text.charAt(i));
      int gx = x + i * CELL_WIDTH * scale;
      for (int row = 0; row < GLYPH_HEIGHT; row++) {
        int col = 0;
        while (col < GLYPH_WIDTH) {
          if (!g[row][col]) {
            col++;
            continue;
          }
          int start = col;
          while (col < GLYPH_WIDTH && g[row][col]) {
            col++;
          }
          sink.run(gx + start * scale, y + row * scale, (col - start) * scale, scale);
        }
      }
    }
  }

  /** {@code text} as a bitmap (rows top to bottom) at scale 1, for tests and previews. */
  public static boolean[][] rasterize(String text) {
    int w = Math.max(0, width(text, 1));
    boolean[][] out = new boolean[GLYPH_HEIGHT][w];
    runs(
        text,
        0,
        0,
        1,
        (x, y, length, s) -> {
          for (int i = 0; i < length; i++) {
            out[y][x + i] = true;
          }
        });
    return out;
  }

  private static boolean[][] parse(String... rows) {
    if (rows.length != GLYPH_HEIGHT) {
      throw new IllegalStateException("glyph needs " + GLYPH_HEIGHT + " rows");
    }
    boolean[][] g = new boolean[GLYPH_HEIGHT][GLYPH_WIDTH];
    for (int r = 0; r < GLYPH_HEIGHT; r++) {
      if (rows[r].length() != GLYPH_WIDTH) {
        throw new IllegalStateException("glyph row '" + rows[r] + "' is not 5 wide");
      }
      for (int c = 0; c < GLYPH_WIDTH; c++) {
        g[r][c] = rows[r].charAt(c) == '#';
      }
    }
    return g;
  }

  private static void def(char c, String... rows) {
    GLYPHS.put(Character.toUpperCase(c), parse(rows));
  }

  /** Every character with its own glyph, for tests. */
  static String characters() {
    StringBuilder sb = new StringBuilder();
    GLYPHS.keySet().stream().sorted().forEach(sb::append);
    return sb.toString().toUpperCase(Locale.ROOT);
  }

  static {
    def('A', ".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#");
    def('B', "####.", "#...#", "#...#", "####.", "#...#", "#...#", "####.");
    def('C', ".###.", "#...#", "#....", "#....", "#....", "#...#", ".###.");
    def('D', "####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####.");
    def('E', "#####", "#....", "#....", "####.", "#....", "#....", "#####");
    def('F', "#####", "#....", "#....", "####.", "#....", "#....", "#....");
    def('G', ".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####");
    def('H', "#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#");
    def('I', ".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###.");
    def('J', "..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##..");
    def('K', "#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#");
    def('L', "#....", "#....", "#....", "#....", "#....", "#....", "#####");
    def('M', "#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#");
    def('N', "#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#");
    def('O', ".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.");
    def('P', "####.", "#...#", "#...#", "####.", "#....", "#....", "#....");
    def('Q', ".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#");
    def('R', "####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#");
    def('S', ".####", "#....", "#....", ".###.", "....#", "....#", "####.");
    def('T', "#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#..");
    def('U', "#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.");
    def('V', "#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#..");
    def('W', "#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#.");
    def('X', "#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#");
    def('Y', "#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#..");
    def('Z', "#####", "....#", "...#.", "..#..", ".#...", "#....", "#####");
    def('0', ".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###.");
    def('1', "..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###.");
    def('2', ".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####");
    def('3', "####.", "....#", "....#", ".###.", "....#", "....#", "####.");
    def('4', "...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#.");
    def('5', "#####", "#....", "####.", "....#", "....#", "#...#", ".###.");
    def('6', "..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###.");
    def('7', "#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#...");
    def('8', ".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###.");
    def('9', ".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##..");
    def('.', ".....", ".....", ".....", ".....", ".....", ".##..", ".##..");
    def(',', ".....", ".....", ".....", ".....", ".##..", "..#..", ".#...");
    def(':', ".....", ".##..", ".##..", ".....", ".##..", ".##..", ".....");
    def(';', ".....", ".##..", ".##..", ".....", ".##..", "..#..", ".#...");
    def('!', "..#..", "..#..", "..#..", "..#..", "..#..", ".....", "..#..");
    def('?', ".###.", "#...#", "....#", "...#.", "..#..", ".....", "..#..");
    def('\'', "..#..", "..#..", ".#...", ".....", ".....", ".....", ".....");
    def('"', ".#.#.", ".#.#.", ".#.#.", ".....", ".....", ".....", ".....");
    def('`', ".#...", "..#..", ".....", ".....", ".....", ".....", ".....");
    def('-', ".....", ".....", ".....", "#####", ".....", ".....", ".....");
    def('+', ".....", "..#..", "..#..", "#####", "..#..", "..#..", ".....");
    def('=', ".....", ".....", "#####", ".....", "#####", ".....", ".....");
    def('/', ".....", "....#", "...#.", "..#..", ".#...", "#....", ".....");
    def('\\', ".....", "#....", ".#...", "..#..", "...#.", "....#", ".....");
    def('(', "...#.", "..#..", ".#...", ".#...", ".#...", "..#..", "...#.");
    def(')', ".#...", "..#..", "...#.", "...#.", "...#.", "..#..", ".#...");
    def('[', ".###.", ".#...", ".#...", ".#...", ".#...", ".#...", ".###.");
    def(']', ".###.", "...#.", "...#.", "...#.", "...#.", "...#.", ".###.");
    def('<', "...#.", "..#..", ".#...", "#....", ".#...", "..#..", "...#.");
    def('>', ".#...", "..#..", "...#.", "....#", "...#.", "..#..", ".#...");
    def('_', ".....", ".....", ".....", ".....", ".....", ".....", "#####");
    def('%', "##...", "##..#", "...#.", "..#..", ".#...", "#..##", "...##");
    def('#', ".#.#.", ".#.#.", "#####", ".#.#.", "#####", ".#.#.", ".#.#.");
    def('@', ".###.", "#...#", "#.###", "#.#.#", "#.###", "#....", ".###.");
    def('*', ".....", "#.#.#", ".###.", "#####", ".###.", "#.#.#", ".....");
    def('&', ".##..", "#..#.", "#.#..", ".#...", "#.#.#", "#..#.", ".##.#");
    def('|', "..#..", "..#..", "..#..", "..#..", "..#..", "..#..", "..#..");
    def('^', "..#..", ".#.#.", "#...#", ".....", ".....", ".....", ".....");
    def('~', ".....", ".....", ".#...", "#.#.#", "...#.", ".....", ".....");
    def('$', "..#..", ".####", "#.#..", ".###.", "..#.#", "####.", "..#..");
  }
}
