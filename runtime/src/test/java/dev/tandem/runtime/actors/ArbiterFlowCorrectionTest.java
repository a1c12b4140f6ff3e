package dev.tandem.runtime.actors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.LanguageEvent;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.Step;
import dev.tandem.core.env.EnvState;
import dev.tandem.core.env.Environment;
import dev.tandem.core.env.Transition;
import dev.tandem.core.policy.Policy;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.core.spec.JointSpec;
import dev.tandem.core.spec.RobotSpec;
import dev.tandem.intervention.language.Flow;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Flow corrections in the arbiter: slower / faster scale the motion part of the applied action for
 * the correction's horizon, stop holds position (gripper as it is) until "continue" or a takeover,
 * and every correction's text stays on the timeline. Messages are serialized on the way.
 */
class ArbiterFlowCorrectionTest {
  static final ActorTestKit kit =
      ActorTestKit.create(
          com.typesafe.config.ConfigFactory.parseString("pekko.actor.serialize-messages = on")
              .withFallback(com.typesafe.config.ConfigFactory.load()));

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  /** A slider with a gripper command: action (dx, gripper) in [-1, 1], never done early. */
  static final class Slider implements Environment {
    static final EnvironmentSpec SPEC =
        new EnvironmentSpec(
            "test/Slider",
            new RobotSpec(
                "slider",
                List.of(new JointSpec("x", JointSpec.JointType.PRISMATIC, -100, 100, 1, 1)),
                "tip",
                Optional.empty(),
                new RobotSpec.CartesianLimits(
                    1, new double[] {-100, -1, -1}, new double[] {100, 1, 1})),
            List.of(FeatureSpec.vector(FeatureSpec.STATE, 1, "m", List.of("x"))),
            new ActionSpec(
                ActionSpec.ActionMode.EE_DELTA,
                List.of("dx", "gripper"),
                new double[] {-1, -1},
                new double[] {1, 1}),
            20,
            200,
            Map.of());

    private double x;
    private int steps;

    @Override
    public EnvironmentSpec spec() {
      return SPEC;
    }

    @Override
    public Observation reset(long seed) {
      x = 0;
      steps = 0;
      return Observation.of(new float[] {0f});
    }

    @Override
    public Transition step(Action action) {
      float[] a = SPEC.action().clip(action.values());
      x += a[0];
      steps++;
      boolean timeUp = steps >= SPEC.maxEpisodeSteps();
      return new Transition(
          new Action(a),
          Observation.of(new float[] {(float) x}),
          -1,
          false,
          timeUp,
          false,
          timeUp ? Optional.of(EndReason.TIME_LIMIT) : Optional.empty(),
          "");
    }

    @Override
    public EnvState state() {
      return new EnvState(SPEC.name(), ByteBuffer.allocate(12).putDouble(x).putInt(steps).array());
    }

    @Override
    public void restore(EnvState state) {
      ByteBuffer b = ByteBuffer.wrap(state.data());
      x = b.getDouble();
      steps = b.getInt();
    }

    @Override
    public void close() {}
  }

  static Policy constant(float dx, float gripper) {
    return new Policy() {
      @Override
      public PolicyVersion version() {
        return new PolicyVersion(1, "abcd");
      }

      @Override
      public Action act(Observation observation) {
        return Action.of(dx, gripper);
      }
    };
  }

  private record Rig(
      ActorRef<ArbiterActor.Command> arbiter,
      TestProbe<RecorderActor.Command> recorder,
      TestProbe<ArbiterActor.EpisodeDone> done) {

    Step tick() {
      arbiter.tell(new ArbiterActor.Tick());
      while (true) {
        RecorderActor.Command c = recorder.receiveMessage(Duration.ofSeconds(5));
        if (c instanceof RecorderActor.Record r) {
          return r.step();
        }
      }
    }

    List<Step> ticks(int n) {
      List<Step> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        out.add(tick());
      }
      return out;
    }

    void say(String text, double speed, Flow flow, int horizon) {
      arbiter.tell(
          new ArbiterActor.Correct(
              text, "understood: " + text, true, Action.of(0f, 0f), horizon, speed, flow));
    }
  }

  private static int counter;

  private Rig start(Policy policy) {
    String name = "flow" + (counter++);
    var env =
        kit.spawn(
            EnvironmentActor.create(Slider::new),
            name + "-env",
            DispatcherSelector.fromConfig("tandem.environment-dispatcher"));
    var pol = kit.spawn(PolicyActor.create(policy), name + "-policy");
    TestProbe<RecorderActor.Command> recorder = kit.createTestProbe();
    var wiring =
        new ArbiterActor.Wiring(
            name, Slider.SPEC, env, pol, Optional.empty(), recorder.getRef(), "test", false);
    var arbiter = kit.spawn(ArbiterActor.create(wiring, Clock.systemUTC()), name);
    Rig r = new Rig(arbiter, recorder, kit.createTestProbe());
    arbiter.tell(new ArbiterActor.RunEpisode(0, Map.of(), r.done().getRef()));
    recorder.expectMessageClass(RecorderActor.Begin.class, Duration.ofSeconds(5));
    return r;
  }

  @Test
  void slowerScalesTheMotionButNotTheGripperForTheHorizon() {
    Rig r = start(constant(0.5f, -1f));
    r.tick();
    r.say("a bit slower", 0.5, Flow.NONE, 3);
    List<Step> s = r.ticks(4);
    assertThat(s)
        .extracting(Step::source)
        .containsExactly(
            ControlSource.CORRECTED,
            ControlSource.CORRECTED,
            ControlSource.CORRECTED,
            ControlSource.POLICY);
    for (int i = 0; i < 3; i++) {
      assertThat(s.get(i).applied()).isEqualTo(Action.of(0.25f, -1f));
      assertThat(s.get(i).proposed()).isEqualTo(Action.of(0.5f, -1f));
      assertThat(s.get(i).interventionId()).isEqualTo(0);
    }
    assertThat(s.get(3).applied()).isEqualTo(Action.of(0.5f, -1f));
    assertThat(s.get(3).interventionId()).isEqualTo(Step.NO_INTERVENTION);
    assertThat(s.get(0).language())
        .singleElement()
        .satisfies(e -> assertThat(e.text()).isEqualTo("a bit slower"));
  }

  @Test
  void fasterIsBoundedAndContinueEndsItEarly() {
    Rig r = start(constant(0.25f, 0f));
    r.say("much faster", 5.0, Flow.NONE, 10);
    Step fast = r.tick();
    assertThat(fast.source()).isEqualTo(ControlSource.CORRECTED);
    assertThat(fast.applied().get(0))
        .isEqualTo((float) (0.25 * ArbiterActor.MAX_SPEED_FACTOR)); // clamped from 5x
    r.say("keep going", 1.0, Flow.CONTINUE, 20);
    Step after = r.tick();
    assertThat(after.source()).isEqualTo(ControlSource.POLICY);
    assertThat(after.applied()).isEqualTo(Action.of(0.25f, 0f));
    assertThat(after.language()).extracting(LanguageEvent::text).containsExactly("keep going");
  }

  @Test
  void stopHoldsPositionPastItsHorizonUntilContinue() {
    Rig r = start(constant(0.5f, -1f));
    r.tick(); // the policy closes the gripper
    r.say("stop", 1.0, Flow.STOP, 2);
    List<Step> held = r.ticks(6); // three times the horizon
    assertThat(held)
        .allSatisfy(
            s -> {
              assertThat(s.source()).isEqualTo(ControlSource.CORRECTED);
              assertThat(s.applied()).as("no motion, gripper kept").isEqualTo(Action.of(0f, -1f));
              assertThat(s.proposed()).isEqualTo(Action.of(0.5f, -1f));
              assertThat(s.interventionId()).isEqualTo(0);
            });
    r.say("continue", 1.0, Flow.CONTINUE, 20);
    Step go = r.tick();
    assertThat(go.source()).isEqualTo(ControlSource.POLICY);
    assertThat(go.applied()).isEqualTo(Action.of(0.5f, -1f));
    assertThat(held.get(0).language()).extracting(LanguageEvent::text).containsExactly("stop");
    assertThat(go.language()).extracting(LanguageEvent::text).containsExactly("continue");
  }

  @Test
  void aTakeoverEndsAHoldAndTheHandBackReturnsToThePolicy() {
    Rig r = start(constant(0.5f, 1f));
    r.say("wait", 1.0, Flow.STOP, 2);
    assertThat(r.tick().applied().get(0)).isZero();
    r.arbiter().tell(new ArbiterActor.TakeOver("operator takeover (keyboard)"));
    r.arbiter().tell(new ArbiterActor.HumanAction(Action.of(-0.5f, 1f)));
    Step human = r.tick();
    assertThat(human.source()).isEqualTo(ControlSource.HUMAN);
    assertThat(human.applied()).isEqualTo(Action.of(-0.5f, 1f));
    assertThat(human.interventionId()).isEqualTo(1);
    r.arbiter().tell(new ArbiterActor.HandBack("deadman released (keyboard)"));
    Step back = r.tick();
    assertThat(back.source()).isEqualTo(ControlSource.POLICY);
    assertThat(back.applied()).as("no hold left over").isEqualTo(Action.of(0.5f, 1f));
  }

  @Test
  void aStopWhileAPersonDrivesIsOnlyRecorded() {
    Rig r = start(constant(0.5f, 0f));
    r.arbiter().tell(new ArbiterActor.TakeOver("operator takeover (keyboard)"));
    r.arbiter().tell(new ArbiterActor.HumanAction(Action.of(0.3f, 0f)));
    r.say("stop", 1.0, Flow.STOP, 2);
    Step s = r.tick();
    assertThat(s.source()).isEqualTo(ControlSource.HUMAN);
    assertThat(s.applied()).isEqualTo(Action.of(0.3f, 0f));
    assertThat(s.language()).extracting(LanguageEvent::text).containsExactly("stop");
  }

  @Test
  void aNotUnderstoodCorrectionIsKeptOnTheTimelineAndChangesNothing() {
    Rig r = start(constant(0.5f, 0f));
    r.arbiter()
        .tell(
            new ArbiterActor.Correct(
                "banana",
                "did not understand 'banana'; try e.g. 'a bit to the left'",
                false,
                Action.of(0f, 0f),
                1));
    Step s = r.tick();
    assertThat(s.source()).isEqualTo(ControlSource.POLICY);
    assertThat(s.applied()).isEqualTo(Action.of(0.5f, 0f));
    assertThat(s.language())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.understood()).isFalse();
              assertThat(e.interpretation()).contains("try e.g.");
            });
  }

  @Test
  void endEpisodeStopsAfterTheStepInFlightAsAnOperatorStop() {
    Rig r = start(constant(0.5f, 0f));
    r.ticks(2);
    r.arbiter().tell(new ArbiterActor.Tick());
    r.arbiter().tell(new ArbiterActor.EndEpisode("operator closed the viewer"));
    List<RecorderActor.Command> rest = new ArrayList<>();
    while (rest.isEmpty() || !(rest.get(rest.size() - 1) instanceof RecorderActor.End)) {
      rest.add(r.recorder().receiveMessage(Duration.ofSeconds(5)));
    }
    assertThat(rest.get(0)).isInstanceOf(RecorderActor.Record.class);
    RecorderActor.End end = (RecorderActor.End) rest.get(rest.size() - 1);
    assertThat(end.outcome().reason()).isEqualTo(EndReason.OPERATOR_STOP);
    ArbiterActor.EpisodeDone done = r.done().receiveMessage(Duration.ofSeconds(5));
    assertThat(done.steps()).isEqualTo(3);
    assertThat(done.outcome().detail()).isEqualTo("operator closed the viewer");
  }
}
