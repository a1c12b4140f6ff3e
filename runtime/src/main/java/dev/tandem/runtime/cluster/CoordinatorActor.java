package dev.tandem.runtime.cluster;

import dev.tandem.core.store.EpisodeStore;
import dev.tandem.runtime.actors.TandemMessage;
import dev.tandem.runtime.experiment.CellOutput;
import dev.tandem.runtime.experiment.ExperimentCell;
import dev.tandem.runtime.experiment.ExperimentConfig;
import dev.tandem.runtime.experiment.RunSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The coordinator of a cluster experiment: finds workers through the receptionist, hands each idle
 * one the next cell whose round 0 is in (with round 0's demos and policy as its inputs), fetches a
 * finished cell's results in chunks, imports them into the run directory and records the cell as
 * done ({@code cells/<name>.json}, which a resume skips). A worker that becomes unreachable or
 * leaves loses its cell, which goes back to the front of the queue; results of a lost attempt that
 * still arrive are ignored. A cell that fails on a worker (an error, not a lost worker) fails the
 * run: it would fail anywhere.
 */
public final class CoordinatorActor extends AbstractBehavior<CoordinatorActor.Command> {
  /** A cell lost this many times (workers dying, bad transfers) fails the run. */
  static final int MAX_ATTEMPTS = 5;

  public sealed interface Command
      permits CellFinished,
          CellFailed,
          Transfer.FetchChunk,
          Transfer.Chunk,
          WorkersChanged,
          Unreachable,
          Removed {}

  /** A worker finished {@code cell}; its results wait in {@code file} on the worker. */
  public record CellFinished(
      ExperimentCell cell, int attempt, String file, ActorRef<WorkerActor.Command> worker)
      implements Command, TandemMessage {}

  /** {@code cell} failed on a worker with {@code error}. */
  public record CellFailed(
      ExperimentCell cell, int attempt, String error, ActorRef<WorkerActor.Command> worker)
      implements Command, TandemMessage {}

  private record WorkersChanged(Receptionist.Listing listing) implements Command {}

  private record Unreachable(ClusterEvent.UnreachableMember event) implements Command {}

  private record Removed(ClusterEvent.MemberRemoved event) implements Command {}

  /**
   * A run to coordinate: its config (and the text and overrides workers load it from), its
   * directory, its cells; {@code done} completes with every cell's output.
   */
  public record Job(
      ExperimentConfig config,
      String configYaml,
      List<String> overrides,
      Path runDir,
      List<ExperimentCell> plan,
      CompletableFuture<Map<ExperimentCell, CellOutput>> done,
      PrintStream log,
      TransferMeter meter) {}

  /** A cell handed to a worker, and how much of its results came back. */
  private static final class Assignment {
    final ExperimentCell cell;
    final int attempt;
    String resultFile;
    long received;
    long fetchStartNanos;

    Assignment(ExperimentCell cell, int attempt) {
      this.cell = cell;
      this.attempt = attempt;
    }
  }

  private final ActorContext<Command> ctx;
  private final Job job;
  private final Map<String, String> settings;
  private final Path transfers;
  private final Map<ExperimentCell, CellOutput> outputs = new LinkedHashMap<>();
  private final List<ExperimentCell> pending = new ArrayList<>();
  private final Map<ExperimentCell, Integer> attempts = new HashMap<>();
  private final Set<ActorRef<WorkerActor.Command>> idle = new LinkedHashSet<>();
  private final Map<ActorRef<WorkerActor.Command>, Assignment> busy = new HashMap<>();
  private final Map<String, EpisodeStore> stores = new HashMap<>();
  private final Set<Address> unreachable = new java.util.HashSet<>();

  private CoordinatorActor(ActorContext<Command> ctx, Job job) {
    super(ctx);
    this.ctx = ctx;
    this.job = job;
    this.settings = RunSettings.of(job.config());
    this.transfers = job.runDir().resolve(".cluster");
    for (ExperimentCell cell : job.plan()) {
      Path done = doneFile(cell);
      if (Files.isRegularFile(done)) {
        outputs.put(cell, CellOutput.read(done)); // recorded by an earlier coordinator
      } else {
        pending.add(cell);
      }
    }
  }

  public static Behavior<Command> create(Job job) {
    return Behaviors.setup(
        ctx -> {
          ctx.getSystem()
              .receptionist()
              .tell(
                  Receptionist.subscribe(
                      WorkerActor.KEY,
                      ctx.messageAdapter(Receptionist.Listing.class, WorkersChanged::new)));
          var subscriptions = Cluster.get(ctx.getSystem()).subscriptions();
          subscriptions.tell(
              Subscribe.create(
                  ctx.messageAdapter(ClusterEvent.UnreachableMember.class, Unreachable::new),
                  ClusterEvent.UnreachableMember.class));
          subscriptions.tell(
              Subscribe.create(
                  ctx.messageAdapter(ClusterEvent.MemberRemoved.class, Removed::new),
                  ClusterEvent.MemberRemoved.class));
          CoordinatorActor c = new CoordinatorActor(ctx, job);
          return c.pending.isEmpty() ? c.finish() : c;
        });
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(WorkersChanged.class, this::onWorkers)
        .onMessage(Unreachable.class, m -> lost(m.event().member().address(), "unreachable"))
        .onMessage(Removed.class, m -> lost(m.event().member().address(), "removed"))
        .onMessage(CellFinished.class, this::onFinished)
        .onMessage(Transfer.Chunk.class, this::onResultChunk)
        .onMessage(Transfer.FetchChunk.class, this::onFetch)
        .onMessage(CellFailed.class, this::onFailed)
        .build();
  }

  private Behavior<Command> onWorkers(WorkersChanged m) {
    Set<ActorRef<WorkerActor.Command>> now = m.listing().getServiceInstances(WorkerActor.KEY);
    for (ActorRef<WorkerActor.Command> w : now) {
      if (!idle.contains(w) && !busy.containsKey(w) && !unreachable.contains(w.path().address())) {
        idle.add(w);
        job.log().println("cluster: worker " + w.path().address() + " joined");
      }
    }
    for (ActorRef<WorkerActor.Command> w : List.copyOf(known())) {
      if (!now.contains(w)) {
        workerGone(w, "left the receptionist");
      }
    }
    return dispatch();
  }

  private Behavior<Command> lost(Address address, String how) {
    unreachable.add(address); // downed by the resolver soon; never given a cell again
    for (ActorRef<WorkerActor.Command> w : List.copyOf(known())) {
      if (w.path().address().equals(address)) {
        workerGone(w, how);
      }
    }
    return dispatch();
  }

  private Set<ActorRef<WorkerActor.Command>> known() {
    Set<ActorRef<WorkerActor.Command>> all = new LinkedHashSet<>(idle);
    all.addAll(busy.keySet());
    return all;
  }

  private void workerGone(ActorRef<WorkerActor.Command> w, String how) {
    idle.remove(w);
    Assignment a = busy.remove(w);
    String lostCell = "";
    if (a != null && !outputs.containsKey(a.cell)) {
      pending.add(0, a.cell);
      lostCell = "; its cell " + a.cell.name(job.config()) + " goes back to the queue";
    }
    job.log().println("cluster: worker " + w.path().address() + " " + how + lostCell);
  }

  /** Hands each idle worker the next cell that can run. */
  private Behavior<Command> dispatch() {
    for (ActorRef<WorkerActor.Command> w : List.copyOf(idle)) {
      Optional<ExperimentCell> next =
          pending.stream()
              .filter(
                  c ->
                      c.kind() == ExperimentCell.Kind.ROUND_ZERO
                          || outputs.containsKey(c.roundZero()))
              .findFirst();
      if (next.isEmpty()) {
        break;
      }
      ExperimentCell cell = next.get();
      int attempt = attempts.merge(cell, 1, Integer::sum);
      if (attempt > MAX_ATTEMPTS) {
        return fail(cell.name(job.config()) + " was lost " + MAX_ATTEMPTS + " times; giving up");
      }
      pending.remove(cell);
      idle.remove(w);
      busy.put(w, new Assignment(cell, attempt));
      String input = cell.kind() == ExperimentCell.Kind.METHOD ? packInputs(cell) : null;
      w.tell(
          new WorkerActor.RunCell(
              cell, attempt, job.configYaml(), job.overrides(), settings, input, ctx.getSelf()));
      job.log()
          .println(
              "cluster: cell "
                  + cell.name(job.config())
                  + " (attempt "
                  + attempt
                  + ") to "
                  + w.path().address());
    }
    return this;
  }

  private String packInputs(ExperimentCell cell) {
    String name = "inputs-" + cell.name(job.config()) + ".zip";
    CellFiles.packInputs(job.config(), cell, job.runDir(), store(cell), transfers.resolve(name));
    return name;
  }

  private Behavior<Command> onFinished(CellFinished f) {
    Assignment a = busy.get(f.worker());
    if (a == null || !a.cell.equals(f.cell()) || a.attempt != f.attempt()) {
      return this; // an attempt given up on (its worker was thought lost)
    }
    a.resultFile = f.file();
    a.received = 0;
    a.fetchStartNanos = System.nanoTime();
    f.worker().tell(new Transfer.FetchChunk(f.file(), 0, ctx.getSelf().narrow()));
    return this;
  }

  private Behavior<Command> onResultChunk(Transfer.Chunk c) {
    for (Map.Entry<ActorRef<WorkerActor.Command>, Assignment> e : busy.entrySet()) {
      Assignment a = e.getValue();
      if (c.file().equals(a.resultFile)) {
        return resultChunk(e.getKey(), a, c);
      }
    }
    return this;
  }

  private Behavior<Command> resultChunk(
      ActorRef<WorkerActor.Command> w, Assignment a, Transfer.Chunk c) {
    Path zip = transfers.resolve(a.resultFile);
    try {
      a.received = Transfer.receive(c, zip, a.received);
      if (!c.last()) {
        w.tell(new Transfer.FetchChunk(a.resultFile, a.received, ctx.getSelf().narrow()));
        return this;
      }
      long fetchNanos = System.nanoTime() - a.fetchStartNanos;
      job.meter().add(a.received, fetchNanos);
      job.log()
          .printf(
              "cluster: results of %s: %d KiB in %d ms%n",
              a.cell.name(job.config()), a.received / 1024, fetchNanos / 1_000_000);
      CellOutput out =
          CellFiles.importResults(job.config(), a.cell, zip, job.runDir(), store(a.cell));
      out.write(doneFile(a.cell));
      outputs.put(a.cell, out);
    } catch (RuntimeException e) {
      job.log()
          .println(
              "cluster: results of " + a.cell.name(job.config()) + " unusable: " + e.getMessage());
      busy.remove(w);
      pending.add(0, a.cell);
      idle.add(w);
      return dispatch();
    } finally {
      if (c.last()) {
        CellFiles.deleteQuietly(zip);
      }
    }
    busy.remove(w);
    idle.add(w);
    w.tell(new WorkerActor.CellAccepted(a.cell, a.attempt));
    job.log()
        .println(
            "cluster: cell "
                + a.cell.name(job.config())
                + " done ("
                + outputs.size()
                + "/"
                + job.plan().size()
                + ")");
    return outputs.size() == job.plan().size() ? finish() : dispatch();
  }

  private Behavior<Command> onFetch(Transfer.FetchChunk f) {
    f.replyTo().tell(Transfer.serve(transfers, f));
    return this;
  }

  private Behavior<Command> onFailed(CellFailed f) {
    Assignment a = busy.get(f.worker());
    if (a == null || !a.cell.equals(f.cell()) || a.attempt != f.attempt()) {
      return this;
    }
    return fail(
        "cell "
            + f.cell().name(job.config())
            + " failed on "
            + f.worker().path().address()
            + ": "
            + f.error());
  }

  private Behavior<Command> fail(String why) {
    closeStores();
    job.done().completeExceptionally(new IllegalStateException(why));
    return Behaviors.stopped();
  }

  private Behavior<Command> finish() {
    closeStores();
    CellFiles.deleteQuietly(transfers);
    job.done().complete(Map.copyOf(outputs));
    return Behaviors.stopped();
  }

  private EpisodeStore store(ExperimentCell cell) {
    return stores.computeIfAbsent(
        cell.key(job.config()), k -> CellFiles.openStore(job.config(), cell, job.runDir()));
  }

  private void closeStores() {
    stores.values().forEach(EpisodeStore::close);
    stores.clear();
  }

  private Path doneFile(ExperimentCell cell) {
    return job.runDir().resolve("cells").resolve(cell.name(job.config()) + ".json");
  }
}
