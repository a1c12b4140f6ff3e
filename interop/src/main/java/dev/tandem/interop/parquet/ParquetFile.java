package dev.tandem.interop.parquet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A parquet file read whole into memory, its columns decoded on request. Reads what pyarrow, DuckDB
 * and the JavaScript writers produce: data pages v1 and v2, PLAIN, dictionary (PLAIN_DICTIONARY,
 * RLE_DICTIONARY), RLE booleans, the delta encodings and BYTE_STREAM_SPLIT, compressed with snappy,
 * gzip, zstd or LZ4_RAW, over any number of row groups. Nested columns are read as leaves with
 * their definition and repetition levels; {@link Column} assembles the shapes datasets use
 * (scalars, lists, struct fields).
 *
 * <p>A page whose header carries a CRC-32 (Tandem's writer, parquet-java's, pyarrow's with {@code
 * write_page_checksum}) is checked against it. Every failure is a {@link ParquetException} whose
 * one-line message names the file and, where one is involved, the column.
 */
public final class ParquetFile {

  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  /** A leaf column of the schema. */
  public record Leaf(
      List<String> path,
      PhysicalType type,
      int typeLength,
      int maxDefinition,
      int maxRepetition,
      int repeatedDefinition,
      int index) {
    public String name() {
      return String.join(".", path);
    }
  }

  private final Path file;
  private final byte[] bytes;
  private final Thrift.Struct meta;
  private final List<Leaf> leaves;
  private final List<String> fields;
  private final long rows;

  private ParquetFile(Path file, byte[] bytes, Thrift.Struct meta, List<Leaf> leaves) {
    this.file = file;
    this.bytes = bytes;
    this.meta = meta;
    this.leaves = leaves;
    LinkedHashSet<String> top = new LinkedHashSet<>();
    leaves.forEach(l -> top.add(l.path().get(0)));
    this.fields = List.copyOf(top);
    this.rows = meta.i64(3);
  }

  /** Reads the file and its footer. */
  public static ParquetFile open(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ParquetException(file, file + ": cannot read: " + e.getMessage(), e);
    }
    if (bytes.length < 12
        || !java.util.Arrays.equals(bytes, 0, 4, MAGIC, 0, 4)
        || !java.util.Arrays.equals(bytes, bytes.length - 4, bytes.length, MAGIC, 0, 4)) {
      throw new ParquetException(
          file, file + ": not a parquet file (no PAR1 magic at its start and end)");
    }
    try {
      Bytes tail = new Bytes(bytes, bytes.length - 8, bytes.length - 4);
      int footer = tail.int32();
      int start = bytes.length - 8 - footer;
      if (footer <= 0 || start < 4) {
        throw new IllegalArgumentException("footer length " + footer + " does not fit the file");
      }
      Thrift.Struct meta = new Thrift.Reader(bytes, start, bytes.length - 8).struct();
      return new ParquetFile(file, bytes, meta, schema(meta.list(2)));
    } catch (RuntimeException e) {
      throw new ParquetException(file, file + ": damaged parquet footer: " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  public long rows() {
    return rows;
  }

  /** Top-level field names in schema order. */
  public List<String> fields() {
    return fields;
  }

  public List<Leaf> leaves() {
    return Collections.unmodifiableList(leaves);
  }

  /** The file's key-value metadata (e.g. {@code ARROW:schema}, {@code huggingface}). */
  public Map<String, String> keyValueMetadata() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Thrift.Struct kv : meta.<Thrift.Struct>list(5)) {
      out.put(kv.string(1), kv.has(2) ? kv.string(2) : "");
    }
    return out;
  }

  public boolean has(String field) {
    return fields.contains(field);
  }

  /**
   * The leaf under top-level {@code field}: its only leaf, or the one at {@code subPath} below it
   * (a struct's field, e.g. {@code column("observation.images.front", "bytes")}).
   */
  public Column column(String field, String... subPath) {
    List<Leaf> under = leaves.stream().filter(l -> l.path().get(0).equals(field)).toList();
    if (under.isEmpty()) {
      throw new ParquetException(
          file, file + ": no column '" + field + "' (it has " + fields + ")");
    }
    Leaf leaf;
    if (subPath.length == 0) {
      if (under.size() != 1) {
        throw new ParquetException(
            file,
            file
                + ": column '"
                + field
                + "' is a struct of "
                + under.stream().map(Leaf::name).toList()
                + ", expected a single value or list");
      }
      leaf = under.get(0);
    } else {
      List<String> want = new ArrayList<>(List.of(field));
      want.addAll(List.of(subPath));
      leaf =
          under.stream()
              .filter(l -> l.path().equals(want))
              .findFirst()
              .orElseThrow(
                  () ->
                      new ParquetException(
                          file,
                          file
                              + ": column '"
                              + field
                              + "' has no field '"
                              + String.join(".", subPath)
                              + "' (it has "
                              + under.stream().map(Leaf::name).toList()
                              + ")"));
    }
    try {
      return read(leaf);
    } catch (ParquetException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ParquetException(
          file, file + ": column '" + leaf.name() + "': damaged data: " + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------ schema

  private static List<Leaf> schema(List<Thrift.Struct> elements) {
    if (elements.isEmpty()) {
      throw new IllegalArgumentException("empty schema");
    }
    List<Leaf> out = new ArrayList<>();
    int[] next = {1};
    int children = elements.get(0).i32(5, 0);
    for (int c = 0; c < children; c++) {
      walk(elements, next, new ArrayList<>(), 0, 0, 0, out);
    }
    if (next[0] != elements.size()) {
      throw new IllegalArgumentException(
          "schema has " + elements.size() + " elements, the tree uses " + next[0]);
    }
    return out;
  }

  private static void walk(
      List<Thrift.Struct> elements,
      int[] next,
      List<String> path,
      int def,
      int rep,
      int repDef,
      List<Leaf> out) {
    if (next[0] >= elements.size()) {
      throw new IllegalArgumentException("schema tree is cut short");
    }
    Thrift.Struct e = elements.get(next[0]++);
    List<String> p = new ArrayList<>(path);
    p.add(e.string(4));
    int repetition = e.i32(3, 0);
    if (repetition == 1) {
      def++;
    } else if (repetition == 2) {
      def++;
      rep++;
      repDef = def;
    }
    int children = e.i32(5, 0);
    if (children == 0 && e.has(1)) {
      out.add(
          new Leaf(
              List.copyOf(p),
              PhysicalType.of(e.i32(1)),
              e.i32(2, 0),
              def,
              rep,
              repDef,
              out.size()));
      return;
    }
    for (int c = 0; c < children; c++) {
      walk(elements, next, p, def, rep, repDef, out);
    }
  }

  // ------------------------------------------------------------------ pages

  private static final int DATA_PAGE = 0;
  private static final int DICTIONARY_PAGE = 2;
  private static final int DATA_PAGE_V2 = 3;

  private Column read(Leaf leaf) {
    long total = 0;
    List<Thrift.Struct> groups = meta.list(4);
    for (Thrift.Struct g : groups) {
      total += g.<Thrift.Struct>list(1).get(leaf.index()).struct(3).i64(5);
    }
    int n = Math.toIntExact(total);
    int[] def = new int[n];
    int[] rep = new int[n];
    Values values = new Values(leaf.type(), leaf.typeLength(), n);
    int levels = 0;
    for (Thrift.Struct g : groups) {
      Thrift.Struct md = g.<Thrift.Struct>list(1).get(leaf.index()).struct(3);
      Codec codec = Codec.of(md.i32(4));
      long pos = md.i64(9);
      if (md.has(11) && md.i64(11) > 0 && md.i64(11) < pos) {
        pos = md.i64(11);
      }
      long remaining = md.i64(5);
      Values dict = null;
      while (remaining > 0) {
        Thrift.Reader r = new Thrift.Reader(bytes, Math.toIntExact(pos), bytes.length);
        Thrift.Struct header = r.struct();
        int type = header.i32(1);
        int uncompressed = header.i32(2);
        int compressed = header.i32(3);
        int body = r.position();
        if (compressed < 0 || body > bytes.length - compressed) {
          throw new IllegalArgumentException(
              "page at byte " + pos + " runs past the end of the file");
        }
        if (header.has(4)) {
          if (ParquetWriter.crc(bytes, body, compressed) != header.i32(4)) {
            throw new IllegalArgumentException(
                "page at byte " + pos + " fails its checksum (CRC-32 in the page header)");
          }
        }
        pos = (long) body + compressed;
        switch (type) {
          case DICTIONARY_PAGE -> {
            byte[] page = codec.decompress(bytes, body, compressed, uncompressed);
            int count = header.struct(7).i32(1);
            dict = new Values(leaf.type(), leaf.typeLength(), count);
            dict.plain(page, 0, page.length, count);
          }
          case DATA_PAGE -> {
            byte[] page = codec.decompress(bytes, body, compressed, uncompressed);
            Thrift.Struct h = header.struct(5);
            int count = h.i32(1);
            Bytes in = new Bytes(page, 0, page.length);
            if (leaf.maxRepetition() > 0) {
              levelsV1(in, leaf.maxRepetition(), rep, levels, count);
            }
            if (leaf.maxDefinition() > 0) {
              levelsV1(in, leaf.maxDefinition(), def, levels, count);
            } else {
              java.util.Arrays.fill(def, levels, levels + count, 0);
            }
            int present = present(def, levels, count, leaf.maxDefinition());
            values(h.i32(2), in, present, dict, values);
            levels += count;
            remaining -= count;
          }
          case DATA_PAGE_V2 -> {
            Thrift.Struct h = header.struct(8);
            int count = h.i32(1);
            int defBytes = h.i32(5);
            int repBytes = h.i32(6);
            if (repBytes < 0 || defBytes < 0 || repBytes + defBytes > compressed) {
              throw new IllegalArgumentException("page v2 level lengths exceed the page");
            }
            if (leaf.maxRepetition() > 0) {
              Encodings.rleHybrid(
                  new Bytes(bytes, body, body + repBytes),
                  Encodings.bitWidth(leaf.maxRepetition()),
                  rep,
                  levels,
                  count);
            }
            if (leaf.maxDefinition() > 0) {
              Encodings.rleHybrid(
                  new Bytes(bytes, body + repBytes, body + repBytes + defBytes),
                  Encodings.bitWidth(leaf.maxDefinition()),
                  def,
                  levels,
                  count);
            } else {
              java.util.Arrays.fill(def, levels, levels + count, 0);
            }
            int valuesAt = body + repBytes + defBytes;
            int valuesLength = compressed - repBytes - defBytes;
            byte[] page =
                h.bool(7, true) && codec != Codec.UNCOMPRESSED
                    ? codec.decompress(
                        bytes, valuesAt, valuesLength, uncompressed - repBytes - defBytes)
                    : java.util.Arrays.copyOfRange(bytes, valuesAt, valuesAt + valuesLength);
            int present = present(def, levels, count, leaf.maxDefinition());
            values(h.i32(4), new Bytes(page, 0, page.length), present, dict, values);
            levels += count;
            remaining -= count;
          }
          default -> {
            // index pages and unknown page types carry no values
          }
        }
      }
    }
    if (levels != n) {
      throw new IllegalArgumentException(
          "pages hold " + levels + " values, the metadata says " + n);
    }
    return new Column(file, leaf, values, def, rep, n, rows);
  }

  private static void levelsV1(Bytes in, int max, int[] out, int offset, int count) {
    int length = in.int32();
    Bytes run = new Bytes(in.buf, in.require(in.pos, length), in.pos + length);
    Encodings.rleHybrid(run, Encodings.bitWidth(max), out, offset, count);
    in.pos += length;
  }

  private static int present(int[] def, int offset, int count, int max) {
    int n = 0;
    for (int i = offset; i < offset + count; i++) {
      if (def[i] == max) {
        n++;
      }
    }
    return n;
  }

  private static void values(int encoding, Bytes in, int count, Values dict, Values out) {
    switch (encoding) {
      case Encodings.PLAIN -> out.plain(in.buf, in.pos, in.end, count);
      case Encodings.PLAIN_DICTIONARY, Encodings.RLE_DICTIONARY -> {
        if (dict == null) {
          throw new IllegalArgumentException("dictionary-encoded page without a dictionary page");
        }
        int[] idx = new int[count];
        if (count > 0) {
          int width = in.u8();
          Encodings.rleHybrid(in, width, idx, 0, count);
        }
        out.gather(dict, idx, count);
      }
      case Encodings.RLE -> {
        if (out.type != PhysicalType.BOOLEAN) {
          throw new IllegalArgumentException("RLE values for " + out.type);
        }
        int length = in.int32();
        Bytes run = new Bytes(in.buf, in.require(in.pos, length), in.pos + length);
        int[] bits = new int[count];
        Encodings.rleHybrid(run, 1, bits, 0, count);
        for (int b : bits) {
          out.appendBoolean(b != 0);
        }
      }
      case Encodings.DELTA_BINARY_PACKED -> {
        for (long v : java.util.Arrays.copyOf(Encodings.deltaBinaryPacked(in, count), count)) {
          out.appendLong(v);
        }
      }
      case Encodings.DELTA_LENGTH_BYTE_ARRAY -> {
        long[] lengths = Encodings.deltaBinaryPacked(in, count);
        for (int k = 0; k < count; k++) {
          out.appendBinary(in.bytes(Math.toIntExact(lengths[k])));
        }
      }
      case Encodings.DELTA_BYTE_ARRAY -> {
        long[] prefix = Encodings.deltaBinaryPacked(in, count);
        long[] suffix = Encodings.deltaBinaryPacked(in, count);
        byte[] previous = new byte[0];
        for (int k = 0; k < count; k++) {
          int p = Math.toIntExact(prefix[k]);
          byte[] s = in.bytes(Math.toIntExact(suffix[k]));
          if (p > previous.length) {
            throw new IllegalArgumentException("DELTA_BYTE_ARRAY prefix longer than the previous");
          }
          byte[] v = new byte[p + s.length];
          System.arraycopy(previous, 0, v, 0, p);
          System.arraycopy(s, 0, v, p, s.length);
          out.appendBinary(v);
          previous = v;
        }
      }
      case Encodings.BYTE_STREAM_SPLIT -> out.byteStreamSplit(in.buf, in.pos, in.end, count);
      default ->
          throw new IllegalArgumentException(
              Encodings.name(encoding) + " values are not supported");
    }
  }
}
