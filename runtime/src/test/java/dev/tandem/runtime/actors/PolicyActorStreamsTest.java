package dev.tandem.runtime.actors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.Observation;
import dev.tandem.core.policy.Policy;
import dev.tandem.core.policy.PolicyVersion;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The policy actor gives every arbiter its own stream of the policy (its action chunks) and resets
 * that stream, and only that one, when its episode starts or control returns to the policy. The
 * policy is a fake at the lowest layer: each stream answers with the number of steps since it was
 * last reset, so a reset shows as the count starting again at 1. The "arbiters" are real actors
 * that, like {@link ArbiterActor}, ask through two message adapters (one for proposals, one for the
 * serving answer): the stream is found by the adapter reference, which Pekko shares among an
 * actor's adapters.
 */
class PolicyActorStreamsTest {
  private static final ActorTestKit kit = ActorTestKit.create();
  private static final Observation OBS = Observation.of(new float[] {0f});

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  /** Counts the steps of an episode. */
  private static final class Counting implements Policy {
    private final PolicyVersion version;
    private int steps;

    Counting(PolicyVersion version) {
      this.version = version;
    }

    @Override
    public PolicyVersion version() {
      return version;
    }

    @Override
    public Action act(Observation observation) {
      return new Action(new float[] {++steps});
    }

    @Override
    public void reset() {
      steps = 0;
    }

    @Override
    public Policy stream() {
      return new Counting(version);
    }
  }

  /** What a test tells an arbiter-like driver to send to the policy actor. */
  private sealed interface Drive {}

  private record Step(ControlSource previous) implements Drive {}

  private record NewEpisode() implements Drive {}

  private record Got(Object message) implements Drive {}

  /** Asks like the arbiter: proposals and the serving answer through two message adapters. */
  private static Behavior<Drive> driver(
      ActorRef<PolicyActor.Command> policy, ActorRef<Object> out) {
    return Behaviors.setup(
        ctx -> {
          ActorRef<PolicyActor.Proposal> proposals =
              ctx.messageAdapter(PolicyActor.Proposal.class, Got::new);
          ActorRef<PolicyActor.Serving> serving =
              ctx.messageAdapter(PolicyActor.Serving.class, Got::new);
          return Behaviors.receive(Drive.class)
              .onMessage(
                  Step.class,
                  s -> {
                    policy.tell(new PolicyActor.Act(OBS, s.previous(), proposals));
                    return Behaviors.same();
                  })
              .onMessage(
                  NewEpisode.class,
                  s -> {
                    policy.tell(new PolicyActor.ResetEpisode(serving));
                    return Behaviors.same();
                  })
              .onMessage(
                  Got.class,
                  g -> {
                    out.tell(g.message());
                    return Behaviors.same();
                  })
              .build();
        });
  }

  private static float step(ActorRef<Drive> arbiter, TestProbe<Object> out, ControlSource prev) {
    arbiter.tell(new Step(prev));
    PolicyActor.Proposal p =
        out.expectMessageClass(PolicyActor.Proposal.class, Duration.ofSeconds(5));
    assertThat(p.ok()).as(p.error()).isTrue();
    return p.action().values()[0];
  }

  private static void newEpisode(ActorRef<Drive> arbiter, TestProbe<Object> out) {
    arbiter.tell(new NewEpisode());
    out.expectMessageClass(PolicyActor.Serving.class, Duration.ofSeconds(5));
  }

  @Test
  void eachArbiterHasItsOwnStreamResetByItsEpisodeStartAndByControlReturning() {
    var policy = kit.spawn(PolicyActor.create(new Counting(new PolicyVersion(1, "a"))));
    TestProbe<Object> outA = kit.createTestProbe();
    TestProbe<Object> outB = kit.createTestProbe();
    ActorRef<Drive> a = kit.spawn(driver(policy, outA.getRef()));
    ActorRef<Drive> b = kit.spawn(driver(policy, outB.getRef()));

    newEpisode(a, outA);
    newEpisode(b, outB);
    assertThat(step(a, outA, null)).isEqualTo(1f);
    assertThat(step(a, outA, ControlSource.POLICY)).isEqualTo(2f);
    assertThat(step(b, outB, null)).isEqualTo(1f);
    assertThat(step(a, outA, ControlSource.POLICY)).isEqualTo(3f);

    // B's episode start resets B only
    newEpisode(b, outB);
    assertThat(step(b, outB, ControlSource.POLICY)).isEqualTo(1f);
    assertThat(step(a, outA, ControlSource.POLICY)).isEqualTo(4f);

    // a language correction keeps A's stream; a takeover's steps reset it every tick
    assertThat(step(a, outA, ControlSource.CORRECTED)).isEqualTo(5f);
    assertThat(step(a, outA, ControlSource.HUMAN)).isEqualTo(1f);
    assertThat(step(a, outA, ControlSource.HUMAN)).isEqualTo(1f);
    // control returned: the stream starts from the step after the takeover
    assertThat(step(a, outA, ControlSource.POLICY)).isEqualTo(2f);
    assertThat(step(b, outB, ControlSource.POLICY)).isEqualTo(2f);

    // a swap starts every stream afresh, with the new version
    TestProbe<PolicyActor.Swapped> swapped = kit.createTestProbe();
    policy.tell(new PolicyActor.Swap(new Counting(new PolicyVersion(2, "b")), swapped.getRef()));
    assertThat(swapped.receiveMessage(Duration.ofSeconds(5)).ok()).isTrue();
    assertThat(step(a, outA, ControlSource.POLICY)).isEqualTo(1f);
    assertThat(step(b, outB, ControlSource.POLICY)).isEqualTo(1f);
    kit.stop(a);
    kit.stop(b);
    kit.stop(policy);
  }
}
