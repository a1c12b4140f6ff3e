package dev.tandem.core.store;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a writable store commits: the group-commit interval (a background flusher forces every
 * episode file with new data at least this often, so a step is durable within about this interval
 * plus one fsync; at most 50 ms), the per-episode write buffer size, whether each append is handed
 * to the operating system at once ({@code writeThrough}), and the clock used for dataset and
 * eviction timestamps.
 *
 * <p>Without write-through, appended steps wait in the episode's buffer until the next group
 * commit: a crash of the process (or the machine) loses at most the steps of the last interval.
 * With write-through, each append costs one {@code write} system call (about 6 µs on a small VM)
 * and a crash of the process loses at most the step being appended; a crash of the machine still
 * loses at most the last interval. Use it for low-rate recording on hardware; leave it off for fast
 * simulation.
 */
@RecordBuilder
public record StoreOptions(
    Duration groupCommitInterval, int writeBufferBytes, boolean writeThrough, Clock clock)
    implements StoreOptionsBuilder.With {

  /** Upper bound on the group-commit interval: a step must be durable within ~50 ms. */
  public static final Duration MAX_GROUP_COMMIT_INTERVAL = Duration.ofMillis(50);

  public StoreOptions {
    Objects.requireNonNull(groupCommitInterval, "groupCommitInterval");
    Objects.requireNonNull(clock, "clock");
    if (groupCommitInterval.isNegative()
        || groupCommitInterval.isZero()
        || groupCommitInterval.compareTo(MAX_GROUP_COMMIT_INTERVAL) > 0) {
      throw new IllegalArgumentException(
          "groupCommitInterval must be in (0, 50 ms], found "
              + groupCommitInterval.toMillis()
              + " ms");
    }
    if (writeBufferBytes < 4096 || writeBufferBytes > (64 << 20)) {
      throw new IllegalArgumentException(
          "writeBufferBytes must be in [4096, 64 MiB], found " + writeBufferBytes);
    }
  }

  /**
   * 20 ms group commit, 256 KiB write buffer per open episode, no write-through, the UTC system
   * clock.
   */
  public static StoreOptions defaults() {
    return new StoreOptions(Duration.ofMillis(20), 256 << 10, false, Clock.systemUTC());
  }
}
