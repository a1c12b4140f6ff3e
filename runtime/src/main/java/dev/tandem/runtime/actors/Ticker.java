package dev.tandem.runtime.actors;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Drives a steady control rate from a dedicated thread (Pekko's scheduler fires in 10 ms bursts):
 * parks until shortly before the deadline, spins the rest, then tells the arbiter. Deadlines are
 * absolute, so one late tick does not shift the ones after it.
 */
public final class Ticker implements AutoCloseable {
  private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  private final Thread thread;
  private volatile boolean running = true;

  public Ticker(String name, double rateHz, ActorRef<ArbiterActor.Command> target) {
    this(name, rateHz, stamp -> {}, target);
  }

  /**
   * Calls {@code beforeTick} with the tick's {@link System#nanoTime()} stamp on the ticker thread
   * just before each {@code Tick} is sent (a live session advances its teleop devices there, so
   * what the operator did before the tick reaches the arbiter ahead of it). A failing hook is
   * logged and the tick still goes out.
   */
  public Ticker(
      String name,
      double rateHz,
      java.util.function.LongConsumer beforeTick,
      ActorRef<ArbiterActor.Command> target) {
    if (!(rateHz > 0 && rateHz <= 10_000)) {
      throw new IllegalArgumentException("rateHz: found " + rateHz + ", expected (0, 10000]");
    }
    long periodNanos = Math.round(1e9 / rateHz);
    thread =
        new Thread(
            () -> {
              long next = System.nanoTime() + periodNanos;
              ArbiterActor.Tick tick = new ArbiterActor.Tick();
              while (running) {
                awaitDeadline(next);
                try {
                  beforeTick.accept(System.nanoTime());
                } catch (RuntimeException e) {
                  org.slf4j.LoggerFactory.getLogger(Ticker.class)
                      .warn("{}: before-tick hook failed: {}", name, e.toString());
                }
                target.tell(tick);
                next += periodNanos;
                long now = System.nanoTime();
                if (now - next > periodNanos) {
                  next = now + periodNanos; // far behind (suspended): do not burst
                }
              }
            },
            "tandem-ticker-" + name);
    thread.setDaemon(true);
    thread.setPriority(Thread.MAX_PRIORITY);
    thread.start();
  }

  /**
   * Returns at {@link System#nanoTime()} {@code deadline}, not before and as little after as the
   * machine allows: parks until shortly before it, then spins. Every steady-rate loop of the
   * runtime (this ticker, the sim-robot, the bridge benchmark) waits with it.
   */
  public static void awaitDeadline(long deadline) {
    long wait;
    while ((wait = deadline - System.nanoTime()) > SPIN_NANOS) {
      LockSupport.parkNanos(wait - SPIN_NANOS);
    }
    while (System.nanoTime() - deadline < 0) {
      Thread.onSpinWait();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
