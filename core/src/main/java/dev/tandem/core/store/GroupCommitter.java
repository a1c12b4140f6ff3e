package dev.tandem.core.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
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

  GroupCommitter(Path episodesDir, long intervalNanos, String name) {
    this.episodesDir = episodesDir;
    this.intervalNanos = intervalNanos;
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
    return new StoreStats(commits.get(), filesForced.get(), maxLagNanos.get() / 1e6);
  }

  /** Runs a commit that starts after this call and waits for it to finish. */
  void sync() {
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
    if (dirDirty.getAndSet(false)) {
      try {
        Fsync.directory(episodesDir);
      } catch (IOException e) {
        dirDirty.set(true);
        for (EpisodeWriter.Pending p : pending) {
          fail(p.writer(), e);
        }
        return;
      }
    }
    for (EpisodeWriter.Pending p : pending) {
      EpisodeWriter w = p.writer();
      try {
        w.force();
      } catch (IOException e) {
        fail(w, e);
        continue;
      }
      filesForced.incrementAndGet();
      w.markDurable(p);
      long lag = System.nanoTime() - p.oldestNanos();
      maxLagNanos.accumulateAndGet(lag, Math::max);
      if (p.ended()) {
        w.closeChannel();
        writers.remove(w);
      }
      for (DurabilityListener l : listeners) {
        try {
          l.onDurable(w.id(), p.steps(), p.ended());
        } catch (RuntimeException e) {
          LOG.warn("durability listener failed for episode {}", w.id(), e);
        }
      }
    }
    commits.incrementAndGet();
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
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
