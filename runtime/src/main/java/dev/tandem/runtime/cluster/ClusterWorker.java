package dev.tandem.runtime.cluster;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** A worker node: joins the coordinator and runs cells until the coordinator leaves. */
public final class ClusterWorker {
  private ClusterWorker() {}

  /** Runs a worker keeping its cells under {@code workDir}; returns when it has stopped. */
  public static void run(ClusterSettings settings, Path workDir, PrintStream log) {
    ActorSystem<Void> system =
        ActorSystem.create(
            Behaviors.setup(
                ctx -> {
                  ctx.spawn(
                      WorkerActor.create(workDir, log),
                      "worker",
                      DispatcherSelector.fromConfig("tandem.cluster-dispatcher"));
                  return Behaviors.empty();
                }),
            ClusterSettings.SYSTEM,
            settings.config());
    log.println("worker: joining " + settings.seed());
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
