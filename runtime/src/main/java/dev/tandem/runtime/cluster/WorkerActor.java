package dev.tandem.runtime.cluster;

import dev.tandem.core.config.ConfigLoader;
import dev.tandem.runtime.actors.TandemMessage;
import dev.tandem.runtime.experiment.CellOutput;
import dev.tandem.runtime.experiment.CellRunner;
import dev.tandem.runtime.experiment.ExperimentCell;
import dev.tandem.runtime.experiment.ExperimentConfig;
import dev.tandem.runtime.experiment.ExperimentProgress;
import dev.tandem.runtime.experiment.JobConfig;
import dev.tandem.runtime.experiment.RunSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * A cluster worker: announces itself to the receptionist once it is up, runs one experiment cell at
 * a time in a scratch folder of its own (its inputs fetched from the coordinator first), keeps the
 * results on disk until the coordinator has taken them, and serves them in chunks. It stops when
 * the coordinator leaves the cluster.
 */
public final class WorkerActor extends AbstractBehavior<WorkerActor.Command> {
  /** The receptionist key workers register under. */
  static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "tandem-worker");

  public sealed interface Command
      permits RunCell,
          CellAccepted,
          Transfer.FetchChunk,
          Transfer.Chunk,
          SelfIsUp,
          MemberLeft,
          Ran {}

  /**
   * Run {@code cell} of the experiment {@code configYaml} with {@code overrides} (whose effective
   * settings are {@code settings}); fetch {@code inputFile} from {@code replyTo} first when not
   * null.
   */
  public record RunCell(
      ExperimentCell cell,
      int attempt,
      String configYaml,
      List<String> overrides,
      Map<String, String> settings,
      String inputFile,
      ActorRef<CoordinatorActor.Command> replyTo)
      implements Command, TandemMessage {}

  /** The coordinator holds the results of {@code cell}'s attempt: they may go. */
  public record CellAccepted(ExperimentCell cell, int attempt) implements Command, TandemMessage {}

  private record SelfIsUp() implements Command {}

  private record MemberLeft(ClusterEvent.MemberRemoved event) implements Command {}

  private record Ran(RunCell job, String resultFile, Throwable failure) implements Command {}

  private final ActorContext<Command> ctx;
  private final Path workDir;
  private final PrintStream log;
  private final ExecutorService thread;
  private RunCell current;
  private long inputOffset;
  private String runnerConfig;
  private CellRunner runner;

  private WorkerActor(ActorContext<Command> ctx, Path workDir, PrintStream log) {
    super(ctx);
    this.ctx = ctx;
    this.workDir = workDir;
    this.log = log;
    this.thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "tandem-worker-cell"));
  }

  /** A worker keeping its cells under {@code workDir}, logging a line per cell on {@code log}. */
  public static Behavior<Command> create(Path workDir, PrintStream log) {
    return Behaviors.setup(
        ctx -> {
          Cluster cluster = Cluster.get(ctx.getSystem());
          cluster
              .subscriptions()
              .tell(
                  Subscribe.create(
                      ctx.messageAdapter(SelfUp.class, e -> new SelfIsUp()), SelfUp.class));
          cluster
              .subscriptions()
              .tell(
                  Subscribe.create(
                      ctx.messageAdapter(ClusterEvent.MemberRemoved.class, MemberLeft::new),
                      ClusterEvent.MemberRemoved.class));
          return new WorkerActor(ctx, workDir, log);
        });
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(SelfIsUp.class, m -> onSelfUp())
        .onMessage(MemberLeft.class, this::onMemberLeft)
        .onMessage(RunCell.class, this::onRunCell)
        .onMessage(Transfer.Chunk.class, this::onInputChunk)
        .onMessage(Transfer.FetchChunk.class, this::onFetch)
        .onMessage(Ran.class, this::onRan)
        .onMessage(CellAccepted.class, this::onAccepted)
        .onSignal(PostStop.class, s -> onStop())
        .build();
  }

  /** Announced only once up: a watcher of an earlier announcement would see a false death. */
  private Behavior<Command> onSelfUp() {
    ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
    log.println("worker: up at " + Cluster.get(ctx.getSystem()).selfMember().address());
    return this;
  }

  private Behavior<Command> onMemberLeft(MemberLeft m) {
    if (ClusterWorker.coordinatorLeft(ctx.getSystem(), m.event())) {
      log.println("worker: the coordinator left; stopping");
      ctx.getSystem().terminate();
    }
    return this;
  }

  private Behavior<Command> onRunCell(RunCell job) {
    if (current != null) {
      job.replyTo()
          .tell(
              new CoordinatorActor.CellFailed(
                  job.cell(), job.attempt(), "worker busy with another cell", ctx.getSelf()));
      return this;
    }
    current = job;
    Path dir = cellDir(job);
    CellFiles.deleteQuietly(dir);
    log.println("worker: cell " + job.cell() + " attempt " + job.attempt());
    if (job.inputFile() == null) {
      start(job);
    } else {
      inputOffset = 0;
      job.replyTo().tell(new Transfer.FetchChunk(job.inputFile(), 0, ctx.getSelf().narrow()));
    }
    return this;
  }

  private Behavior<Command> onInputChunk(Transfer.Chunk c) {
    if (current == null || !c.file().equals(current.inputFile())) {
      return this; // a chunk of an abandoned job
    }
    try {
      inputOffset = Transfer.receive(c, inputZip(current), inputOffset);
    } catch (RuntimeException e) {
      ctx.getSelf().tell(new Ran(current, null, e));
      return this;
    }
    if (c.last()) {
      start(current);
    } else {
      current
          .replyTo()
          .tell(new Transfer.FetchChunk(c.file(), inputOffset, ctx.getSelf().narrow()));
    }
    return this;
  }

  private void start(RunCell job) {
    ctx.pipeToSelf(
        CompletableFuture.supplyAsync(ClusterWorker.counted(() -> runCell(job)), thread),
        (file, failure) -> new Ran(job, file, failure));
  }

  /** On the cell thread: inputs in, the cell run, its results packed; returns the results file. */
  private String runCell(RunCell job) {
    Path dir = cellDir(job);
    try {
      Files.createDirectories(dir);
      if (job.inputFile() != null) {
        CellFiles.unpackInputs(inputZip(job), dir);
      }
      ExperimentConfig config = runnerFor(job);
      CellOutput output = runner.run(job.cell(), dir);
      String name = resultName(job);
      CellFiles.packResults(config, job.cell(), dir, output, workDir.resolve(name));
      return name;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The cell runner of the job's experiment (kept while the experiment stays the same). */
  private ExperimentConfig runnerFor(RunCell job) {
    ExperimentConfig config =
        (ExperimentConfig)
            ConfigLoader.discover()
                .loadString(
                    "the coordinator's config", job.configYaml(), JobConfig.class, job.overrides());
    if (!RunSettings.of(config).equals(job.settings())) {
      throw new IllegalStateException(
          "this worker reads the experiment with other settings than the coordinator: "
              + RunSettings.differences(job.settings(), RunSettings.of(config))
              + " (run the same Tandem version on every node)");
    }
    String key = job.configYaml() + "\n" + job.overrides();
    if (!key.equals(runnerConfig)) {
      if (runner != null) {
        runner.close();
      }
      runner = new CellRunner(config, ExperimentProgress.NONE, Clock.systemUTC());
      runnerConfig = key;
    }
    return config;
  }

  private Behavior<Command> onRan(Ran r) {
    if (current != r.job()) {
      return this;
    }
    current = null;
    ExperimentCell cell = r.job().cell();
    if (r.failure() != null) {
      Throwable cause = r.failure().getCause() != null ? r.failure().getCause() : r.failure();
      log.println("worker: cell " + cell + " failed: " + cause);
      r.job()
          .replyTo()
          .tell(
              new CoordinatorActor.CellFailed(
                  cell, r.job().attempt(), String.valueOf(cause), ctx.getSelf()));
    } else {
      log.println("worker: cell " + cell + " done");
      r.job()
          .replyTo()
          .tell(
              new CoordinatorActor.CellFinished(
                  cell, r.job().attempt(), r.resultFile(), ctx.getSelf()));
    }
    return this;
  }

  private Behavior<Command> onFetch(Transfer.FetchChunk f) {
    f.replyTo().tell(Transfer.serve(workDir, f));
    return this;
  }

  private Behavior<Command> onAccepted(CellAccepted a) {
    String stem = stem(a.cell(), a.attempt());
    CellFiles.deleteQuietly(workDir.resolve("cell-" + stem));
    CellFiles.deleteQuietly(workDir.resolve("results-" + stem + ".zip"));
    CellFiles.deleteQuietly(workDir.resolve("inputs-" + stem + ".zip"));
    return this;
  }

  private Behavior<Command> onStop() {
    thread.shutdownNow();
    if (runner != null) {
      runner.close();
    }
    return this;
  }

  private Path cellDir(RunCell job) {
    return workDir.resolve("cell-" + stem(job));
  }

  private Path inputZip(RunCell job) {
    return workDir.resolve("inputs-" + stem(job) + ".zip");
  }

  private static String resultName(RunCell job) {
    return "results-" + stem(job) + ".zip";
  }

  private static String stem(RunCell job) {
    return stem(job.cell(), job.attempt());
  }

  /** A file-name stem unique to a cell's attempt. */
  private static String stem(ExperimentCell cell, int attempt) {
    return cell.toString().replaceAll("[^A-Za-z0-9.-]", "_") + "-a" + attempt;
  }
}
