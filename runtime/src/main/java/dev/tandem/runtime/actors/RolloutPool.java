package dev.tandem.runtime.actors;

import dev.tandem.core.env.Environment;
import dev.tandem.core.policy.Policy;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.intervention.operator.SimulatedOperatorConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * N environments, each with its arbiter (and simulated operator, when there is one), sharing one
 * policy actor and one recorder: the rollout workers of an experiment. Episodes run self-paced (the
 * next tick as soon as the step is recorded), N at a time; each episode's result depends on its
 * seed only, not on which environment ran it.
 */
public final class RolloutPool implements AutoCloseable {
  private static int pools;

  private final ActorScope scope;
  private final List<ActorRef<ArbiterActor.Command>> arbiters = new ArrayList<>();
  private final ActorRef<PolicyActor.Command> policy;
  private final ActorRef<RecorderActor.Command> recorder;

  public RolloutPool(
      ActorScope scope,
      String name,
      EnvironmentSpec spec,
      Supplier<Environment> environments,
      int size,
      Policy initialPolicy,
      Optional<SimulatedOperatorConfig> operator,
      ActorRef<RecorderActor.Command> recorder) {
    this.scope = scope;
    this.recorder = recorder;
    String prefix = name + "-" + (pools++);
    policy =
        spawn(PolicyActor.create(initialPolicy), prefix + "-policy", "tandem.policy-dispatcher");
    for (int i = 0; i < size; i++) {
      var env =
          spawn(
              EnvironmentActor.create(environments),
              prefix + "-env" + i,
              "tandem.environment-dispatcher");
      String operatorName = prefix + "-operator" + i;
      Optional<ActorRef<OperatorActor.Command>> op =
          operator.map(
              c -> spawn(OperatorActor.create("simulated", c, spec.action()), operatorName, null));
      var wiring =
          new ArbiterActor.Wiring(
              prefix + "-arm" + i,
              spec,
              env,
              policy,
              op,
              recorder,
              operator.isPresent() ? "simulated" : "",
              true);
      arbiters.add(
          spawn(ArbiterActor.create(wiring, Clock.systemUTC()), prefix + "-arbiter" + i, null));
    }
  }

  private <T> ActorRef<T> spawn(
      org.apache.pekko.actor.typed.Behavior<T> b, String name, String dispatcher) {
    return scope.spawn(b, name, dispatcher);
  }

  /** Hands every environment's arbiter a new policy (after retraining). */
  public void swapPolicy(Policy next) {
    AskPattern.<PolicyActor.Command, PolicyActor.Swapped>ask(
            policy,
            replyTo -> new PolicyActor.Swap(next, replyTo),
            Duration.ofSeconds(30),
            scope.scheduler())
        .toCompletableFuture()
        .join();
  }

  /**
   * Runs the episodes, {@code arbiters.size()} at a time; results in request order. {@code
   * progress} is told each finished episode's index.
   */
  public List<ArbiterActor.EpisodeDone> run(
      List<EpisodeRequest> requests, Duration perEpisodeTimeout, IntConsumer progress) {
    ArbiterActor.EpisodeDone[] results = new ArbiterActor.EpisodeDone[requests.size()];
    List<CompletableFuture<Void>> running = new ArrayList<>();
    java.util.concurrent.atomic.AtomicInteger cursor =
        new java.util.concurrent.atomic.AtomicInteger();
    for (ActorRef<ArbiterActor.Command> arbiter : arbiters) {
      running.add(loop(arbiter, requests, results, cursor, perEpisodeTimeout, progress));
    }
    CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
    return List.of(results);
  }

  private CompletableFuture<Void> loop(
      ActorRef<ArbiterActor.Command> arbiter,
      List<EpisodeRequest> requests,
      ArbiterActor.EpisodeDone[] results,
      java.util.concurrent.atomic.AtomicInteger cursor,
      Duration timeout,
      IntConsumer progress) {
    int i = cursor.getAndIncrement();
    if (i >= requests.size()) {
      return CompletableFuture.completedFuture(null);
    }
    EpisodeRequest r = requests.get(i);
    return AskPattern.<ArbiterActor.Command, ArbiterActor.EpisodeDone>ask(
            arbiter,
            replyTo -> new ArbiterActor.RunEpisode(r.seed(), r.tags(), replyTo),
            timeout,
            scope.scheduler())
        .toCompletableFuture()
        .thenCompose(
            done -> {
              results[i] = done;
              progress.accept(i);
              return loop(arbiter, requests, results, cursor, timeout, progress);
            });
  }

  /** Waits until the recorder has appended everything it was sent so far. */
  public void flushRecorder() {
    AskPattern.<RecorderActor.Command, RecorderActor.Flushed>ask(
            recorder, RecorderActor.Flush::new, Duration.ofSeconds(60), scope.scheduler())
        .toCompletableFuture()
        .join();
  }

  /** Spawns a behavior under the system's guardian (the recorder, for instance). */
  public static <T> ActorRef<T> spawnIn(
      ActorSystem<SpawnProtocol.Command> system,
      org.apache.pekko.actor.typed.Behavior<T> b,
      String name,
      String dispatcher) {
    Props props = dispatcher == null ? Props.empty() : DispatcherSelector.fromConfig(dispatcher);
    return AskPattern.<SpawnProtocol.Command, ActorRef<T>>ask(
            system,
            replyTo -> new SpawnProtocol.Spawn<>(b, name, props, replyTo),
            Duration.ofSeconds(10),
            system.scheduler())
        .toCompletableFuture()
        .join();
  }

  /** The actors stop with their scope. */
  @Override
  public void close() {}
}
