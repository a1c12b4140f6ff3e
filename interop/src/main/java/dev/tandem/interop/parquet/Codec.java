package dev.tandem.interop.parquet;

import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Page compression codecs (parquet's {@code CompressionCodec} codes). Reading covers what pyarrow,
 * DuckDB and the JavaScript writers produce: none, snappy (pyarrow's default), gzip, zstd and
 * LZ4_RAW; writing uses snappy or none.
 */
public enum Codec {
  UNCOMPRESSED(0),
  SNAPPY(1),
  GZIP(2),
  LZO(3),
  BROTLI(4),
  LZ4(5),
  ZSTD(6),
  LZ4_RAW(7);

  final int code;

  Codec(int code) {
    this.code = code;
  }

  static Codec of(int code) {
    for (Codec c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown compression codec " + code);
  }

  /** Decompresses {@code length} bytes at {@code offset} into exactly {@code uncompressed}. */
  byte[] decompress(byte[] in, int offset, int length, int uncompressed) {
    if (this == UNCOMPRESSED) {
      if (length != uncompressed) {
        throw new IllegalArgumentException(
            "uncompressed page of " + length + " bytes declares " + uncompressed);
      }
      return Arrays.copyOfRange(in, offset, offset + length);
    }
    byte[] out = new byte[uncompressed];
    int n =
        switch (this) {
          case SNAPPY ->
              new SnappyDecompressor().decompress(in, offset, length, out, 0, uncompressed);
          case ZSTD -> new ZstdDecompressor().decompress(in, offset, length, out, 0, uncompressed);
          case LZ4_RAW ->
              new Lz4Decompressor().decompress(in, offset, length, out, 0, uncompressed);
          case GZIP -> gunzip(in, offset, length, out);
          default ->
              throw new IllegalArgumentException(
                  "pages compressed with "
                      + this
                      + " are not supported (snappy, gzip, zstd, lz4_raw are)");
        };
    if (n != uncompressed) {
      throw new IllegalArgumentException(
          this + " page decompressed to " + n + " bytes, the header says " + uncompressed);
    }
    return out;
  }

  private static int gunzip(byte[] in, int offset, int length, byte[] out) {
    try (GZIPInputStream z = new GZIPInputStream(new ByteArrayInputStream(in, offset, length))) {
      return z.readNBytes(out, 0, out.length);
    } catch (IOException e) {
      throw new IllegalArgumentException("gzip page is damaged: " + e.getMessage(), e);
    }
  }

  /** Compresses a page (snappy or none). */
  byte[] compress(byte[] in) {
    return switch (this) {
      case UNCOMPRESSED -> in;
      case SNAPPY -> {
        SnappyCompressor c = new SnappyCompressor();
        byte[] out = new byte[c.maxCompressedLength(in.length)];
        int n = c.compress(in, 0, in.length, out, 0, out.length);
        yield Arrays.copyOf(out, n);
      }
      default -> throw new IllegalArgumentException("writing " + this + " pages is not supported");
    };
  }
}
