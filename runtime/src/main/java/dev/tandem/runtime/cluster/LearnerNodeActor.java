package dev.tandem.runtime.cluster;

import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.runtime.actors.TandemMessage;
import dev.tandem.runtime.experiment.CentralLearner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The learner of an actor/learner session: trains version 1 on the demos, sends every actor node
 * found through the receptionist the latest version (each fetches the file in chunks and hot-swaps
 * it), imports the episodes actors ship (by their tags: a shipment sent twice adds nothing) and
 * trains the next version every {@code episodesPerVersion} new episodes. After the last version,
 * once {@code actors} nodes run it, it asks every node to finish: each ships what is left and says
 * so; the session ends when every node it knows and at least {@code actors} in all have (a node
 * lost before it finished is waited for: started again on its folder, it ships what it left).
 * Imports wait while a version trains (the store is read by the training).
 */
public final class LearnerNodeActor extends AbstractBehavior<LearnerNodeActor.Command> {
  public sealed interface Command
      permits Running,
          Ship,
          Finished,
          Transfer.FetchChunk,
          Transfer.Chunk,
          NodesChanged,
          Unreachable,
          Trained {}

  /** {@code node} runs {@code version} now. */
  public record Running(long version, String actor, ActorRef<ActorNodeActor.Command> node)
      implements Command, TandemMessage {}

  /**
   * {@code node} holds {@code episodes} durable episodes in {@code file}: fetch and import them.
   */
  public record Ship(String file, int episodes, ActorRef<ActorNodeActor.Command> node)
      implements Command, TandemMessage {}

  /** {@code node} stopped recording and everything it recorded was imported. */
  public record Finished(ActorRef<ActorNodeActor.Command> node) implements Command, TandemMessage {}

  private record NodesChanged(Receptionist.Listing listing) implements Command {}

  private record Unreachable(Address address) implements Command {}

  private record Trained(PolicyVersion version, Throwable failure) implements Command {}

  /** The session: its config (and the text and overrides actors load it from) and its ending. */
  public record Session(
      String configYaml,
      List<String> overrides,
      CentralLearner learner,
      int versions,
      int episodesPerVersion,
      int actors,
      Path transfers,
      PrintStream log,
      CompletableFuture<Void> done) {}

  private final ActorContext<Command> ctx;
  private final Session s;
  private final ExecutorService thread;
  private final Map<ActorRef<ActorNodeActor.Command>, Long> nodes = new LinkedHashMap<>();
  private final Set<ActorRef<ActorNodeActor.Command>> finished = new HashSet<>();
  private int finishedNodes; // that said Finished, those that left since included
  private final Set<Address> lost = new HashSet<>();
  private final Deque<Ship> queue = new ArrayDeque<>();
  private PolicyVersion current;
  private int published;
  private boolean training;
  private boolean finishing;
  private int newEpisodes;
  private Ship active;
  private long received;

  private LearnerNodeActor(ActorContext<Command> ctx, Session s) {
    super(ctx);
    this.ctx = ctx;
    this.s = s;
    this.thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "tandem-learner-train"));
  }

  public static Behavior<Command> create(Session session) {
    return Behaviors.setup(
        ctx -> {
          ctx.getSystem()
              .receptionist()
              .tell(
                  Receptionist.subscribe(
                      ActorNodeActor.KEY,
                      ctx.messageAdapter(Receptionist.Listing.class, NodesChanged::new)));
          Cluster.get(ctx.getSystem())
              .subscriptions()
              .tell(
                  Subscribe.create(
                      ctx.messageAdapter(
                          ClusterEvent.UnreachableMember.class,
                          e -> new Unreachable(e.member().address())),
                      ClusterEvent.UnreachableMember.class));
          LearnerNodeActor a = new LearnerNodeActor(ctx, session);
          a.train(true);
          return a;
        });
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(NodesChanged.class, this::onNodes)
        .onMessage(Unreachable.class, m -> onLost(m.address()))
        .onMessage(Trained.class, this::onTrained)
        .onMessage(Running.class, this::onRunning)
        .onMessage(Ship.class, this::onShip)
        .onMessage(Transfer.Chunk.class, this::onChunk)
        .onMessage(Transfer.FetchChunk.class, this::onFetch)
        .onMessage(Finished.class, this::onFinished)
        .onSignal(PostStop.class, x -> onStop())
        .build();
  }

  private void train(boolean first) {
    training = true;
    ctx.pipeToSelf(
        CompletableFuture.supplyAsync(
            () -> first ? s.learner().initial() : s.learner().retrain(), thread),
        Trained::new);
  }

  private Behavior<Command> onTrained(Trained t) {
    training = false;
    if (t.failure() != null) {
      s.done().completeExceptionally(t.failure());
      return Behaviors.stopped();
    }
    boolean resumed = published == 0 && t.version().number() > 1;
    current = t.version();
    if (resumed) {
      // started again on the folder of a learner that stopped: its versions stand
      published = (int) current.number();
      s.log()
          .printf(
              "learner: resumed at version %d (%d of %d, %d actor episodes in the store); new"
                  + " episodes are counted from here%n",
              current.number(), published, s.versions(), s.learner().actorEpisodes().size());
    } else {
      published++;
      s.log()
          .printf(
              "learner: version %d published (%d of %d, %d actor episodes)%n",
              current.number(), published, s.versions(), s.learner().actorEpisodes().size());
    }
    nodes.keySet().forEach(this::deploy);
    return next();
  }

  private void deploy(ActorRef<ActorNodeActor.Command> node) {
    node.tell(
        new ActorNodeActor.Deploy(
            current.number(),
            current.contentHash(),
            s.learner().registry().file(current.number()).getFileName().toString(),
            s.configYaml(),
            s.overrides(),
            ctx.getSelf()));
  }

  private Behavior<Command> onNodes(NodesChanged m) {
    Set<ActorRef<ActorNodeActor.Command>> now = m.listing().getServiceInstances(ActorNodeActor.KEY);
    for (ActorRef<ActorNodeActor.Command> n : now) {
      if (!nodes.containsKey(n) && !lost.contains(n.path().address())) {
        nodes.put(n, 0L);
        s.log().println("learner: actor node " + n.path().address() + " joined");
        if (current != null) {
          deploy(n);
        }
        if (finishing) {
          n.tell(new ActorNodeActor.Finish()); // after shipping what it recorded before
        }
      }
    }
    for (ActorRef<ActorNodeActor.Command> n : List.copyOf(nodes.keySet())) {
      if (!now.contains(n)) {
        gone(n, "left");
      }
    }
    return next();
  }

  private Behavior<Command> onLost(Address address) {
    lost.add(address);
    for (ActorRef<ActorNodeActor.Command> n : List.copyOf(nodes.keySet())) {
      if (n.path().address().equals(address)) {
        gone(n, "unreachable");
      }
    }
    return next();
  }

  /** A node gone: what it was shipping is dropped (it ships it again when it comes back). */
  private void gone(ActorRef<ActorNodeActor.Command> n, String how) {
    nodes.remove(n);
    boolean wasFinished = finished.remove(n);
    queue.removeIf(q -> q.node().equals(n));
    if (active != null && active.node().equals(n)) {
      active = null;
    }
    s.log().println("learner: actor node " + n.path().address() + " " + how);
    if (finishing && !wasFinished && finishedNodes < s.actors()) {
      s.log()
          .printf(
              "learner: it had not finished; %d of %d actors finished, waiting for the rest"
                  + " (start it again on its --work folder)%n",
              finishedNodes, s.actors());
    }
  }

  private Behavior<Command> onRunning(Running r) {
    if (nodes.containsKey(r.node())) {
      nodes.put(r.node(), r.version());
      s.log().printf("learner: actor %s runs version %d%n", r.actor(), r.version());
    }
    return next();
  }

  private Behavior<Command> onShip(Ship m) {
    if (nodes.containsKey(m.node())) {
      queue.add(m);
    }
    return next();
  }

  private Behavior<Command> onChunk(Transfer.Chunk c) {
    if (active == null || !c.file().equals(active.file())) {
      return this; // from a node given up on
    }
    Ship ship = active;
    Path zip = s.transfers().resolve(ship.file());
    try {
      received = Transfer.receive(c, zip, received);
      if (!c.last()) {
        ship.node().tell(new Transfer.FetchChunk(ship.file(), received, ctx.getSelf().narrow()));
        return this;
      }
      int copied = importShipment(zip);
      newEpisodes += copied;
      s.log()
          .printf(
              "learner: imported %d of %d episodes from %s (%d already held)%n",
              copied, ship.episodes(), ship.node().path().address(), ship.episodes() - copied);
      ship.node().tell(new ActorNodeActor.Accepted(ship.file()));
    } catch (RuntimeException e) {
      s.log().println("learner: shipment " + ship.file() + " unusable: " + e.getMessage());
      ship.node().tell(new ActorNodeActor.Accepted(null)); // the node ships again
    }
    active = null;
    CellFiles.deleteQuietly(zip);
    return next();
  }

  private int importShipment(Path zip) {
    Path in = zip.resolveSibling(zip.getFileName() + ".d");
    try {
      Bundle.unpack(zip, in);
      try (EpisodeStore from = EpisodeStore.openReadOnly(in.resolve(ActorNodeActor.DATA))) {
        return EpisodeTransfer.copy(from, s.learner().store(), tags -> true);
      }
    } finally {
      CellFiles.deleteQuietly(in);
    }
  }

  private Behavior<Command> onFetch(Transfer.FetchChunk f) {
    f.replyTo().tell(Transfer.serve(s.learner().registry().directory(), f));
    return this;
  }

  private Behavior<Command> onFinished(Finished f) {
    if (nodes.containsKey(f.node()) && finished.add(f.node())) {
      finishedNodes++;
      s.log().println("learner: actor node " + f.node().path().address() + " finished");
    }
    return next();
  }

  /** Fetches the next shipment, trains when enough is new, finishes when all is done. */
  private Behavior<Command> next() {
    if (training) {
      return this;
    }
    if (active == null && !queue.isEmpty()) {
      active = queue.poll();
      received = 0;
      active.node().tell(new Transfer.FetchChunk(active.file(), 0, ctx.getSelf().narrow()));
      return this;
    }
    if (active != null) {
      return this;
    }
    if (published < s.versions() && newEpisodes >= s.episodesPerVersion()) {
      newEpisodes = 0;
      train(false);
      return this;
    }
    long onLast = nodes.values().stream().filter(v -> v == current.number()).count();
    if (!finishing && published >= s.versions() && onLast >= s.actors()) {
      finishing = true;
      s.log().println("learner: " + onLast + " actors run the last version; finishing");
      nodes.keySet().forEach(n -> n.tell(new ActorNodeActor.Finish()));
    }
    // a node lost before it finished (counted on the last version, then killed) is waited for: the
    // actor started again on its folder joins, runs the last version and ships what it left
    if (finishing && finished.containsAll(nodes.keySet()) && finishedNodes >= s.actors()) {
      s.log()
          .printf(
              "learner: done, %d actor episodes in the store%n",
              s.learner().actorEpisodes().size());
      s.done().complete(null);
      return Behaviors.stopped();
    }
    return this;
  }

  private Behavior<Command> onStop() {
    thread.shutdownNow();
    return this;
  }
}
