package dev.tandem.interop.parquet;

import java.nio.file.Path;
import java.util.function.IntFunction;

/**
 * One leaf column of a parquet file, decoded: its values with their definition and repetition
 * levels, assembled on request into per-row values of the shapes datasets use. A type or shape that
 * does not match what is asked is a {@link ParquetException} naming file and column.
 */
public final class Column {
  private final Path file;
  private final ParquetFile.Leaf leaf;
  private final Values values;
  private final int[] def;
  private final int[] rep;
  private final int levels;
  private final long rows;

  Column(Path file, ParquetFile.Leaf leaf, Values values, int[] def, int[] rep, int n, long rows) {
    this.file = file;
    this.leaf = leaf;
    this.values = values;
    this.def = def;
    this.rep = rep;
    this.levels = n;
    this.rows = rows;
  }

  public String name() {
    return leaf.name();
  }

  public PhysicalType type() {
    return leaf.type();
  }

  public boolean isList() {
    return leaf.maxRepetition() > 0;
  }

  private ParquetException error(String what) {
    return new ParquetException(file, file + ": column '" + name() + "' " + what);
  }

  private int rowCount() {
    return Math.toIntExact(rows);
  }

  /** For a scalar column: the value index of each row, -1 for a null. */
  private int[] scalarIndex(boolean nullsAllowed) {
    if (isList()) {
      throw error("is a list, expected one value per row");
    }
    if (levels != rows) {
      throw error("has " + levels + " values for " + rows + " rows");
    }
    int[] at = new int[levels];
    int v = 0;
    for (int i = 0; i < levels; i++) {
      if (def[i] == leaf.maxDefinition()) {
        at[i] = v++;
      } else if (nullsAllowed) {
        at[i] = -1;
      } else {
        throw error("is null in row " + i + ", expected a value");
      }
    }
    return at;
  }

  private <T> T typed(IntFunction<T> f, String expected) {
    try {
      return f.apply(0);
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage() + " (expected " + expected + ")");
    }
  }

  public long[] longs() {
    int[] at = scalarIndex(false);
    return typed(
        x -> {
          long[] out = new long[at.length];
          for (int i = 0; i < at.length; i++) {
            out[i] = values.longAt(at[i]);
          }
          return out;
        },
        "an integer per row");
  }

  public float[] floats() {
    int[] at = scalarIndex(false);
    return typed(
        x -> {
          float[] out = new float[at.length];
          for (int i = 0; i < at.length; i++) {
            out[i] = values.floatAt(at[i]);
          }
          return out;
        },
        "a number per row");
  }

  public double[] doubles() {
    int[] at = scalarIndex(false);
    return typed(
        x -> {
          double[] out = new double[at.length];
          for (int i = 0; i < at.length; i++) {
            out[i] = values.doubleAt(at[i]);
          }
          return out;
        },
        "a number per row");
  }

  public boolean[] booleans() {
    int[] at = scalarIndex(false);
    return typed(
        x -> {
          boolean[] out = new boolean[at.length];
          for (int i = 0; i < at.length; i++) {
            out[i] = values.booleanAt(at[i]);
          }
          return out;
        },
        "a boolean per row");
  }

  /** Bytes per row; null where the row's value is null. */
  public byte[][] binaries() {
    int[] at = scalarIndex(true);
    return typed(
        x -> {
          byte[][] out = new byte[at.length][];
          for (int i = 0; i < at.length; i++) {
            out[i] = at[i] < 0 ? null : values.binaryAt(at[i]);
          }
          return out;
        },
        "bytes per row");
  }

  public String[] strings() {
    byte[][] b = binaries();
    String[] out = new String[b.length];
    for (int i = 0; i < b.length; i++) {
      if (b[i] == null) {
        throw error("is null in row " + i + ", expected a string");
      }
      out[i] = new String(b[i], java.nio.charset.StandardCharsets.UTF_8);
    }
    return out;
  }

  /**
   * For a list column: per row, the value indices of its elements (an empty or null list has none).
   * Null elements are refused.
   */
  private int[][] listIndex() {
    if (leaf.maxRepetition() != 1) {
      throw error(
          leaf.maxRepetition() == 0
              ? "holds one value per row, expected a list"
              : "is a list of lists, expected a flat list");
    }
    int[][] out = new int[rowCount()][];
    int[] buf = new int[16];
    int row = -1;
    int n = 0;
    int v = 0;
    for (int i = 0; i < levels; i++) {
      if (rep[i] == 0) {
        if (row >= 0) {
          out[row] = java.util.Arrays.copyOf(buf, n);
        }
        row++;
        n = 0;
        if (row >= out.length) {
          throw error("has more lists than the file's " + rows + " rows");
        }
      }
      if (def[i] >= leaf.repeatedDefinition()) {
        if (def[i] != leaf.maxDefinition()) {
          throw error("has a null element in row " + row);
        }
        if (n == buf.length) {
          buf = java.util.Arrays.copyOf(buf, n * 2);
        }
        buf[n++] = v++;
      }
    }
    if (row >= 0) {
      out[row] = java.util.Arrays.copyOf(buf, n);
    }
    if (row + 1 != out.length) {
      throw error("has " + (row + 1) + " lists for " + rows + " rows");
    }
    return out;
  }

  /**
   * A list of numbers per row, as float32; every row must have {@code width} elements (any length
   * when {@code width} is negative).
   */
  public float[][] floatLists(int width) {
    int[][] at = listIndex();
    return typed(
        x -> {
          float[][] out = new float[at.length][];
          for (int r = 0; r < at.length; r++) {
            if (width >= 0 && at[r].length != width) {
              throw new IllegalArgumentException(
                  "has " + at[r].length + " values in row " + r + ", expected " + width);
            }
            out[r] = new float[at[r].length];
            for (int k = 0; k < at[r].length; k++) {
              out[r][k] = values.floatAt(at[r][k]);
            }
          }
          return out;
        },
        "a list of numbers per row");
  }

  public long[][] longLists() {
    int[][] at = listIndex();
    return typed(
        x -> {
          long[][] out = new long[at.length][];
          for (int r = 0; r < at.length; r++) {
            out[r] = new long[at[r].length];
            for (int k = 0; k < at[r].length; k++) {
              out[r][k] = values.longAt(at[r][k]);
            }
          }
          return out;
        },
        "a list of integers per row");
  }

  public boolean[][] booleanLists() {
    int[][] at = listIndex();
    return typed(
        x -> {
          boolean[][] out = new boolean[at.length][];
          for (int r = 0; r < at.length; r++) {
            out[r] = new boolean[at[r].length];
            for (int k = 0; k < at[r].length; k++) {
              out[r][k] = values.booleanAt(at[r][k]);
            }
          }
          return out;
        },
        "a list of booleans per row");
  }

  public String[][] stringLists() {
    int[][] at = listIndex();
    return typed(
        x -> {
          String[][] out = new String[at.length][];
          for (int r = 0; r < at.length; r++) {
            out[r] = new String[at[r].length];
            for (int k = 0; k < at[r].length; k++) {
              out[r][k] = values.stringAt(at[r][k]);
            }
          }
          return out;
        },
        "a list of strings per row");
  }
}
