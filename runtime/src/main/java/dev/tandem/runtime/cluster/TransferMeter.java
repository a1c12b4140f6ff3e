package dev.tandem.runtime.cluster;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a coordinator fetched from its workers: the bytes of finished cells' results and the time
 * from asking for a result file's first chunk to its last one arriving.
 */
public final class TransferMeter {
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong nanos = new AtomicLong();
  private final AtomicLong files = new AtomicLong();

  /** The totals so far. */
  public record Totals(long files, long bytes, double seconds) {
    /** Mebibytes per second of transfer time (0 when nothing was fetched). */
    public double mebibytesPerSecond() {
      return seconds > 0 ? bytes / (1024.0 * 1024.0) / seconds : 0;
    }

    /** What was fetched since {@code earlier}. */
    public Totals minus(Totals earlier) {
      return new Totals(files - earlier.files, bytes - earlier.bytes, seconds - earlier.seconds);
    }
  }

  void add(long fileBytes, long fileNanos) {
    bytes.addAndGet(fileBytes);
    nanos.addAndGet(fileNanos);
    files.incrementAndGet();
  }

  public Totals totals() {
    return new Totals(files.get(), bytes.get(), nanos.get() / 1e9);
  }
}
