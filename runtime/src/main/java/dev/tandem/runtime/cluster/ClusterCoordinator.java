package dev.tandem.runtime.cluster;

import dev.tandem.runtime.experiment.CellExecutor;
import dev.tandem.runtime.experiment.CellOutput;
import dev.tandem.runtime.experiment.ExperimentCell;
import dev.tandem.runtime.experiment.ExperimentConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * This JVM as the coordinator of a Pekko cluster (the seed node workers join): each experiment run
 * through {@link #cells} gets a {@link CoordinatorActor} that hands its cells to the workers. The
 * workers stay for the next run (a sweep's next combination); {@link #close} leaves the cluster,
 * and the workers stop.
 */
public final class ClusterCoordinator implements AutoCloseable {
  private final ClusterSettings settings;
  private final PrintStream log;
  private final ActorSystem<SpawnProtocol.Command> system;
  private final AtomicInteger runs = new AtomicInteger();
  private final TransferMeter meter = new TransferMeter();

  /** Starts the coordinator node; logs how workers join on {@code log}. */
  public ClusterCoordinator(ClusterSettings settings, PrintStream log) {
    this.settings = settings;
    this.log = log;
    this.system =
        ActorSystem.create(SpawnProtocol.create(), ClusterSettings.SYSTEM, settings.config());
    log.println(
        "cluster: coordinator at "
            + settings.host()
            + ":"
            + settings.port()
            + "; start workers with: tandem worker --join "
            + settings.host()
            + ":"
            + settings.port());
  }

  /**
   * The cluster as the cell executor of one run: {@code config} (loaded from {@code configYaml}
   * with {@code overrides}, which workers load it from too) into {@code runDir}.
   */
  public CellExecutor cells(
      ExperimentConfig config, String configYaml, List<String> overrides, Path runDir) {
    return plan ->
        runAll(
            new CoordinatorActor.Job(
                config,
                configYaml,
                List.copyOf(overrides),
                runDir,
                plan,
                new CompletableFuture<>(),
                log,
                meter));
  }

  private Map<ExperimentCell, CellOutput> runAll(CoordinatorActor.Job job) {
    AskPattern.<SpawnProtocol.Command, Object>ask(
            system,
            replyTo ->
                new SpawnProtocol.Spawn<>(
                    CoordinatorActor.create(job),
                    "coordinator-" + runs.incrementAndGet(),
                    DispatcherSelector.fromConfig("tandem.cluster-dispatcher"),
                    replyTo.narrow()),
            Duration.ofSeconds(30),
            system.scheduler())
        .toCompletableFuture()
        .join();
    try {
      return job.done().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /**
   * Waits until at least {@code workers} workers are registered with the receptionist.
   *
   * @throws IllegalStateException when they are not there within {@code timeout}
   */
  public void awaitWorkers(int workers, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      Receptionist.Listing listing =
          AskPattern.<Receptionist.Command, Receptionist.Listing>ask(
                  system.receptionist(),
                  replyTo -> Receptionist.find(WorkerActor.KEY, replyTo),
                  Duration.ofSeconds(10),
                  system.scheduler())
              .toCompletableFuture()
              .join();
      int n = listing.getServiceInstances(WorkerActor.KEY).size();
      if (n >= workers) {
        return;
      }
      if (System.nanoTime() > end) {
        throw new IllegalStateException(
            n + " of " + workers + " workers joined within " + timeout.toSeconds() + " s");
      }
      Thread.sleep(200);
    }
  }

  /** What this coordinator fetched from its workers so far (cells' results). */
  public TransferMeter.Totals transfers() {
    return meter.totals();
  }

  /** Leaves the cluster (the workers stop) and stops the node. */
  @Override
  public void close() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
