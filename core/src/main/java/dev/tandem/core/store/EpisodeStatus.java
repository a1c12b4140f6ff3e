package dev.tandem.core.store;

/** The state of a stored episode. */
public enum EpisodeStatus {
  /** A writer is open on it in this store. */
  RECORDING,
  /** Ended with an end record; every step is readable. */
  COMPLETE,
  /**
   * Never ended (the process stopped while recording); every durable step is readable. A writable
   * open seals it with an {@link dev.tandem.core.data.EndReason#INCOMPLETE} end record, and it
   * keeps this status afterwards.
   */
  INCOMPLETE,
  /**
   * A damaged record was found; the steps before it are readable, the rest is not. The file is left
   * as it is.
   */
  CORRUPTED
}
