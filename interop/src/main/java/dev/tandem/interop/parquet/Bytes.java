package dev.tandem.interop.parquet;

/** A bounds-checked little-endian cursor over part of a byte array. */
final class Bytes {
  final byte[] buf;
  int pos;
  final int end;

  Bytes(byte[] buf, int pos, int end) {
    if (pos < 0 || end > buf.length || pos > end) {
      throw new IllegalArgumentException("data range " + pos + ".." + end + " is out of bounds");
    }
    this.buf = buf;
    this.pos = pos;
    this.end = end;
  }

  /** Checks that {@code n} bytes exist at {@code at}; returns {@code at}. */
  int require(int at, int n) {
    if (at < 0 || n < 0 || at > end - n) {
      throw new IllegalArgumentException(
          "data ends early: needs " + n + " bytes at " + at + ", has up to " + end);
    }
    return at;
  }

  int int32() {
    int p = require(pos, 4);
    pos += 4;
    return (buf[p] & 0xff)
        | (buf[p + 1] & 0xff) << 8
        | (buf[p + 2] & 0xff) << 16
        | (buf[p + 3] & 0xff) << 24;
  }

  long int64() {
    long lo = int32() & 0xffffffffL;
    long hi = int32() & 0xffffffffL;
    return lo | hi << 32;
  }

  int u8() {
    return buf[require(pos++, 1)] & 0xff;
  }

  byte[] bytes(int n) {
    int p = require(pos, n);
    pos += n;
    byte[] out = new byte[n];
    System.arraycopy(buf, p, out, 0, n);
    return out;
  }

  long varint() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = u8();
      v |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("varint longer than 10 bytes");
  }

  long zigzag() {
    long v = varint();
    return (v >>> 1) ^ -(v & 1);
  }
}
