package dev.tandem.runtime.cluster;

import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.MemberStatus;

/**
 * A worker node: joins the coordinator and runs cells until the coordinator leaves; or, named as an
 * actor, joins a learner ({@code tandem learner}) and runs episodes for it ({@link
 * ActorNodeActor}).
 */
public final class ClusterWorker {
  private ClusterWorker() {}

  /**
   * Runs a worker keeping its cells under {@code workDir}; returns when it has stopped: {@code
   * true} after the coordinator left, {@code false} when it could not join within {@code
   * joinTimeout} (no coordinator at that address, or the coordinator refused this node's
   * certificate). A worker the cluster downed (no heartbeat from it for 5 s: a paused VM, a network
   * cut) waits for its cell to stop and joins again as a new node; the coordinator had already put
   * its cell back in the queue.
   *
   * @param actor the actor name to run episodes for a learner under; empty: run experiment cells
   */
  public static boolean run(
      ClusterSettings settings,
      Path workDir,
      Optional<String> actor,
      Duration joinTimeout,
      PrintStream log) {
    Path folder = workDir;
    for (int incarnation = 1; ; incarnation++) {
      AtomicBoolean joined = new AtomicBoolean();
      // An actor whose session had finished when it was downed joins again only to tell a learner
      // still there (the learner may be what went away): briefly.
      boolean afterFinish = SESSION_FINISHED.get();
      Duration timeout = afterFinish ? REJOIN_AFTER_FINISH : joinTimeout;
      ActorSystem<Void> system = start(settings, folder, actor, timeout, joined, log);
      log.println("worker: joining " + settings.seed());
      system.getWhenTerminated().toCompletableFuture().join();
      Optional<CoordinatedShutdown.Reason> why =
          CoordinatedShutdown.get(Adapter.toClassic(system)).getShutdownReason();
      boolean downed =
          why.isPresent() && why.get().equals(CoordinatedShutdown.clusterDowningReason());
      if (!joined.get() && afterFinish) {
        log.println(
            "worker: its session had finished and the learner is gone (not let in within "
                + timeout.toSeconds()
                + " s); exiting");
        return true;
      }
      if (!joined.get() || !downed) {
        return joined.get();
      }
      log.println(
          "worker: removed from the cluster (it saw no heartbeat from this node in time);"
              + " joining again when the running work has stopped");
      if (!awaitWorkStopped(Duration.ofSeconds(60))) {
        logWorkThreads(log);
        if (actor.isPresent()) {
          // an actor's store is in its folder, and the new node must not open it beside the old
          // work: the person starts this one again
          throw new IllegalStateException(
              "worker: removed from the cluster, and the work it was running did not stop within"
                  + " 60 s; start it again with the same --work (what it recorded is kept there)");
        }
        // a cell worker keeps nothing across nodes (the coordinator sends the cell again): the
        // new node works in a folder of its own, away from the cell that did not stop
        folder = workDir.resolve("rejoined-" + (incarnation + 1));
        try {
          java.nio.file.Files.createDirectories(folder);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException("cannot create " + folder, e);
        }
        log.println(
            "worker: the cell it was running did not stop within 60 s; joining again with "
                + folder);
      }
    }
  }

  private static ActorSystem<Void> start(
      ClusterSettings settings,
      Path workDir,
      Optional<String> actor,
      Duration joinTimeout,
      AtomicBoolean joined,
      PrintStream log) {
    ActorSystem<Void> system =
        ActorSystem.create(
            Behaviors.setup(
                ctx -> {
                  var dispatcher = DispatcherSelector.fromConfig("tandem.cluster-dispatcher");
                  if (actor.isPresent()) {
                    ctx.spawn(
                        ActorNodeActor.create(workDir, actor.get(), log), "actor", dispatcher);
                  } else {
                    ctx.spawn(WorkerActor.create(workDir, log), "worker", dispatcher);
                  }
                  return Behaviors.empty();
                }),
            ClusterSettings.SYSTEM,
            ConfigFactory.parseString(
                    "pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes = "
                        + joinTimeout.toMillis()
                        + "ms")
                .withFallback(settings.config()));
    Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() -> joined.set(true));
    return system;
  }

  /**
   * Whether {@code removed} is the coordinator (or learner) leaving while this node is up: then the
   * node stops. The same event while this node is being downed itself is not: the node joins again
   * ({@link #run}).
   */
  static boolean coordinatorLeft(
      org.apache.pekko.actor.typed.ActorSystem<?> system, ClusterEvent.MemberRemoved removed) {
    return removed.member().hasRole(ClusterSettings.COORDINATOR_ROLE)
        && org.apache.pekko.cluster.typed.Cluster.get(system).selfMember().status()
            == MemberStatus.up();
  }

  /** An actor told the learner it finished: everything it recorded was imported. */
  private static final AtomicBoolean SESSION_FINISHED = new AtomicBoolean();

  /** How long an actor whose session had finished tries to join again after it was downed. */
  static final Duration REJOIN_AFTER_FINISH = Duration.ofSeconds(10);

  /**
   * This node's part of an actor/learner session is done: if it is downed now (the learner's node
   * going away can make the resolver down everyone), it joins again only briefly.
   */
  static void sessionFinished() {
    SESSION_FINISHED.set(true);
  }

  /** Cells or episodes running on this JVM's node work threads now. */
  private static final AtomicInteger RUNNING = new AtomicInteger();

  /** The threads running {@link #counted} work now, for the log when it does not stop. */
  private static final java.util.Set<Thread> WORKING =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** {@code work} counted as running while it runs (see {@link #awaitWorkStopped}). */
  static <T> Supplier<T> counted(Supplier<T> work) {
    return () -> {
      workStarted();
      WORKING.add(Thread.currentThread());
      try {
        return work.get();
      } finally {
        WORKING.remove(Thread.currentThread());
        workEnded();
      }
    };
  }

  /**
   * Writes where each thread still running work is (its stack): the work a downed node's cell waits
   * on when it does not stop, for whoever reads the worker's log.
   */
  static void logWorkThreads(PrintStream log) {
    log.println("worker: " + RUNNING.get() + " work item(s) still running; their threads:");
    for (Thread t : WORKING) {
      log.println("  \"" + t.getName() + "\" " + t.getState());
      for (StackTraceElement e : t.getStackTrace()) {
        log.println("    at " + e);
      }
    }
  }

  /** Work the node's folder is still busy with begins (a close after the running episode). */
  static void workStarted() {
    RUNNING.incrementAndGet();
  }

  static void workEnded() {
    RUNNING.decrementAndGet();
  }

  /**
   * Waits until the work a stopped node's actors were running (a cell, an episode) has ended: it
   * was interrupted, and a new node must not share the work folder with it.
   */
  private static boolean awaitWorkStopped(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (RUNNING.get() > 0) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
