package dev.tandem.teleop;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a tick handler at a steady rate from its own thread (park until just before the deadline,
 * then spin), passing the tick's scheduled {@link System#nanoTime()} stamp. For standalone teleop
 * (the demo, the benchmark, tests); the live loop's ticks come from the runtime. A late tick is not
 * made up: the schedule moves on.
 */
public final class FixedRateTicker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FixedRateTicker.class);
  private static final long SPIN_NANOS = 300_000L;

  private final Thread thread;
  private final long periodNanos;
  private final LongSupplier nanoClock;
  private final LongConsumer onTick;
  private volatile boolean running = true;

  private FixedRateTicker(double rateHz, LongConsumer onTick, String name) {
    if (!(rateHz > 0 && rateHz <= 10_000)) {
      throw new IllegalArgumentException("tick rate must be in (0, 10000] Hz, found " + rateHz);
    }
    this.periodNanos = Math.round(1e9 / rateHz);
    this.nanoClock = System::nanoTime;
    this.onTick = onTick;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
  }

  /** Starts ticking at {@code rateHz}; {@code onTick} gets each tick's stamp. */
  public static FixedRateTicker start(double rateHz, LongConsumer onTick, String threadName) {
    FixedRateTicker t = new FixedRateTicker(rateHz, onTick, threadName);
    t.thread.start();
    return t;
  }

  public long periodNanos() {
    return periodNanos;
  }

  private void run() {
    long next = nanoClock.getAsLong() + periodNanos;
    while (running) {
      long now = nanoClock.getAsLong();
      long remaining = next - now;
      if (remaining > SPIN_NANOS) {
        LockSupport.parkNanos(remaining - SPIN_NANOS);
        continue;
      }
      while (nanoClock.getAsLong() < next) {
        Thread.onSpinWait();
      }
      long stamp = nanoClock.getAsLong();
      try {
        onTick.accept(stamp);
      } catch (RuntimeException e) {
        LOG.warn("tick handler failed: {}", e.toString());
      }
      next += periodNanos;
      long after = nanoClock.getAsLong();
      if (next < after) {
        next = after + periodNanos - (after - next) % periodNanos;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    if (Thread.currentThread() != thread) {
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
