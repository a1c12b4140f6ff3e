package dev.tandem.core.store;

import java.nio.file.Path;
import java.util.List;

/**
 * What opening a dataset found and (for a writable open) repaired. A read-only open reports the
 * same findings with {@code applied == false} and changes nothing.
 */
public record RecoveryReport(Path directory, List<Action> actions) {

  public RecoveryReport {
    actions = List.copyOf(actions);
  }

  /** One finding. {@code offset} is a byte offset in {@code file} (-1 when not applicable). */
  public record Action(
      long episodeId,
      Path file,
      Kind kind,
      long offset,
      long bytes,
      String detail,
      boolean applied) {

    @Override
    public String toString() {
      String id = episodeId < 0 ? "" : "episode " + episodeId + ": ";
      return id
          + kind.describe()
          + (offset >= 0 ? " at offset " + offset : "")
          + (bytes > 0 ? " (" + bytes + " bytes)" : "")
          + (detail.isEmpty() ? "" : ": " + detail)
          + (applied ? "" : " [not applied: read-only]");
    }
  }

  /** Kinds of findings. */
  public enum Kind {
    /** The file ended inside a record (process killed mid-write): cut back to the last record. */
    TORN_TAIL_CUT("torn tail cut"),
    /** An episode that was never ended got an INCOMPLETE end record. */
    SEALED_INCOMPLETE("sealed as INCOMPLETE"),
    /** A damaged record with valid records after it: the file is left as it is. */
    CORRUPTED_RECORD("corrupted record"),
    /** The file header or meta record is damaged while later records look valid: left as is. */
    UNREADABLE_HEADER("unreadable header"),
    /** A file created by a crashed writer before its header was written: removed. */
    REMOVED_EMPTY_EPISODE("removed empty episode file"),
    /** An eviction interrupted between its tombstone and the file deletion: finished. */
    EVICTION_FINISHED("eviction finished"),
    /** The eviction log ended inside a record: cut back. */
    EVICTION_LOG_TAIL_CUT("eviction log torn tail cut");

    private final String text;

    Kind(String text) {
      this.text = text;
    }

    public String describe() {
      return text;
    }
  }

  /** True when nothing had to be reported. */
  public boolean clean() {
    return actions.isEmpty();
  }
}
