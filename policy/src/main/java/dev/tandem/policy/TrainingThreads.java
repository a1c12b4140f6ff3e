package dev.tandem.policy;

import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;

/**
 * The intra-op thread count of training, chosen from the CPUs other processes leave free, up to the
 * configured most. libtorch's OpenMP workers spin between parallel regions (libgomp's default, as
 * PyTorch runs): on free cores that makes a second thread pay (2-core EPYC, quiet: 256³ products 94
 * → 167 GFLOP/s, BC training 134 → 168 k samples/s), and on cores another process also wants it is
 * ruinous (with one busy process: 37-51 k samples/s on two threads against 100-123 k on one), so a
 * thread is only added where a CPU is free. Rechosen at most every {@link #INTERVAL_NANOS}; with
 * more than {@code cpus - 0.75} CPUs taken by others, one thread.
 *
 * <p>Not thread-safe: used under {@code DjlRuntime}'s training lock.
 */
final class TrainingThreads {

  static final long INTERVAL_NANOS = 500_000_000L;

  /** Others may keep this much of a CPU busy (daemons, a terminal) and still count it as free. */
  static final double SLACK = 0.25;

  private final CpuShare share;
  private final int cpus;
  private final LongSupplier clock;
  private long lastCheck = Long.MIN_VALUE;
  private int current = 1;
  private final long[] choices = new long[65];

  TrainingThreads(CpuShare share, int cpus, LongSupplier clock) {
    this.share = share;
    this.cpus = cpus;
    this.clock = clock;
    share.othersBusy(); // the baseline, so that the first choice has a window to look at
  }

  static TrainingThreads forThisMachine() {
    int cpus = Runtime.getRuntime().availableProcessors();
    return new TrainingThreads(new CpuShare(CpuShare.PROC, cpus), cpus, System::nanoTime);
  }

  /** The thread count for {@code others} CPUs busy elsewhere, at most {@code most}. */
  static int threadsFor(double others, int cpus, int most) {
    int free = (int) Math.floor(cpus - others + SLACK);
    return Math.max(1, Math.min(most, free));
  }

  /**
   * The count to train with now, at most {@code most}: rechosen from a fresh reading once the
   * interval has passed, else the last choice (one thread until a first interval has been
   * measured). One thread asked for is one thread, without reading anything.
   */
  int choose(int most) {
    if (most <= 1) {
      choices[1]++;
      return 1;
    }
    long now = clock.getAsLong();
    if (lastCheck == Long.MIN_VALUE || now - lastCheck >= INTERVAL_NANOS) {
      lastCheck = now;
      OptionalDouble others = share.othersBusy();
      current = others.isPresent() ? threadsFor(others.getAsDouble(), cpus, most) : 1;
    }
    int chosen = Math.min(current, most);
    choices[Math.min(chosen, choices.length - 1)]++;
    return chosen;
  }

  /** How often each count was chosen since the last reset: index = thread count. */
  long[] choices() {
    return choices.clone();
  }

  void resetChoices() {
    Arrays.fill(choices, 0);
  }
}
