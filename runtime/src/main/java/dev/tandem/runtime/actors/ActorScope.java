package dev.tandem.runtime.actors;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The actors of one piece of work in a longer-lived actor system (an experiment's task and seed in
 * the run's one system): spawned under one parent actor, so {@link #close()} stops them all, the
 * children before the parent (a recorder has flushed its store when close returns).
 */
public final class ActorScope implements AutoCloseable {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private sealed interface Command permits Spawn, Stop {}

  private record Spawn<T>(
      Behavior<T> behavior, String name, Props props, ActorRef<ActorRef<T>> replyTo)
      implements Command {}

  private record Stop(CompletableFuture<Void> stopped) implements Command {}

  private final ActorSystem<?> system;
  private final ActorRef<Command> parent;

  private ActorScope(ActorSystem<?> system, ActorRef<Command> parent) {
    this.system = system;
    this.parent = parent;
  }

  /**
   * A new scope named {@code name} (unique among the system's scopes) under the system's guardian.
   */
  public static ActorScope open(ActorSystem<SpawnProtocol.Command> system, String name) {
    return new ActorScope(system, RolloutPool.spawnIn(system, parent(), name, null));
  }

  private static Behavior<Command> parent() {
    return Behaviors.setup(
        ctx ->
            Behaviors.receive(Command.class)
                .onMessage(Stop.class, s -> Behaviors.stopped(() -> s.stopped().complete(null)))
                .onMessage(Spawn.class, s -> onSpawn(ctx, s))
                .build());
  }

  private static <T> Behavior<Command> onSpawn(
      org.apache.pekko.actor.typed.javadsl.ActorContext<Command> ctx, Spawn<T> s) {
    s.replyTo().tell(ctx.spawn(s.behavior(), s.name(), s.props()));
    return Behaviors.same();
  }

  /** Spawns {@code behavior} in this scope, on {@code dispatcher} ({@code null}: the default). */
  public <T> ActorRef<T> spawn(Behavior<T> behavior, String name, String dispatcher) {
    Props props = dispatcher == null ? Props.empty() : DispatcherSelector.fromConfig(dispatcher);
    return AskPattern.<Command, ActorRef<T>>ask(
            parent,
            replyTo -> new Spawn<>(behavior, name, props, replyTo),
            ASK_TIMEOUT,
            system.scheduler())
        .toCompletableFuture()
        .join();
  }

  public Scheduler scheduler() {
    return system.scheduler();
  }

  /** Stops every actor of the scope and waits until they have stopped. */
  @Override
  public void close() {
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    // a terminated system (a cluster node downed under a running cell) has stopped every actor
    // already and takes no more messages: nothing to wait for
    system.getWhenTerminated().toCompletableFuture().thenRun(() -> stopped.complete(null));
    parent.tell(new Stop(stopped));
    stopped.orTimeout(STOP_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join();
  }
}
