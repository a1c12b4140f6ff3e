package dev.tandem.core.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's flusher: one thread that, every interval (or at once when asked), writes out every
 * open episode's buffered bytes, forces the episode directory when files were created, forces each
 * file that received data, and then reports the new durable step counts. Appenders never wait for
 * it; it holds an episode's lock only while handing its buffer to the OS.
 */
final class GroupCommitter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

  private final long intervalNanos;
  private final Path episodesDir;
  private final Set<EpisodeWriter> writers = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean dirDirty = new AtomicBoolean();
  private final List<DurabilityListener> listeners = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private final Object monitor = new Object();
  private boolean stop;
  private boolean requested;
  private long started;
  private long completed;
  private boolean finished;

  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong filesForced = new AtomicLong();
  private final AtomicLong maxLagNanos = new AtomicLong();
  private final AtomicLong maxCommitNanos = new AtomicLong();
  private final AtomicLong totalCommitNanos = new AtomicLong();
  private final AtomicLong directorySyncs = new AtomicLong();

  /** The durability lag of the last commits that made steps durable (ring buffer, nanos). */
  private final long[] recentLags = new long[4096];

  private long recentCount;

  /** Threads that run the forces of one commit concurrently (the file system batches them). */
  private static final int FORCE_THREADS = 4;

  private final ExecutorService forcePool;

  GroupCommitter(Path episodesDir, long intervalNanos, String name) {
    this.episodesDir = episodesDir;
    this.intervalNanos = intervalNanos;
    AtomicInteger n = new AtomicInteger();
    this.forcePool =
        Executors.newFixedThreadPool(
            FORCE_THREADS,
            r -> {
              Thread t = new Thread(r, name + "-force-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  void register(EpisodeWriter w) {
    dirDirty.set(true);
    writers.add(w);
  }

  void addListener(DurabilityListener l) {
    listeners.add(l);
  }

  void removeListener(DurabilityListener l) {
    listeners.remove(l);
  }

  StoreStats stats() {
    long n = Math.max(1, commits.get());
    long[] lags;
    synchronized (recentLags) {
      lags = java.util.Arrays.copyOf(recentLags, (int) Math.min(recentCount, recentLags.length));
    }
    java.util.Arrays.sort(lags);
    return new StoreStats(
        commits.get(),
        filesForced.get(),
        directorySyncs.get(),
        maxLagNanos.get() / 1e6,
        percentile(lags, 0.5) / 1e6,
        percentile(lags, 0.99) / 1e6,
        totalCommitNanos.get() / 1e6 / n,
        maxCommitNanos.get() / 1e6);
  }

  /** Runs a commit that starts after this call and waits for it to finish. */
  void sync() {
    if (Thread.currentThread() == thread) {
      throw new IllegalStateException(
          "sync() called from a durability listener (the flusher thread) would wait for itself");
    }
    synchronized (monitor) {
      if (finished) {
        return;
      }
      long target = started + 1;
      requested = true;
      monitor.notifyAll();
      boolean interrupted = false;
      while (completed < target && !finished) {
        try {
          monitor.wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    long next = System.nanoTime() + intervalNanos;
    while (true) {
      boolean last;
      synchronized (monitor) {
        long wait;
        while (!stop && !requested && (wait = next - System.nanoTime()) > 0) {
          try {
            monitor.wait(wait / 1_000_000, (int) (wait % 1_000_000));
          } catch (InterruptedException e) {
            stop = true;
          }
        }
        last = stop;
        requested = false;
        started++;
      }
      long t0 = System.nanoTime();
      try {
        commitOnce();
      } catch (RuntimeException | Error e) {
        LOG.error("group commit failed", e);
      }
      long took = System.nanoTime() - t0;
      totalCommitNanos.addAndGet(took);
      maxCommitNanos.accumulateAndGet(took, Math::max);
      synchronized (monitor) {
        completed++;
        if (last) {
          finished = true;
        }
        monitor.notifyAll();
      }
      if (last) {
        return;
      }
      next = t0 + intervalNanos;
    }
  }

  private void commitOnce() {
    List<EpisodeWriter.Pending> pending = new ArrayList<>();
    for (EpisodeWriter w : writers) {
      try {
        EpisodeWriter.Pending p = w.drain();
        if (p != null) {
          pending.add(p);
        }
      } catch (RuntimeException e) {
        fail(w, e);
      }
    }
    // Force the directory (new files) and every file with new data concurrently; a file's steps are
    // durable once its own force and the directory force (when it was dirty) have completed.
    Future<?> dirForce = null;
    if (dirDirty.getAndSet(false)) {
      dirForce =
          forcePool.submit(
              () -> {
                Fsync.directory(episodesDir);
                return null;
              });
    }
    List<Future<?>> forces = new ArrayList<>(pending.size());
    for (EpisodeWriter.Pending p : pending) {
      forces.add(
          forcePool.submit(
              () -> {
                p.writer().force();
                return null;
              }));
    }
    if (dirForce != null) {
      Exception e = await(dirForce);
      if (e != null) {
        dirDirty.set(true);
        for (int k = 0; k < pending.size(); k++) {
          await(forces.get(k));
          fail(pending.get(k).writer(), e);
        }
        return;
      }
      directorySyncs.incrementAndGet();
    }
    long commitLag = 0;
    for (int k = 0; k < pending.size(); k++) {
      EpisodeWriter.Pending p = pending.get(k);
      EpisodeWriter w = p.writer();
      Exception e = await(forces.get(k));
      if (e != null) {
        fail(w, e);
        continue;
      }
      filesForced.incrementAndGet();
      w.markDurable(p);
      long lag = System.nanoTime() - p.oldestNanos();
      maxLagNanos.accumulateAndGet(lag, Math::max);
      commitLag = Math.max(commitLag, lag);
      if (p.ended()) {
        w.closeChannel();
        writers.remove(w);
      }
      for (DurabilityListener l : listeners) {
        try {
          l.onDurable(w.id(), p.steps(), p.ended());
        } catch (RuntimeException ex) {
          LOG.warn("durability listener failed for episode {}", w.id(), ex);
        }
      }
    }
    if (commitLag > 0) {
      synchronized (recentLags) {
        recentLags[(int) (recentCount++ % recentLags.length)] = commitLag;
      }
    }
    commits.incrementAndGet();
  }

  private static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }

  /** Waits for a force; returns its failure or null. */
  private static Exception await(Future<?> f) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          f.get();
          return null;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          return e.getCause() instanceof Exception ex ? ex : new IOException(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void fail(EpisodeWriter w, Exception e) {
    LOG.error("episode {}: write failed, it takes no more steps", w.id(), e);
    w.fail(e);
    writers.remove(w);
    for (DurabilityListener l : listeners) {
      try {
        l.onFailure(w.id(), e);
      } catch (RuntimeException ex) {
        LOG.warn("durability listener failed for episode {}", w.id(), ex);
      }
    }
  }

  /** Runs a last commit and stops the thread. */
  @Override
  public void close() {
    synchronized (monitor) {
      stop = true;
      monitor.notifyAll();
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    forcePool.shutdown();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
