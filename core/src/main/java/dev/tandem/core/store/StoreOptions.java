package dev.tandem.core.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a writable store commits: the group-commit interval (a background flusher forces every
 * episode file with new data at least this often, so a step is durable within about this interval
 * plus one fsync; at most 50 ms), the per-episode write buffer size, and the clock used for dataset
 * and eviction timestamps.
 */
public record StoreOptions(Duration groupCommitInterval, int writeBufferBytes, Clock clock) {

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

  /** 20 ms group commit, 256 KiB write buffer per open episode, the UTC system clock. */
  public static StoreOptions defaults() {
    return new StoreOptions(Duration.ofMillis(20), 256 << 10, Clock.systemUTC());
  }

  public StoreOptions withGroupCommitInterval(Duration interval) {
    return new StoreOptions(interval, writeBufferBytes, clock);
  }

  public StoreOptions withClock(Clock c) {
    return new StoreOptions(groupCommitInterval, writeBufferBytes, c);
  }

  public StoreOptions withWriteBufferBytes(int bytes) {
    return new StoreOptions(groupCommitInterval, bytes, clock);
  }
}
