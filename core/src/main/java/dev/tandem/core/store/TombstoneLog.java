package dev.tandem.core.store;

import static dev.tandem.core.store.StoreFormat.*;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code evicted.log}: an append-only list of evicted episode ids. An id is written here (and
 * forced) before its episode file is deleted, so ids stay unique and monotonic after evictions and
 * a crash between the two steps is finished on the next open.
 */
final class TombstoneLog implements Closeable {

  record Tombstone(long episodeId, Instant evictedAt, String reason) {}

  /** What reading the log found wrong (null fields when nothing). */
  record ReadProblem(long offset, String reason, boolean corrupted) {}

  private final Path file;
  private final FileChannel channel;
  private final Map<Long, Tombstone> entries = new TreeMap<>();
  private long end;
  private ReadProblem problem;
  private final RecordCrc crc = new RecordCrc();

  private TombstoneLog(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /**
   * Reads the log. When {@code writable}, creates it if missing and cuts a torn tail; read-only, a
   * missing log reads as empty.
   */
  static TombstoneLog open(Path file, boolean writable) throws IOException {
    if (!writable && !Files.exists(file)) {
      return new TombstoneLog(file, null);
    }
    FileChannel ch =
        writable
            ? FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
            : FileChannel.open(file, StandardOpenOption.READ);
    TombstoneLog log = new TombstoneLog(file, ch);
    try {
      log.load(writable);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    return log;
  }

  private void load(boolean writable) throws IOException {
    long size = channel.size();
    if (size == 0 && writable) {
      ByteBuffer h = ByteBuffer.allocate(FILE_HEADER_BYTES).order(ORDER);
      writeFileHeader(h, 0, TOMBSTONE_MAGIC, 0);
      writeFully(h, 0);
      channel.force(true);
      Fsync.directory(file.getParent());
      end = FILE_HEADER_BYTES;
      return;
    }
    FileWindow w = new FileWindow(channel, size, (int) Math.max(64, Math.min(size, 1 << 20)));
    if (size < FILE_HEADER_BYTES) {
      throw new EpisodeStoreException(
          file, file + " is damaged: " + size + " bytes, shorter than its 32-byte header");
    }
    int p = w.ensure(0, FILE_HEADER_BYTES);
    ByteBuffer b = w.buffer();
    byte[] magic = new byte[8];
    b.get(p, magic);
    if (!Arrays.equals(magic, TOMBSTONE_MAGIC) || b.getInt(p + 28) != crc(b, p, p + 28)) {
      throw new EpisodeStoreException(
          file, file + " is damaged: its header is not a valid eviction-log header");
    }
    if (b.getInt(p + 8) > FORMAT_VERSION) {
      throw new EpisodeStoreException(
          file,
          file
              + " has format version "
              + b.getInt(p + 8)
              + "; this Tandem reads format versions up to "
              + FORMAT_VERSION);
    }
    long pos = FILE_HEADER_BYTES;
    while (pos < size) {
      String bad = EpisodeScanner.checkFraming(w, pos, crc);
      if (bad == null) {
        int len = b.getInt(w.ensure(pos, 8));
        int q = w.ensure(pos, len);
        if ((b.get(q + 4) & 0xff) != TYPE_TOMBSTONE) {
          bad = "unexpected record type " + (b.get(q + 4) & 0xff);
        } else {
          long id = b.getLong(q + TOMBSTONE_ID);
          long millis = b.getLong(q + TOMBSTONE_MILLIS);
          int n = b.getInt(q + TOMBSTONE_REASON);
          if (n < 0 || TOMBSTONE_REASON + 4 + n > len - CRC_BYTES) {
            bad = "reason text runs past the record";
          } else {
            byte[] text = new byte[n];
            b.get(q + TOMBSTONE_REASON + 4, text);
            entries.put(
                id,
                new Tombstone(
                    id, Instant.ofEpochMilli(millis), new String(text, StandardCharsets.UTF_8)));
            pos += len;
            continue;
          }
        }
      }
      boolean corrupted = EpisodeScanner.validRecordAfter(w, pos, crc);
      problem = new ReadProblem(pos, bad, corrupted);
      if (corrupted) {
        throw new EpisodeStoreException(
            file,
            file
                + " is corrupted at offset "
                + pos
                + " ("
                + bad
                + "); the list of evicted episodes cannot be trusted, so episode ids could repeat");
      }
      if (writable) {
        channel.truncate(pos);
        channel.force(true);
      }
      break;
    }
    end = pos;
  }

  Path file() {
    return file;
  }

  /** A torn tail found (and cut when writable) on open, or null. */
  ReadProblem problem() {
    return problem;
  }

  synchronized Map<Long, Tombstone> entries() {
    return Collections.unmodifiableMap(new TreeMap<>(entries));
  }

  synchronized boolean contains(long id) {
    return entries.containsKey(id);
  }

  synchronized long maxId() {
    return entries.isEmpty() ? -1 : ((TreeMap<Long, Tombstone>) entries).lastKey();
  }

  /** Appends a tombstone and forces it to disk. */
  synchronized void append(long id, Instant at, String reason) throws IOException {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    int len = align8(TOMBSTONE_REASON + 4 + text.length + CRC_BYTES);
    ByteBuffer b = ByteBuffer.allocate(len).order(ORDER);
    writeRecordHeader(b, 0, len, TYPE_TOMBSTONE);
    b.putLong(TOMBSTONE_ID, id);
    b.putLong(TOMBSTONE_MILLIS, at.toEpochMilli());
    b.putInt(TOMBSTONE_REASON, text.length);
    b.put(TOMBSTONE_REASON + 4, text);
    sealRecord(b, 0, len, TOMBSTONE_REASON + 4 + text.length, crc);
    writeFully(b, end);
    channel.force(false);
    end += len;
    entries.put(id, new Tombstone(id, at, reason));
  }

  private void writeFully(ByteBuffer b, long at) throws IOException {
    b.clear();
    while (b.hasRemaining()) {
      at += channel.write(b, at);
    }
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }
}
