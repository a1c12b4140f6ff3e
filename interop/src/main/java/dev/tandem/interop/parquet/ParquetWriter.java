package dev.tandem.interop.parquet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a table held in memory as one parquet file: one row group, one data page (v1) per column,
 * PLAIN values, RLE levels, snappy-compressed pages by default, each page with its CRC-32 in its
 * header (readers that check it, as this package's {@link ParquetFile} does, refuse a damaged page
 * instead of returning other values). Columns are added whole, each with one entry per row:
 * scalars, lists ({@code LIST} groups of required elements, the standard three-level layout) and
 * image structs {@code {bytes, path}} as Hugging Face datasets writes them.
 */
public final class ParquetWriter {

  private static final int REQUIRED = 0;
  private static final int OPTIONAL = 1;
  private static final int REPEATED = 2;
  private static final int CONVERTED_UTF8 = 0;
  private static final int CONVERTED_LIST = 3;
  private static final int LOGICAL_STRING = 1;
  private static final int LOGICAL_LIST = 3;

  /** A schema element, in depth-first order. */
  private record Element(
      String name, int repetition, PhysicalType type, int children, int converted, int logical) {}

  /** A leaf column: its path, levels and PLAIN-encoded values. */
  private record Chunk(
      List<String> path,
      PhysicalType type,
      int maxDef,
      int maxRep,
      int[] def,
      int[] rep,
      int levels,
      byte[] values) {}

  private final int rows;
  private final Codec codec;
  private final List<Element> schema = new ArrayList<>();
  private final List<Chunk> chunks = new ArrayList<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();
  private final List<String> names = new ArrayList<>();

  public ParquetWriter(int rows, Codec codec) {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0, found " + rows);
    }
    this.rows = rows;
    this.codec = codec;
  }

  public static ParquetWriter snappy(int rows) {
    return new ParquetWriter(rows, Codec.SNAPPY);
  }

  private void field(String name, int length) {
    if (length != rows) {
      throw new IllegalArgumentException(
          "column '" + name + "' has " + length + " rows, the table has " + rows);
    }
    if (names.contains(name)) {
      throw new IllegalArgumentException("column '" + name + "' added twice");
    }
    names.add(name);
  }

  /** Encoder of PLAIN values into a growing little-endian buffer. */
  private static final class Plain {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    private int bits;
    private int bitCount;

    void int32(int v) {
      out.write(b.clear().putInt(v).array(), 0, 4);
    }

    void int64(long v) {
      out.write(b.clear().putLong(v).array(), 0, 8);
    }

    void bool(boolean v) {
      bits |= (v ? 1 : 0) << bitCount++;
      if (bitCount == 8) {
        out.write(bits);
        bits = 0;
        bitCount = 0;
      }
    }

    void binary(byte[] v) {
      int32(v.length);
      out.writeBytes(v);
    }

    byte[] bytes() {
      if (bitCount > 0) {
        out.write(bits);
        bits = 0;
        bitCount = 0;
      }
      return out.toByteArray();
    }
  }

  private ParquetWriter scalar(
      String name,
      PhysicalType type,
      int converted,
      int logical,
      int length,
      java.util.function.IntConsumer write,
      Plain plain) {
    field(name, length);
    for (int i = 0; i < length; i++) {
      write.accept(i);
    }
    schema.add(new Element(name, REQUIRED, type, 0, converted, logical));
    chunks.add(new Chunk(List.of(name), type, 0, 0, null, null, length, plain.bytes()));
    return this;
  }

  public ParquetWriter int64(String name, long[] v) {
    Plain p = new Plain();
    return scalar(name, PhysicalType.INT64, -1, -1, v.length, i -> p.int64(v[i]), p);
  }

  public ParquetWriter float32(String name, float[] v) {
    Plain p = new Plain();
    return scalar(
        name, PhysicalType.FLOAT, -1, -1, v.length, i -> p.int32(Float.floatToRawIntBits(v[i])), p);
  }

  public ParquetWriter float64(String name, double[] v) {
    Plain p = new Plain();
    return scalar(
        name,
        PhysicalType.DOUBLE,
        -1,
        -1,
        v.length,
        i -> p.int64(Double.doubleToRawLongBits(v[i])),
        p);
  }

  public ParquetWriter bool(String name, boolean[] v) {
    Plain p = new Plain();
    return scalar(name, PhysicalType.BOOLEAN, -1, -1, v.length, i -> p.bool(v[i]), p);
  }

  public ParquetWriter string(String name, String[] v) {
    Plain p = new Plain();
    return scalar(
        name,
        PhysicalType.BYTE_ARRAY,
        CONVERTED_UTF8,
        LOGICAL_STRING,
        v.length,
        i -> p.binary(v[i].getBytes(StandardCharsets.UTF_8)),
        p);
  }

  public ParquetWriter binary(String name, byte[][] v) {
    Plain p = new Plain();
    return scalar(name, PhysicalType.BYTE_ARRAY, -1, -1, v.length, i -> p.binary(v[i]), p);
  }

  /** Writes a LIST column; {@code sizes[i]} elements in row i, {@code write} encodes element k. */
  private ParquetWriter list(
      String name,
      PhysicalType type,
      int converted,
      int logical,
      int[] sizes,
      java.util.function.IntConsumer write,
      Plain plain) {
    field(name, sizes.length);
    int levels = 0;
    for (int s : sizes) {
      levels += Math.max(1, s);
    }
    int[] def = new int[levels];
    int[] rep = new int[levels];
    int at = 0;
    int element = 0;
    for (int s : sizes) {
      if (s == 0) {
        def[at] = 0;
        rep[at++] = 0;
        continue;
      }
      for (int k = 0; k < s; k++) {
        def[at] = 1;
        rep[at++] = k == 0 ? 0 : 1;
        write.accept(element++);
      }
    }
    schema.add(new Element(name, REQUIRED, null, 1, CONVERTED_LIST, LOGICAL_LIST));
    schema.add(new Element("list", REPEATED, null, 1, -1, -1));
    schema.add(new Element("element", REQUIRED, type, 0, converted, logical));
    chunks.add(
        new Chunk(List.of(name, "list", "element"), type, 1, 1, def, rep, levels, plain.bytes()));
    return this;
  }

  private static int[] sizes(int n, java.util.function.IntUnaryOperator size) {
    int[] s = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = size.applyAsInt(i);
    }
    return s;
  }

  private static <T> List<T> flat(int n, java.util.function.IntFunction<T[]> row) {
    List<T> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.addAll(List.of(row.apply(i)));
    }
    return out;
  }

  public ParquetWriter float32Lists(String name, float[][] v) {
    Plain p = new Plain();
    float[] all = flatFloats(v);
    return list(
        name,
        PhysicalType.FLOAT,
        -1,
        -1,
        sizes(v.length, i -> v[i].length),
        k -> p.int32(Float.floatToRawIntBits(all[k])),
        p);
  }

  private static float[] flatFloats(float[][] v) {
    int n = 0;
    for (float[] r : v) {
      n += r.length;
    }
    float[] all = new float[n];
    int at = 0;
    for (float[] r : v) {
      System.arraycopy(r, 0, all, at, r.length);
      at += r.length;
    }
    return all;
  }

  public ParquetWriter float64Lists(String name, double[][] v) {
    Plain p = new Plain();
    double[] all = java.util.Arrays.stream(v).flatMapToDouble(java.util.Arrays::stream).toArray();
    return list(
        name,
        PhysicalType.DOUBLE,
        -1,
        -1,
        sizes(v.length, i -> v[i].length),
        k -> p.int64(Double.doubleToRawLongBits(all[k])),
        p);
  }

  public ParquetWriter int64Lists(String name, long[][] v) {
    Plain p = new Plain();
    long[] all = java.util.Arrays.stream(v).flatMapToLong(java.util.Arrays::stream).toArray();
    return list(
        name,
        PhysicalType.INT64,
        -1,
        -1,
        sizes(v.length, i -> v[i].length),
        k -> p.int64(all[k]),
        p);
  }

  public ParquetWriter boolLists(String name, boolean[][] v) {
    Plain p = new Plain();
    List<Boolean> all = new ArrayList<>();
    for (boolean[] r : v) {
      for (boolean b : r) {
        all.add(b);
      }
    }
    return list(
        name,
        PhysicalType.BOOLEAN,
        -1,
        -1,
        sizes(v.length, i -> v[i].length),
        k -> p.bool(all.get(k)),
        p);
  }

  public ParquetWriter stringLists(String name, String[][] v) {
    Plain p = new Plain();
    List<String> all = flat(v.length, i -> v[i]);
    return list(
        name,
        PhysicalType.BYTE_ARRAY,
        CONVERTED_UTF8,
        LOGICAL_STRING,
        sizes(v.length, i -> v[i].length),
        k -> p.binary(all.get(k).getBytes(StandardCharsets.UTF_8)),
        p);
  }

  /**
   * An image column as Hugging Face datasets stores one: a struct {@code {bytes: binary, path:
   * string}} with the encoded image (PNG) in {@code bytes} and a null {@code path}.
   */
  public ParquetWriter image(String name, byte[][] encoded) {
    field(name, encoded.length);
    Plain p = new Plain();
    int[] def = new int[encoded.length];
    for (int i = 0; i < encoded.length; i++) {
      p.binary(encoded[i]);
      def[i] = 1;
    }
    schema.add(new Element(name, REQUIRED, null, 2, -1, -1));
    schema.add(new Element("bytes", OPTIONAL, PhysicalType.BYTE_ARRAY, 0, -1, -1));
    schema.add(
        new Element("path", OPTIONAL, PhysicalType.BYTE_ARRAY, 0, CONVERTED_UTF8, LOGICAL_STRING));
    chunks.add(
        new Chunk(
            List.of(name, "bytes"),
            PhysicalType.BYTE_ARRAY,
            1,
            0,
            def,
            null,
            encoded.length,
            p.bytes()));
    chunks.add(
        new Chunk(
            List.of(name, "path"),
            PhysicalType.BYTE_ARRAY,
            1,
            0,
            new int[encoded.length],
            null,
            encoded.length,
            new byte[0]));
    return this;
  }

  /** A key-value pair of the file metadata. */
  public ParquetWriter metadata(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  /** Writes the file (replacing {@code out}). */
  public void write(Path out) throws IOException {
    try (OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
      os.write(MAGIC);
      long offset = 4;
      List<long[]> placed = new ArrayList<>(); // {data_page_offset, uncompressed, compressed}
      for (Chunk c : chunks) {
        byte[] body = pageBody(c);
        byte[] page = codec.compress(body);
        byte[] header =
            new Thrift.Writer()
                .i32(1, 0)
                .i32(2, body.length)
                .i32(3, page.length)
                .i32(4, crc(page, 0, page.length))
                .beginStruct(5)
                .i32(1, c.levels())
                .i32(2, Encodings.PLAIN)
                .i32(3, Encodings.RLE)
                .i32(4, Encodings.RLE)
                .endStruct()
                .endStruct()
                .toByteArray();
        os.write(header);
        os.write(page);
        placed.add(new long[] {offset, header.length + body.length, header.length + page.length});
        offset += header.length + page.length;
      }
      byte[] footer = footer(placed);
      os.write(footer);
      os.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(footer.length).array());
      os.write(MAGIC);
    }
  }

  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  /** A page header's {@code crc}: CRC-32 of the page as stored (after compression). */
  static int crc(byte[] page, int offset, int length) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(page, offset, length);
    return (int) crc.getValue();
  }

  private static byte[] pageBody(Chunk c) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (c.maxRep() > 0) {
      levels(out, c.rep(), c.levels(), c.maxRep());
    }
    if (c.maxDef() > 0) {
      levels(out, c.def(), c.levels(), c.maxDef());
    }
    out.writeBytes(c.values());
    return out.toByteArray();
  }

  private static void levels(ByteArrayOutputStream out, int[] levels, int n, int max) {
    byte[] rle = Encodings.rleRuns(levels, n, Encodings.bitWidth(max));
    out.writeBytes(
        ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(rle.length).array());
    out.writeBytes(rle);
  }

  private byte[] footer(List<long[]> placed) {
    Thrift.Writer w = new Thrift.Writer();
    w.i32(1, 1);
    w.beginList(2, Thrift.STRUCT, schema.size() + 1);
    w.beginStructElement().string(4, "schema").i32(5, names.size()).endStruct();
    for (Element e : schema) {
      w.beginStructElement();
      if (e.type() != null) {
        w.i32(1, e.type().code);
      }
      w.i32(3, e.repetition()).string(4, e.name());
      if (e.children() > 0) {
        w.i32(5, e.children());
      }
      if (e.converted() >= 0) {
        w.i32(6, e.converted());
      }
      if (e.logical() >= 0) {
        w.beginStruct(10).beginStruct(e.logical()).endStruct().endStruct();
      }
      w.endStruct();
    }
    w.i64(3, rows);
    w.beginList(4, Thrift.STRUCT, 1);
    w.beginStructElement();
    w.beginList(1, Thrift.STRUCT, chunks.size());
    long totalBytes = 0;
    for (int i = 0; i < chunks.size(); i++) {
      Chunk c = chunks.get(i);
      long[] at = placed.get(i);
      totalBytes += at[1];
      w.beginStructElement().i64(2, at[0]).beginStruct(3);
      w.i32(1, c.type().code);
      w.beginList(2, Thrift.I32, 2).i32Element(Encodings.PLAIN).i32Element(Encodings.RLE);
      w.beginList(3, Thrift.BINARY, c.path().size());
      c.path().forEach(w::stringElement);
      w.i32(4, codec.code).i64(5, c.levels()).i64(6, at[1]).i64(7, at[2]).i64(9, at[0]);
      w.endStruct().endStruct();
    }
    w.i64(2, totalBytes).i64(3, rows);
    w.endStruct();
    if (!metadata.isEmpty()) {
      w.beginList(5, Thrift.STRUCT, metadata.size());
      metadata.forEach((k, v) -> w.beginStructElement().string(1, k).string(2, v).endStruct());
    }
    w.string(6, "tandem");
    w.endStruct();
    return w.toByteArray();
  }
}
