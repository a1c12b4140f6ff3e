package dev.tandem.runtime.actors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/**
 * One actor system serves several pieces of work in turn (an experiment's tasks and seeds): closing
 * a scope stops its actors, and only its own, before close returns; the system goes on.
 */
class ActorScopeTest {

  /** Notes its name when it stops. */
  private static Behavior<String> noting(String name, List<String> stopped) {
    return Behaviors.receive(String.class)
        .onSignal(
            PostStop.class,
            s -> {
              stopped.add(name);
              return Behaviors.same();
            })
        .build();
  }

  @Test
  void closingAScopeStopsItsActorsAndOnlyThose() {
    ActorSystem<SpawnProtocol.Command> system =
        ActorSystem.create(SpawnProtocol.create(), "scopes");
    List<String> stopped = new CopyOnWriteArrayList<>();
    try {
      ActorScope first = ActorScope.open(system, "first");
      ActorScope second = ActorScope.open(system, "second");
      first.spawn(noting("first/a", stopped), "a", null);
      first.spawn(noting("first/b", stopped), "b", "tandem.recorder-dispatcher");
      second.spawn(noting("second/a", stopped), "a", null);

      first.close();
      assertThat(stopped).containsExactlyInAnyOrder("first/a", "first/b");

      // the system goes on: a new scope reuses the names of the stopped one's actors
      try (ActorScope third = ActorScope.open(system, "third")) {
        third.spawn(noting("third/a", stopped), "a", null);
      }
      assertThat(stopped).containsExactlyInAnyOrder("first/a", "first/b", "third/a");
      second.close();
      assertThat(stopped).contains("second/a");
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
    }
  }
}
