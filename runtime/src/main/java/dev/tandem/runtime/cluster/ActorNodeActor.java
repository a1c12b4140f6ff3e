package dev.tandem.runtime.cluster;

import dev.tandem.core.config.ConfigLoader;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.store.EpisodeStatus;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.policy.checkpoint.CheckpointCodec;
import dev.tandem.policy.checkpoint.StoredPolicy;
import dev.tandem.runtime.actors.TandemMessage;
import dev.tandem.runtime.experiment.ActorRollouts;
import dev.tandem.runtime.experiment.ExperimentConfig;
import dev.tandem.runtime.experiment.JobConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
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
 * An actor node of an actor/learner session ({@code tandem worker --actor NAME}): runs episodes one
 * after the other with its copy of the policy, the simulated operator and its own recorder ({@link
 * ActorRollouts}, under {@code workDir}); fetches each version the learner sends in chunks and
 * hot-swaps it before the next episode; ships its durable episodes to the learner, one shipment at
 * a time, and writes down (in {@code shipped.txt}) those the learner has imported. After a crash it
 * reopens its store and ships whatever durable episode is not written down there: only the episode
 * in flight is lost, and one shipped twice is imported once (by its tags).
 */
public final class ActorNodeActor extends AbstractBehavior<ActorNodeActor.Command> {
  static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "tandem-actor");

  /** The folder of a shipment's episodes inside its zip. */
  static final String DATA = "data";

  private static final String SHIPPED = "shipped.txt";

  public sealed interface Command
      permits Deploy,
          Accepted,
          Finish,
          Transfer.FetchChunk,
          Transfer.Chunk,
          SelfIsUp,
          MemberLeft,
          Done {}

  /**
   * Run version {@code version} (content hash {@code hash}), the file {@code file} of the learner's
   * registry, of the session configured by {@code configYaml} with {@code overrides}.
   */
  public record Deploy(
      long version,
      String hash,
      String file,
      String configYaml,
      List<String> overrides,
      ActorRef<LearnerNodeActor.Command> learner)
      implements Command, TandemMessage {}

  /** The learner imported the shipment {@code file} ({@code null}: it could not; ship again). */
  public record Accepted(String file) implements Command, TandemMessage {}

  /** Stop recording; ship what is left, then tell the learner. */
  public record Finish() implements Command, TandemMessage {}

  private record SelfIsUp() implements Command {}

  private record MemberLeft(ClusterEvent.MemberRemoved event) implements Command {}

  /** Work done on the episode thread: {@code what} with its result or failure. */
  private record Done(Work what, Object result, Throwable failure) implements Command {}

  private enum Work {
    OPEN,
    EPISODE,
    PACK
  }

  /** A shipment packed: its file and the indexes of its episodes. */
  private record Packed(String file, Set<String> indexes) {}

  private final ActorContext<Command> ctx;
  private final Path workDir;
  private final String name;
  private final PrintStream log;
  private final ExecutorService thread;
  private final Set<String> shipped = new HashSet<>();
  private ActorRef<LearnerNodeActor.Command> learner;
  private ExperimentConfig config;
  private ActorRollouts rollouts;
  private boolean opening;
  private boolean running;
  private boolean finishing;
  private boolean toldFinished;
  private boolean packing;
  private boolean shipDue;
  private Packed inFlight;
  private StoredPolicy pending;
  private Deploy fetching;
  private CompletableFuture<Object> lastWork = CompletableFuture.completedFuture(null);
  private long fetched;

  private ActorNodeActor(ActorContext<Command> ctx, Path workDir, String name, PrintStream log) {
    super(ctx);
    this.ctx = ctx;
    this.workDir = workDir;
    this.name = name;
    this.log = log;
    this.thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "tandem-actor-episodes"));
    try {
      Path f = workDir.resolve(SHIPPED);
      if (Files.exists(f)) {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            shipped.add(line.trim());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + workDir.resolve(SHIPPED), e);
    }
  }

  /**
   * An actor node named {@code name} (its episodes' tag) keeping its store under {@code workDir}.
   */
  public static Behavior<Command> create(Path workDir, String name, PrintStream log) {
    return Behaviors.setup(
        ctx -> {
          var subscriptions = Cluster.get(ctx.getSystem()).subscriptions();
          subscriptions.tell(
              Subscribe.create(
                  ctx.messageAdapter(SelfUp.class, e -> new SelfIsUp()), SelfUp.class));
          subscriptions.tell(
              Subscribe.create(
                  ctx.messageAdapter(ClusterEvent.MemberRemoved.class, MemberLeft::new),
                  ClusterEvent.MemberRemoved.class));
          return new ActorNodeActor(ctx, workDir, name, log);
        });
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(SelfIsUp.class, m -> onSelfUp())
        .onMessage(MemberLeft.class, this::onMemberLeft)
        .onMessage(Deploy.class, this::onDeploy)
        .onMessage(Transfer.Chunk.class, this::onChunk)
        .onMessage(Transfer.FetchChunk.class, this::onFetch)
        .onMessage(Done.class, this::onDone)
        .onMessage(Accepted.class, this::onAccepted)
        .onMessage(Finish.class, m -> onFinish())
        .onSignal(PostStop.class, s -> onStop())
        .build();
  }

  private Behavior<Command> onSelfUp() {
    ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
    log.println("actor " + name + ": up at " + Cluster.get(ctx.getSystem()).selfMember().address());
    return this;
  }

  private Behavior<Command> onMemberLeft(MemberLeft m) {
    if (ClusterWorker.coordinatorLeft(ctx.getSystem(), m.event())) {
      log.println("actor " + name + ": the learner left; stopping");
      ctx.getSystem().terminate();
    }
    return this;
  }

  private Behavior<Command> onDeploy(Deploy d) {
    learner = d.learner();
    if (config == null) {
      config =
          (ExperimentConfig)
              ConfigLoader.discover()
                  .loadString(
                      "the learner's config", d.configYaml(), JobConfig.class, d.overrides());
    }
    long have = pending != null ? pending.version().number() : current();
    if (d.version() <= have || (fetching != null && fetching.version() >= d.version())) {
      return this;
    }
    fetching = d;
    fetched = 0;
    learner.tell(new Transfer.FetchChunk(d.file(), 0, ctx.getSelf().narrow()));
    return this;
  }

  private long current() {
    return rollouts == null ? 0 : rollouts.version().number();
  }

  private Behavior<Command> onChunk(Transfer.Chunk c) {
    if (fetching == null || !c.file().equals(fetching.file())) {
      return this;
    }
    Path target = workDir.resolve("policies").resolve(c.file());
    try {
      fetched = Transfer.receive(c, target, fetched);
    } catch (RuntimeException e) {
      // the next version the learner sends is fetched; until then the current one runs on
      log.println("actor " + name + ": version " + fetching.version() + " not fetched: " + e);
      fetching = null;
      return this;
    }
    if (!c.last()) {
      learner.tell(new Transfer.FetchChunk(c.file(), fetched, ctx.getSelf().narrow()));
      return this;
    }
    Deploy d = fetching;
    fetching = null;
    StoredPolicy p = decode(target);
    if (p.version().number() != d.version() || !p.version().contentHash().equals(d.hash())) {
      log.println("actor " + name + ": version " + d.version() + " arrived damaged; skipped");
      return this;
    }
    if (rollouts == null && !opening) {
      opening = true;
      submit(Work.OPEN, () -> new ActorRollouts(config, workDir, name, p));
    } else {
      pending = p;
    }
    return next();
  }

  private static StoredPolicy decode(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      String hash = CheckpointCodec.contentHash(bytes);
      String stem = file.getFileName().toString().replaceAll("\\D", "");
      return new StoredPolicy(
          new PolicyVersion(Long.parseLong(stem), hash), CheckpointCodec.decode(bytes, file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private void submit(Work what, Supplier<Object> work) {
    CompletableFuture<Object> f =
        CompletableFuture.supplyAsync(ClusterWorker.counted(work), thread);
    lastWork = f;
    ctx.pipeToSelf(f, (r, failure) -> new Done(what, r, failure));
  }

  private Behavior<Command> onDone(Done d) {
    if (d.failure() != null) {
      Throwable cause = d.failure().getCause() != null ? d.failure().getCause() : d.failure();
      log.println("actor " + name + ": " + d.what() + " failed: " + cause + "; stopping");
      ctx.getSystem().terminate();
      return Behaviors.stopped();
    }
    switch (d.what()) {
      case OPEN -> {
        opening = false;
        rollouts = (ActorRollouts) d.result();
        shipDue = true; // what a crash left unshipped
        reportBacklog();
        running(rollouts.version());
      }
      case EPISODE -> {
        running = false;
        shipDue = true;
        int[] r = (int[]) d.result();
        if (r[1] != 0) {
          running(rollouts.version());
        }
        log.printf("actor %s: episode %d durable (version %d)%n", name, r[0], current());
      }
      case PACK -> {
        packing = false;
        Packed p = (Packed) d.result();
        if (p != null) {
          inFlight = p;
          learner.tell(new LearnerNodeActor.Ship(p.file(), p.indexes().size(), ctx.getSelf()));
        }
      }
    }
    return next();
  }

  /** After a restart: what the store held (the episode thread is idle until the next submit). */
  private void reportBacklog() {
    long durable = 0;
    long unshipped = 0;
    for (var e : rollouts.store().episodes()) {
      if (e.status() == EpisodeStatus.COMPLETE && e.meta().isPresent()) {
        durable++;
        unshipped += shipped.contains(e.meta().get().tags().get("index")) ? 0 : 1;
      }
    }
    if (durable > 0) {
      log.printf(
          "actor %s: reopened its store: %d durable episodes, %d not shipped yet%n",
          name, durable, unshipped);
    }
  }

  private void running(PolicyVersion v) {
    log.printf("actor %s: running version %d%n", name, v.number());
    learner.tell(new LearnerNodeActor.Running(v.number(), name, ctx.getSelf()));
  }

  /**
   * Ships when something may be unshipped and nothing is in flight, runs the next episode, or
   * reports finished.
   */
  private Behavior<Command> next() {
    if (rollouts == null) {
      return this;
    }
    if (shipDue && inFlight == null && !packing) {
      shipDue = false;
      packing = true;
      Set<String> done = Set.copyOf(shipped);
      submit(Work.PACK, () -> pack(done));
    }
    if (!running && !finishing) {
      running = true;
      StoredPolicy swap = pending;
      pending = null;
      submit(
          Work.EPISODE,
          () -> {
            if (swap != null) {
              rollouts.swap(swap);
            }
            return new int[] {rollouts.runEpisode(), swap != null ? 1 : 0};
          });
    }
    if (finishing && !toldFinished && !running && !packing && !shipDue && inFlight == null) {
      toldFinished = true;
      ClusterWorker.sessionFinished();
      log.println("actor " + name + ": finished, every episode shipped");
      learner.tell(new LearnerNodeActor.Finished(ctx.getSelf()));
    }
    return this;
  }

  /** On the episode thread: the durable episodes not imported yet, as a shipment (or null). */
  private Packed pack(Set<String> done) {
    EpisodeStore store = rollouts.store();
    Set<String> indexes = new TreeSet<>();
    store.episodes().stream()
        .filter(s -> s.status() == EpisodeStatus.COMPLETE)
        .forEach(
            s ->
                s.meta()
                    .map(m -> m.tags().get("index"))
                    .filter(i -> !done.contains(i))
                    .ifPresent(indexes::add));
    if (indexes.isEmpty()) {
      return null;
    }
    String file = "ship-" + name + "-" + String.join("_", indexes) + ".zip";
    file = file.length() > 120 ? "ship-" + name + "-" + indexes.hashCode() + ".zip" : file;
    Path tmp = workDir.resolve(file + ".d");
    CellFiles.deleteQuietly(tmp);
    try (EpisodeStore to = EpisodeStore.create(tmp.resolve(DATA), store.spec())) {
      EpisodeTransfer.copy(store, to, tags -> indexes.contains(tags.get("index")));
    }
    Bundle.pack(List.of(new Bundle.Part(tmp, Path.of(DATA))), workDir.resolve(file));
    CellFiles.deleteQuietly(tmp);
    return new Packed(file, indexes);
  }

  private Behavior<Command> onFetch(Transfer.FetchChunk f) {
    f.replyTo().tell(Transfer.serve(workDir, f));
    return this;
  }

  private Behavior<Command> onAccepted(Accepted a) {
    Packed p = inFlight;
    inFlight = null;
    shipDue = true; // what was recorded meanwhile, or all of it again after a failed import
    if (p == null || a.file() == null || !a.file().equals(p.file())) {
      return next();
    }
    try (FileChannel ch =
        FileChannel.open(
            workDir.resolve(SHIPPED),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
      ch.write(
          java.nio.ByteBuffer.wrap(
              (String.join("\n", p.indexes()) + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    } catch (IOException e) {
      // not written down: shipped again later, and imported once by its tags
      log.println("actor " + name + ": cannot write " + SHIPPED + ": " + e.getMessage());
    }
    shipped.addAll(p.indexes());
    CellFiles.deleteQuietly(workDir.resolve(p.file()));
    log.printf("actor %s: %d episodes imported by the learner%n", name, p.indexes().size());
    return next();
  }

  private Behavior<Command> onFinish() {
    finishing = true;
    return next();
  }

  private Behavior<Command> onStop() {
    thread.shutdownNow();
    // the running work (an episode on the rollouts, or their opening) ends first: closing the
    // rollouts under an episode left it waiting for ever on their stopped actors, and a node
    // joining again after a downing waits for this too (it reopens the same store)
    ActorRollouts open = rollouts;
    ClusterWorker.workStarted();
    lastWork.whenComplete(
        (r, failure) -> {
          try {
            if (open != null) {
              open.close();
            } else if (r instanceof ActorRollouts opened) {
              opened.close();
            }
          } finally {
            ClusterWorker.workEnded();
          }
        });
    return this;
  }
}
