package dev.tandem.core.store;

import static dev.tandem.core.store.StoreFormat.*;

import dev.tandem.core.data.EpisodeMeta;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Reads an episode file from start to end, checking every record's framing, CRC and sequence, and
 * says where the readable part ends and why. Does not modify the file.
 */
final class EpisodeScanner {

  /** What went wrong in a file. */
  enum ProblemKind {
    /** The file ends in the middle of a record, or in bytes that are not a record. */
    TORN_TAIL,
    /** A record is damaged while whole, valid records follow it. */
    CORRUPTED,
    /** The 32-byte file header is missing or damaged. */
    BAD_HEADER
  }

  record Problem(ProblemKind kind, long offset, String reason) {}

  /** The outcome of a scan. */
  static final class Result {
    final Path file;
    final long episodeId;
    long fileSize;
    EpisodeMeta meta;
    final LongList stepOffsets = new LongList(256);
    final long[] sourceCounts = new long[SOURCE_CODES];
    long endOffset = -1;
    StepCodec.EndRecord end;

    /** End of the last whole record that was accepted (the readable prefix of the file). */
    long validEnd;

    Problem problem;

    /** For BAD_HEADER: whether whole records follow the header position. */
    boolean recordsAfterHeader;

    Result(Path file, long episodeId) {
      this.file = file;
      this.episodeId = episodeId;
    }

    int steps() {
      return stepOffsets.size();
    }
  }

  static final int WINDOW_BYTES = 4 << 20;
  private static final long PROGRESS_EVERY = 8 << 20;

  private EpisodeScanner() {}

  /**
   * Scans one episode file.
   *
   * @param progress receives the number of bytes scanned since its previous call
   * @throws EpisodeStoreException when the file has a newer format version
   */
  static Result scan(Path file, long episodeId, StepCodec codec, LongConsumer progress)
      throws IOException {
    return scan(file, episodeId, codec, progress, new FileWindow.Buffer(WINDOW_BYTES));
  }

  /** Scans one episode file reading through {@code buffer} (shared by the scans of one open). */
  static Result scan(
      Path file, long episodeId, StepCodec codec, LongConsumer progress, FileWindow.Buffer buffer)
      throws IOException {
    Result r = new Result(file, episodeId);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      r.fileSize = size;
      FileWindow w = new FileWindow(ch, size, buffer);
      RecordCrc crc = new RecordCrc();
      String headerProblem = checkHeader(w, episodeId, file);
      if (headerProblem != null) {
        r.problem = new Problem(ProblemKind.BAD_HEADER, 0, headerProblem);
        r.recordsAfterHeader = size > FILE_HEADER_BYTES && validRecordAfter(w, 0, crc);
        r.validEnd = 0;
        progress.accept(size);
        return r;
      }
      long pos = FILE_HEADER_BYTES;
      r.validEnd = pos;
      long reported = 0;
      while (pos < size) {
        String bad = checkFraming(w, pos, crc);
        boolean crcValid = bad == null;
        if (bad == null) {
          bad = accept(r, w, codec, pos);
        }
        if (bad != null) {
          boolean corrupted = crcValid || validRecordAfter(w, pos, crc);
          r.problem =
              new Problem(corrupted ? ProblemKind.CORRUPTED : ProblemKind.TORN_TAIL, pos, bad);
          break;
        }
        pos += w.buffer().getInt(w.ensure(pos, 4));
        r.validEnd = pos;
        if (pos - reported >= PROGRESS_EVERY) {
          progress.accept(pos - reported);
          reported = pos;
        }
      }
      progress.accept(size - reported);
    }
    return r;
  }

  private static String checkHeader(FileWindow w, long episodeId, Path file) throws IOException {
    long size = w.size();
    if (size < FILE_HEADER_BYTES) {
      return "file has " + size + " bytes, less than the " + FILE_HEADER_BYTES + "-byte header";
    }
    int p = w.ensure(0, FILE_HEADER_BYTES);
    ByteBuffer b = w.buffer();
    byte[] magic = new byte[8];
    b.get(p, magic);
    if (!Arrays.equals(magic, EPISODE_MAGIC)) {
      return "not an episode file: the header does not start with TNDMEPSD";
    }
    int stored = b.getInt(p + 28);
    int computed = crc(b, p, p + 28);
    if (stored != computed) {
      return String.format(
          "header checksum mismatch (stored %08x, computed %08x)", stored, computed);
    }
    int version = b.getInt(p + 8);
    if (version > FORMAT_VERSION) {
      throw new EpisodeStoreException(
          file,
          file
              + " has episode format version "
              + version
              + "; this Tandem reads format versions up to "
              + FORMAT_VERSION
              + ". Open the dataset with a newer Tandem.");
    }
    long id = b.getLong(p + 16);
    if (id != episodeId) {
      return "header names episode " + id + " but the file name says " + episodeId;
    }
    return null;
  }

  /** Null when a whole record with a valid checksum starts at {@code pos}, else why not. */
  static String checkFraming(FileWindow w, long pos, RecordCrc crc) throws IOException {
    long remaining = w.size() - pos;
    if (remaining < MIN_RECORD_BYTES) {
      return "only " + remaining + " bytes after the last whole record";
    }
    int p = w.ensure(pos, 8);
    ByteBuffer b = w.buffer();
    int len = b.getInt(p);
    int type = b.get(p + 4) & 0xff;
    if (len < MIN_RECORD_BYTES || (len & 7) != 0 || len > MAX_RECORD_BYTES) {
      return "invalid record length " + len;
    }
    if (!knownType(type)) {
      return "unknown record type " + type;
    }
    if (len > remaining) {
      return "record of " + len + " bytes runs past the end of the file (" + remaining + " left)";
    }
    p = w.ensure(pos, len);
    int stored = b.getInt(p + len - CRC_BYTES);
    int computed = crc.of(b, p, p + len - CRC_BYTES);
    if (stored != computed) {
      return String.format("checksum mismatch (stored %08x, computed %08x)", stored, computed);
    }
    return null;
  }

  /** Checks the record's place in the sequence and records it; returns a problem or null. */
  private static String accept(Result r, FileWindow w, StepCodec codec, long pos)
      throws IOException {
    ByteBuffer b = w.buffer();
    int len = b.getInt(w.ensure(pos, 8));
    int p = w.ensure(pos, len);
    int type = b.get(p + 4) & 0xff;
    if (r.end != null) {
      return "a record follows the end record";
    }
    if (r.meta == null) {
      if (type != TYPE_META) {
        return "the first record is of type " + type + ", expected the meta record";
      }
      try {
        byte[] json = StepCodec.metaJson(b, p, len);
        String where = r.file + " meta record";
        r.meta = new SpecJson.Reader(where).episodeMeta(SpecJson.parse(json, where));
      } catch (IllegalArgumentException e) {
        return "unreadable meta record: " + e.getMessage();
      }
      return null;
    }
    switch (type) {
      case TYPE_STEP -> {
        String bad = codec.checkStep(b, p, len);
        if (bad != null) {
          return bad;
        }
        int index = codec.stepIndex(b, p);
        if (index != r.steps()) {
          return "step index " + index + " out of sequence, expected " + r.steps();
        }
        r.stepOffsets.add(pos);
        r.sourceCounts[codec.sourceCodeAt(b, p)]++;
        return null;
      }
      case TYPE_END -> {
        String bad = codec.checkEnd(b, p, len);
        if (bad != null) {
          return bad;
        }
        StepCodec.EndRecord end = codec.readEnd(b, p, false);
        if (end.stepCount() != r.steps()) {
          return "end record counts " + end.stepCount() + " steps, the file has " + r.steps();
        }
        r.end = end;
        r.endOffset = pos;
        return null;
      }
      case TYPE_META -> {
        return "a second meta record";
      }
      default -> {
        return "unexpected record type " + type + " in an episode file";
      }
    }
  }

  /** Whether a whole, checksum-valid record starts anywhere after {@code from} (8-aligned). */
  static boolean validRecordAfter(FileWindow w, long from, RecordCrc crc) throws IOException {
    long size = w.size();
    ByteBuffer b = w.buffer();
    for (long q = from + 8; q + MIN_RECORD_BYTES <= size; q += 8) {
      int p = w.ensure(q, 8);
      int len = b.getInt(p);
      if (len < MIN_RECORD_BYTES
          || (len & 7) != 0
          || len > MAX_RECORD_BYTES
          || q + len > size
          || !knownType(b.get(p + 4) & 0xff)) {
        continue;
      }
      if (checkFraming(w, q, crc) == null) {
        return true;
      }
    }
    return false;
  }
}
