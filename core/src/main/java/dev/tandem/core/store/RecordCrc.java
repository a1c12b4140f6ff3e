package dev.tandem.core.store;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * CRC-32C over byte ranges of a buffer, reusing one view of the buffer so the per-record path
 * allocates nothing. Not thread-safe: one per writer or scan.
 */
final class RecordCrc {
  private final CRC32C crc = new CRC32C();
  private ByteBuffer source;
  private ByteBuffer view;

  /** CRC-32C of {@code buf[from, to)}; the buffer's own position and limit are not touched. */
  int of(ByteBuffer buf, int from, int to) {
    if (buf != source) {
      source = buf;
      view = buf.duplicate();
    }
    view.limit(view.capacity());
    view.position(from);
    view.limit(to);
    crc.reset();
    crc.update(view);
    return (int) crc.getValue();
  }
}
