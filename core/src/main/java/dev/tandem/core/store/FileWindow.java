package dev.tandem.core.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Sequential reading of a file through a reusable direct buffer: {@link #ensure} makes a byte range
 * available and returns where it starts in {@link #buffer()}. Used by scans, which read each byte
 * once, so the data does not need to be mapped.
 */
final class FileWindow {

  /**
   * The direct buffer windows read into, shared by the scans of one open or verify (a fresh direct
   * buffer costs a page fault per 4 KiB page on first use).
   */
  static final class Buffer {
    private ByteBuffer bytes;

    Buffer(int capacity) {
      bytes = ByteBuffer.allocateDirect(capacity).order(StoreFormat.ORDER);
    }
  }

  private final FileChannel channel;
  private final long size;
  private final Buffer shared;
  private ByteBuffer buf;
  private long start;
  private int length;

  FileWindow(FileChannel channel, long size, Buffer shared) {
    this.channel = channel;
    this.size = size;
    this.shared = shared;
    this.buf = shared.bytes;
    this.start = 0;
    this.length = 0;
  }

  FileWindow(FileChannel channel, long size, int capacity) {
    this(channel, size, new Buffer(capacity));
  }

  long size() {
    return size;
  }

  ByteBuffer buffer() {
    return buf;
  }

  /** Makes {@code [offset, offset + n)} readable; returns the buffer index of {@code offset}. */
  int ensure(long offset, int n) throws IOException {
    if (offset >= start && offset + n <= start + length) {
      return (int) (offset - start);
    }
    if (offset + n > size) {
      throw new EOFException(
          "range " + offset + "+" + n + " is past the end of the file (" + size + ")");
    }
    if (n > buf.capacity()) {
      buf = ByteBuffer.allocateDirect(Integer.highestOneBit(n - 1) << 1).order(StoreFormat.ORDER);
      shared.bytes = buf;
    }
    int want = (int) Math.min(buf.capacity(), size - offset);
    buf.clear().limit(want);
    long at = offset;
    while (buf.hasRemaining()) {
      int r = channel.read(buf, at);
      if (r < 0) {
        throw new EOFException("file ended at " + at + " while reading up to " + (offset + want));
      }
      at += r;
    }
    buf.clear();
    start = offset;
    length = want;
    return 0;
  }
}
