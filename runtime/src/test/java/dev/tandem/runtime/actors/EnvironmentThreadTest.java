package dev.tandem.runtime.actors;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import dev.tandem.core.env.EnvState;
import dev.tandem.core.env.Environment;
import dev.tandem.core.env.Transition;
import dev.tandem.core.spec.EnvironmentSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Bullet spaces (and GL contexts) belong to the thread that created them. An environment actor that
 * sits idle (the evaluation pool while a policy trains) must get the same thread back: the pinned
 * dispatcher must not retire an idle actor's thread. The keep-alive is shortened here so that a
 * retiring thread would show within the test.
 */
class EnvironmentThreadTest {
  static final ActorTestKit kit =
      ActorTestKit.create(
          ConfigFactory.parseString(
                  "tandem.environment-dispatcher.thread-pool-executor.keep-alive-time = 50ms")
              .withFallback(ConfigFactory.load()));

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  @Test
  void anIdleEnvironmentKeepsItsThread() throws Exception {
    List<Thread> threads = new CopyOnWriteArrayList<>();
    var env =
        kit.spawn(
            EnvironmentActor.create(() -> new ThreadRecording(threads)),
            "env",
            DispatcherSelector.fromConfig("tandem.environment-dispatcher"));
    TestProbe<EnvironmentActor.Reply> replies = kit.createTestProbe();
    env.tell(new EnvironmentActor.Reset(1, replies.getRef()));
    replies.expectMessageClass(EnvironmentActor.Ready.class, Duration.ofSeconds(5));
    Thread.sleep(600); // well past the keep-alive
    env.tell(new EnvironmentActor.StepEnv(Action.of(0.5f), replies.getRef()));
    replies.expectMessageClass(EnvironmentActor.Stepped.class, Duration.ofSeconds(5));
    assertThat(threads).hasSizeGreaterThanOrEqualTo(3); // created, reset, step
    assertThat(threads).allSatisfy(t -> assertThat(t).isSameAs(threads.get(0)));
  }

  /** Delegates to the line environment, remembering the thread of every call. */
  private static final class ThreadRecording implements Environment {
    private final LineEnvironment line = new LineEnvironment(new AtomicInteger(-1));
    private final List<Thread> threads;

    ThreadRecording(List<Thread> threads) {
      this.threads = threads;
      threads.add(Thread.currentThread());
    }

    @Override
    public EnvironmentSpec spec() {
      return line.spec();
    }

    @Override
    public Observation reset(long seed) {
      threads.add(Thread.currentThread());
      return line.reset(seed);
    }

    @Override
    public Transition step(Action action) {
      threads.add(Thread.currentThread());
      return line.step(action);
    }

    @Override
    public EnvState state() {
      return line.state();
    }

    @Override
    public void restore(EnvState state) {
      line.restore(state);
    }

    @Override
    public void close() {
      line.close();
    }
  }
}
