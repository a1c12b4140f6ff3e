package dev.tandem.core.store;

import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.EpisodeOutcome;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;

/**
 * What opening a dataset does with one scanned episode file: an entry for what is readable and,
 * when the store is writable, the repair (an empty file removed with a tombstone, a torn tail cut,
 * an unended episode sealed INCOMPLETE). Every finding is added to the open's recovery actions.
 */
final class EpisodeRecovery {

  private final boolean writable;
  private final TombstoneLog tombstones;
  private final Clock clock;
  private final StepCodec codec;
  private final List<RecoveryReport.Action> actions;

  EpisodeRecovery(
      boolean writable,
      TombstoneLog tombstones,
      Clock clock,
      StepCodec codec,
      List<RecoveryReport.Action> actions) {
    this.writable = writable;
    this.tombstones = tombstones;
    this.clock = clock;
    this.codec = codec;
    this.actions = actions;
  }

  /** The entry for a scanned file, repaired when writable; null when the file was removed. */
  EpisodeEntry recover(EpisodeScanner.Result r) throws IOException {
    if (r.meta == null && r.problem == null) {
      r.problem =
          new EpisodeScanner.Problem(
              EpisodeScanner.ProblemKind.TORN_TAIL,
              r.validEnd,
              "the file ends before its meta record");
    }
    EpisodeScanner.Problem problem = r.problem;
    if (r.meta == null
        || problem != null && problem.kind() == EpisodeScanner.ProblemKind.BAD_HEADER) {
      return withoutMeta(r, problem);
    }
    if (problem != null && problem.kind() == EpisodeScanner.ProblemKind.CORRUPTED) {
      return corrupted(r, problem);
    }
    String tornText = problem == null ? null : cutTornTail(r, problem);
    if (r.end != null) {
      // An episode sealed by an earlier recovery stays INCOMPLETE.
      EpisodeStatus status =
          r.end.outcome().reason() == EndReason.INCOMPLETE
              ? EpisodeStatus.INCOMPLETE
              : EpisodeStatus.COMPLETE;
      return entry(r, status, r.end.outcome(), r.endOffset, null);
    }
    return sealIncomplete(r, tornText);
  }

  /** A bad header, or a file whose first record is missing or damaged. */
  private EpisodeEntry withoutMeta(EpisodeScanner.Result r, EpisodeScanner.Problem problem)
      throws IOException {
    long id = r.episodeId;
    boolean headerOrTorn =
        problem.kind() == EpisodeScanner.ProblemKind.BAD_HEADER
            || problem.kind() == EpisodeScanner.ProblemKind.TORN_TAIL;
    if (headerOrTorn
        && (problem.kind() == EpisodeScanner.ProblemKind.TORN_TAIL || !r.recordsAfterHeader)) {
      // Created by a writer that died before its header and meta record reached the disk: it
      // holds no step. Remove it, keeping its id used.
      if (writable) {
        tombstones.append(id, clock.instant(), "empty episode file removed on recovery");
        Files.deleteIfExists(r.file);
      }
      record(
          r,
          RecoveryReport.Kind.REMOVED_EMPTY_EPISODE,
          problem.offset(),
          r.fileSize,
          problem.reason(),
          writable);
      return writable ? null : unreadable(r, problem.reason());
    }
    record(
        r,
        RecoveryReport.Kind.UNREADABLE_HEADER,
        problem.offset(),
        r.fileSize,
        problem.reason(),
        false);
    return headerOrTorn
        ? unreadable(r, problem.reason())
        // Damaged first record with valid records after it.
        : unreadable(r, "meta record at offset " + problem.offset() + ": " + problem.reason());
  }

  /** A damaged record inside the file: the steps before it stay readable; nothing is changed. */
  private EpisodeEntry corrupted(EpisodeScanner.Result r, EpisodeScanner.Problem problem) {
    record(
        r,
        RecoveryReport.Kind.CORRUPTED_RECORD,
        problem.offset(),
        0,
        problem.reason() + "; " + r.steps() + " steps before it are readable",
        false);
    String text =
        "corrupted record at offset "
            + problem.offset()
            + " of "
            + r.file.getFileName()
            + ": "
            + problem.reason();
    EpisodeOutcome outcome =
        r.end != null
            ? r.end.outcome()
            : new EpisodeOutcome(
                EndReason.INCOMPLETE,
                false,
                text + "; the " + r.steps() + " steps before it are readable");
    return entry(r, EpisodeStatus.CORRUPTED, outcome, r.endOffset, text);
  }

  /** The file ends inside a record: cut it back to the last whole one (when writable). */
  private String cutTornTail(EpisodeScanner.Result r, EpisodeScanner.Problem problem)
      throws IOException {
    long validEnd = r.validEnd;
    long tornBytes = r.fileSize - validEnd;
    if (writable) {
      try (FileChannel ch = FileChannel.open(r.file, StandardOpenOption.WRITE)) {
        ch.truncate(validEnd);
        ch.force(true);
      }
      r.fileSize = validEnd;
    }
    record(r, RecoveryReport.Kind.TORN_TAIL_CUT, validEnd, tornBytes, problem.reason(), writable);
    return "torn tail of "
        + tornBytes
        + " bytes cut at offset "
        + validEnd
        + " ("
        + problem.reason()
        + ")";
  }

  /** Recording stopped before the episode ended: seal it INCOMPLETE (when writable). */
  private EpisodeEntry sealIncomplete(EpisodeScanner.Result r, String tornText) throws IOException {
    String detail =
        "recording stopped before the episode ended; "
            + r.steps()
            + " steps recovered"
            + (tornText == null ? "" : ", " + tornText);
    EpisodeOutcome outcome = new EpisodeOutcome(EndReason.INCOMPLETE, false, detail);
    long endOffset = -1;
    long validEnd = r.validEnd;
    if (writable) {
      endOffset = validEnd;
      validEnd = seal(r, outcome);
    }
    record(
        r,
        RecoveryReport.Kind.SEALED_INCOMPLETE,
        endOffset,
        0,
        r.steps() + " steps recovered",
        writable);
    EpisodeEntry e = entry(r, EpisodeStatus.INCOMPLETE, outcome, endOffset, null);
    return new EpisodeEntry(
        e.id(),
        e.file(),
        e.meta(),
        e.status(),
        e.outcome(),
        e.stepOffsets(),
        e.endOffset(),
        e.hasFinal(),
        validEnd,
        validEnd,
        e.sourceCounts(),
        e.problem(),
        null);
  }

  /** Appends an INCOMPLETE end record at the file's valid end; returns the new file end. */
  private long seal(EpisodeScanner.Result r, EpisodeOutcome outcome) throws IOException {
    long at = r.validEnd;
    byte[] detail = outcome.detail().getBytes(StandardCharsets.UTF_8);
    int len = codec.endRecordBytes(false, detail);
    ByteBuffer b = ByteBuffer.allocateDirect(len).order(StoreFormat.ORDER);
    codec.writeEnd(b, b.asFloatBuffer(), 0, len, r.steps(), outcome, null, detail, new RecordCrc());
    try (FileChannel ch = FileChannel.open(r.file, StandardOpenOption.WRITE)) {
      ch.truncate(at);
      long pos = at;
      b.clear();
      while (b.hasRemaining()) {
        pos += ch.write(b, pos);
      }
      ch.force(true);
    }
    return at + len;
  }

  private void record(
      EpisodeScanner.Result r,
      RecoveryReport.Kind kind,
      long offset,
      long bytes,
      String detail,
      boolean applied) {
    actions.add(
        new RecoveryReport.Action(r.episodeId, r.file, kind, offset, bytes, detail, applied));
  }

  private static EpisodeEntry entry(
      EpisodeScanner.Result r,
      EpisodeStatus status,
      EpisodeOutcome outcome,
      long endOffset,
      String problem) {
    boolean hasFinal = r.end != null && r.end.hasFinal();
    return new EpisodeEntry(
        r.episodeId,
        r.file,
        r.meta,
        status,
        outcome,
        r.stepOffsets.toArray(),
        endOffset,
        hasFinal,
        r.validEnd,
        r.fileSize,
        r.sourceCounts.clone(),
        problem,
        null);
  }

  private static EpisodeEntry unreadable(EpisodeScanner.Result r, String reason) {
    return new EpisodeEntry(
        r.episodeId,
        r.file,
        null,
        EpisodeStatus.CORRUPTED,
        new EpisodeOutcome(EndReason.INCOMPLETE, false, "unreadable: " + reason),
        new long[0],
        -1,
        false,
        0,
        r.fileSize,
        new long[StoreFormat.SOURCE_CODES],
        reason,
        null);
  }
}
