package dev.tandem.runtime.cluster;

import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Cluster;

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
   * certificate).
   *
   * @param actor the actor name to run episodes for a learner under; empty: run experiment cells
   */
  public static boolean run(
      ClusterSettings settings,
      Path workDir,
      Optional<String> actor,
      Duration joinTimeout,
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
    AtomicBoolean joined = new AtomicBoolean();
    Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() -> joined.set(true));
    log.println("worker: joining " + settings.seed());
    system.getWhenTerminated().toCompletableFuture().join();
    return joined.get();
  }
}
