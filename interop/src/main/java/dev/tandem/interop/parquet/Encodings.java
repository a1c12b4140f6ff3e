package dev.tandem.interop.parquet;

import java.io.ByteArrayOutputStream;

/** Parquet's value and level encodings: the RLE/bit-packing hybrid and the delta encodings. */
final class Encodings {

  static final int PLAIN = 0;
  static final int PLAIN_DICTIONARY = 2;
  static final int RLE = 3;
  static final int BIT_PACKED = 4;
  static final int DELTA_BINARY_PACKED = 5;
  static final int DELTA_LENGTH_BYTE_ARRAY = 6;
  static final int DELTA_BYTE_ARRAY = 7;
  static final int RLE_DICTIONARY = 8;
  static final int BYTE_STREAM_SPLIT = 9;

  private Encodings() {}

  static String name(int encoding) {
    return switch (encoding) {
      case PLAIN -> "PLAIN";
      case PLAIN_DICTIONARY -> "PLAIN_DICTIONARY";
      case RLE -> "RLE";
      case BIT_PACKED -> "BIT_PACKED";
      case DELTA_BINARY_PACKED -> "DELTA_BINARY_PACKED";
      case DELTA_LENGTH_BYTE_ARRAY -> "DELTA_LENGTH_BYTE_ARRAY";
      case DELTA_BYTE_ARRAY -> "DELTA_BYTE_ARRAY";
      case RLE_DICTIONARY -> "RLE_DICTIONARY";
      case BYTE_STREAM_SPLIT -> "BYTE_STREAM_SPLIT";
      default -> "encoding " + encoding;
    };
  }

  /** Bits needed for values 0..max. */
  static int bitWidth(int max) {
    return 32 - Integer.numberOfLeadingZeros(max);
  }

  /**
   * Decodes {@code count} values of the RLE/bit-packed hybrid ({@code bitWidth} bits each) from
   * {@code in} into {@code out[offset..]}.
   */
  static void rleHybrid(Bytes in, int bitWidth, int[] out, int offset, int count) {
    int n = 0;
    int byteWidth = (bitWidth + 7) / 8;
    while (n < count) {
      long header = in.varint();
      if ((header & 1) == 0) {
        int run = Math.toIntExact(header >>> 1);
        int v = 0;
        for (int b = 0; b < byteWidth; b++) {
          v |= in.u8() << (8 * b);
        }
        int m = Math.min(run, count - n);
        java.util.Arrays.fill(out, offset + n, offset + n + m, v);
        n += m;
      } else {
        int values = Math.toIntExact((header >>> 1) * 8);
        int bytes = values / 8 * bitWidth;
        int start = in.require(in.pos, Math.min(bytes, in.end - in.pos));
        int m = Math.min(values, count - n);
        unpack(in.buf, start, in.end, bitWidth, out, offset + n, m);
        in.pos = Math.min(in.end, start + bytes);
        n += m;
      }
    }
  }

  /** Unpacks {@code count} little-endian bit-packed values of {@code bitWidth} bits. */
  static void unpack(byte[] buf, int pos, int end, int bitWidth, int[] out, int offset, int count) {
    if (bitWidth == 0) {
      java.util.Arrays.fill(out, offset, offset + count, 0);
      return;
    }
    long bitPos = (long) pos * 8;
    long mask = (1L << bitWidth) - 1;
    for (int k = 0; k < count; k++) {
      int byteIndex = (int) (bitPos >>> 3);
      int shift = (int) (bitPos & 7);
      long word = 0;
      int need = (shift + bitWidth + 7) / 8;
      for (int b = 0; b < need; b++) {
        int at = byteIndex + b;
        if (at >= end) {
          if (b == 0) {
            throw new IllegalArgumentException("bit-packed run ends early");
          }
          break;
        }
        word |= (long) (buf[at] & 0xff) << (8 * b);
      }
      out[offset + k] = (int) ((word >>> shift) & mask);
      bitPos += bitWidth;
    }
  }

  /** Decodes {@code count} DELTA_BINARY_PACKED integers; leaves {@code in} after them. */
  static long[] deltaBinaryPacked(Bytes in, int count) {
    int blockSize = Math.toIntExact(in.varint());
    int miniblocks = Math.toIntExact(in.varint());
    long total = in.varint();
    long value = in.zigzag();
    if (miniblocks <= 0 || blockSize % miniblocks != 0 || blockSize / miniblocks % 8 != 0) {
      throw new IllegalArgumentException(
          "DELTA_BINARY_PACKED block of " + blockSize + " in " + miniblocks + " miniblocks");
    }
    int perMini = blockSize / miniblocks;
    long[] out = new long[Math.toIntExact(Math.max(total, 0))];
    if (total < count) {
      throw new IllegalArgumentException(
          "DELTA_BINARY_PACKED holds " + total + " values, the page needs " + count);
    }
    int n = 0;
    if (total > 0) {
      out[n++] = value;
    }
    while (n < total) {
      long minDelta = in.zigzag();
      int[] widths = new int[miniblocks];
      for (int i = 0; i < miniblocks; i++) {
        widths[i] = in.u8();
      }
      for (int i = 0; i < miniblocks && n < total; i++) {
        int w = widths[i];
        if (w > 64) {
          throw new IllegalArgumentException("DELTA_BINARY_PACKED bit width " + w);
        }
        int bytes = perMini * w / 8;
        int start = in.require(in.pos, Math.min(bytes, in.end - in.pos));
        for (int k = 0; k < perMini && n < total; k++) {
          long d =
              w <= 32 ? unpackedAt(in.buf, start, in.end, w, k) : unpacked64(in.buf, start, w, k);
          value += minDelta + d;
          out[n++] = value;
        }
        in.pos = Math.min(in.end, start + bytes);
      }
    }
    return out;
  }

  private static long unpackedAt(byte[] buf, int start, int end, int w, int k) {
    if (w == 0) {
      return 0;
    }
    long bitPos = (long) start * 8 + (long) k * w;
    long word = 0;
    int byteIndex = (int) (bitPos >>> 3);
    int shift = (int) (bitPos & 7);
    int need = (shift + w + 7) / 8;
    for (int b = 0; b < need && byteIndex + b < end; b++) {
      word |= (long) (buf[byteIndex + b] & 0xff) << (8 * b);
    }
    return (word >>> shift) & ((1L << w) - 1) & 0xffffffffL;
  }

  private static long unpacked64(byte[] buf, int start, int w, int k) {
    long v = 0;
    long bitPos = (long) start * 8 + (long) k * w;
    for (int i = 0; i < w; i++, bitPos++) {
      int bit = (buf[(int) (bitPos >>> 3)] >>> (bitPos & 7)) & 1;
      v |= (long) bit << i;
    }
    return v;
  }

  // ---------------------------------------------------------------- writing

  /**
   * Encodes levels as the RLE/bit-packed hybrid using RLE runs only (every reader decodes them;
   * levels of exported data are long runs).
   */
  static byte[] rleRuns(int[] values, int count, int bitWidth) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int byteWidth = (bitWidth + 7) / 8;
    int i = 0;
    while (i < count) {
      int v = values[i];
      int j = i + 1;
      while (j < count && values[j] == v) {
        j++;
      }
      writeVarint(out, (long) (j - i) << 1);
      for (int b = 0; b < byteWidth; b++) {
        out.write(v >>> (8 * b));
      }
      i = j;
    }
    return out.toByteArray();
  }

  static void writeVarint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
