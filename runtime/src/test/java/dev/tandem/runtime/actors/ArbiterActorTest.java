package dev.tandem.runtime.actors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.Step;
import dev.tandem.core.policy.Policy;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.intervention.operator.SimulatedOperatorConfig;
import dev.tandem.intervention.operator.StallRule;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ArbiterActorTest {
  /** Every message is serialized on the way (as across a cluster): proves they all can be. */
  static final ActorTestKit kit =
      ActorTestKit.create(
          com.typesafe.config.ConfigFactory.parseString("pekko.actor.serialize-messages = on")
              .withFallback(com.typesafe.config.ConfigFactory.load()));

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  /** Proposes a fixed dx forever. */
  static Policy constant(float dx) {
    return constant(dx, new PolicyVersion(3, "feedbeef"));
  }

  static Policy constant(float dx, PolicyVersion version) {
    return new Policy() {
      @Override
      public PolicyVersion version() {
        return version;
      }

      @Override
      public Action act(Observation observation) {
        return Action.of(dx);
      }
    };
  }

  private record Rig(
      ActorRef<ArbiterActor.Command> arbiter,
      ActorRef<PolicyActor.Command> policy,
      TestProbe<RecorderActor.Command> recorder,
      TestProbe<ArbiterActor.EpisodeDone> done) {

    /** Records received so far, in order, until the episode's End (inclusive) or a timeout. */
    List<Step> stepsUntilEnd() {
      List<Step> steps = new ArrayList<>();
      while (true) {
        RecorderActor.Command c = recorder.receiveMessage(java.time.Duration.ofSeconds(5));
        if (c instanceof RecorderActor.Record r) {
          steps.add(r.step());
        } else if (c instanceof RecorderActor.End) {
          return steps;
        }
      }
    }

    Step nextStep() {
      while (true) {
        RecorderActor.Command c = recorder.receiveMessage(java.time.Duration.ofSeconds(5));
        if (c instanceof RecorderActor.Record r) {
          return r.step();
        }
      }
    }
  }

  private static int counter;

  private Rig rig(
      Policy policy,
      boolean selfPaced,
      Optional<SimulatedOperatorConfig> operator,
      AtomicInteger crashAt) {
    String name = "arm" + (counter++);
    var env =
        kit.spawn(
            EnvironmentActor.create(() -> new LineEnvironment(crashAt)),
            name + "-env",
            DispatcherSelector.fromConfig("tandem.environment-dispatcher"));
    var pol = kit.spawn(PolicyActor.create(policy), name + "-policy");
    Optional<ActorRef<OperatorActor.Command>> op =
        operator.map(
            c ->
                kit.spawn(
                    OperatorActor.create("simulated", c, LineEnvironment.SPEC.action()),
                    name + "-op"));
    TestProbe<RecorderActor.Command> recorder = kit.createTestProbe();
    var wiring =
        new ArbiterActor.Wiring(
            name, LineEnvironment.SPEC, env, pol, op, recorder.getRef(), "test", selfPaced);
    var arbiter = kit.spawn(ArbiterActor.create(wiring, Clock.systemUTC()), name);
    return new Rig(arbiter, pol, recorder, kit.createTestProbe());
  }

  @Test
  void autonomousEpisodeRunsToSuccessWithEveryStepLabelled() {
    Rig r = rig(constant(1f), true, Optional.empty(), new AtomicInteger(-1));
    r.arbiter().tell(new ArbiterActor.RunEpisode(0, Map.of("round", "0"), r.done().getRef()));
    RecorderActor.Begin begin = r.recorder().expectMessageClass(RecorderActor.Begin.class);
    assertThat(begin.meta().seed()).isZero();
    assertThat(begin.meta().tags()).containsEntry("round", "0");
    List<Step> steps = r.stepsUntilEnd();
    ArbiterActor.EpisodeDone done = r.done().receiveMessage();
    assertThat(done.success()).isTrue();
    assertThat(done.outcome().reason()).isEqualTo(EndReason.SUCCESS);
    assertThat(steps).hasSize(10);
    assertThat(steps)
        .allSatisfy(
            s -> {
              assertThat(s.source()).isEqualTo(ControlSource.POLICY);
              assertThat(s.interventionId()).isEqualTo(Step.NO_INTERVENTION);
            });
    assertThat(steps).extracting(Step::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(steps.get(9).terminated()).isTrue();
  }

  @Test
  void eachEpisodeRecordsTheVersionThatServesIt() {
    Rig r = rig(constant(1f), true, Optional.empty(), new AtomicInteger(-1));
    r.arbiter().tell(new ArbiterActor.RunEpisode(0, Map.of(), r.done().getRef()));
    RecorderActor.Begin first = r.recorder().expectMessageClass(RecorderActor.Begin.class);
    r.stepsUntilEnd();
    r.done().receiveMessage();
    // a new version is deployed between episodes (as after a retraining)
    TestProbe<PolicyActor.Swapped> swapped = kit.createTestProbe();
    r.policy()
        .tell(
            new PolicyActor.Swap(constant(1f, new PolicyVersion(4, "c0ffee00")), swapped.getRef()));
    swapped.receiveMessage();
    r.arbiter().tell(new ArbiterActor.RunEpisode(1, Map.of(), r.done().getRef()));
    RecorderActor.Begin second = r.recorder().expectMessageClass(RecorderActor.Begin.class);
    r.stepsUntilEnd();
    r.done().receiveMessage();

    assertThat(first.meta().policyVersion()).isEqualTo("v3@feedbeef");
    assertThat(second.meta().policyVersion()).isEqualTo("v4@c0ffee00");
  }

  @Test
  void takeoverAndHandBackTakeEffectAtTheNextTickAndTheProposalIsKept() {
    Rig r = rig(constant(0.25f), false, Optional.empty(), new AtomicInteger(-1));
    r.arbiter().tell(new ArbiterActor.RunEpisode(0, Map.of(), r.done().getRef()));
    r.recorder().expectMessageClass(RecorderActor.Begin.class);
    List<Step> steps = new ArrayList<>();
    r.arbiter().tell(new ArbiterActor.Tick());
    steps.add(r.nextStep());
    r.arbiter().tell(new ArbiterActor.TakeOver("operator takeover (keyboard)"));
    r.arbiter().tell(new ArbiterActor.HumanAction(Action.of(-0.5f)));
    r.arbiter().tell(new ArbiterActor.Tick());
    steps.add(r.nextStep());
    r.arbiter().tell(new ArbiterActor.Tick());
    steps.add(r.nextStep());
    r.arbiter().tell(new ArbiterActor.HandBack("deadman released"));
    r.arbiter().tell(new ArbiterActor.Tick());
    steps.add(r.nextStep());
    r.arbiter().tell(new ArbiterActor.TakeOver("operator takeover (keyboard)"));
    r.arbiter().tell(new ArbiterActor.Tick());
    steps.add(r.nextStep());

    assertThat(steps)
        .extracting(Step::source)
        .containsExactly(
            ControlSource.POLICY,
            ControlSource.HUMAN,
            ControlSource.HUMAN,
            ControlSource.POLICY,
            ControlSource.HUMAN);
    assertThat(steps).extracting(Step::interventionId).containsExactly(-1, 0, 0, -1, 1);
    // the policy keeps proposing while the person drives; the applied action is the person's
    assertThat(steps.get(1).proposed()).isEqualTo(Action.of(0.25f));
    assertThat(steps.get(1).applied()).isEqualTo(Action.of(-0.5f));
    // a takeover without a command yet holds still
    assertThat(steps.get(4).applied()).isEqualTo(Action.of(0f));
  }

  @Test
  void limitsAreEnforcedOnEveryAppliedAction() {
    Rig r = rig(constant(5f), true, Optional.empty(), new AtomicInteger(-1));
    r.arbiter().tell(new ArbiterActor.RunEpisode(0, Map.of(), r.done().getRef()));
    List<Step> steps = r.stepsUntilEnd();
    assertThat(steps)
        .allSatisfy(
            s -> {
              assertThat(s.proposed()).isEqualTo(Action.of(5f));
              assertThat(s.applied()).isEqualTo(Action.of(1f));
            });
    assertThat(r.done().receiveMessage().safetyInterventions()).isEqualTo(steps.size());
  }

  @Test
  void simulatedOperatorTakesOverAStuckPolicyAndTheLabelsShowIt() {
    var op =
        new SimulatedOperatorConfig(new StallRule(3, 0.01), 1, null, 3, 0, null, null, null, null);
    Rig r = rig(constant(0f), true, Optional.of(op), new AtomicInteger(-1));
    r.arbiter().tell(new ArbiterActor.RunEpisode(0, Map.of(), r.done().getRef()));
    List<Step> steps = r.stepsUntilEnd();
    ArbiterActor.EpisodeDone done = r.done().receiveMessage();
    assertThat(done.success()).isTrue();
    // stalled from the start: decided at tick 3, reacts one tick later
    assertThat(steps.subList(0, 4)).extracting(Step::source).containsOnly(ControlSource.POLICY);
    assertThat(steps.get(4).source()).isEqualTo(ControlSource.HUMAN);
    assertThat(steps.stream().filter(s -> s.source() == ControlSource.HUMAN))
        .allSatisfy(s -> assertThat(s.interventionId()).isEqualTo(0));
    assertThat(done.interventions()).isEqualTo(1);
    assertThat(done.humanSteps()).isEqualTo(10);
  }

  @Test
  void languageCorrectionBiasesThePolicyForItsHorizon() {
    Rig r = rig(constant(0.25f), false, Optional.empty(), new AtomicInteger(-1));
    r.arbiter().tell(new ArbiterActor.RunEpisode(0, Map.of(), r.done().getRef()));
    r.recorder().expectMessageClass(RecorderActor.Begin.class);
    r.arbiter()
        .tell(
            new ArbiterActor.Correct(
                "a bit more to the right", "move +x 0.25", true, Action.of(0.25f), 2));
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      r.arbiter().tell(new ArbiterActor.Tick());
      steps.add(r.nextStep());
    }
    assertThat(steps)
        .extracting(Step::source)
        .containsExactly(ControlSource.CORRECTED, ControlSource.CORRECTED, ControlSource.POLICY);
    assertThat(steps.get(0).applied()).isEqualTo(Action.of(0.5f));
    assertThat(steps.get(0).language())
        .singleElement()
        .satisfies(e -> assertThat(e.text()).contains("right"));
    assertThat(steps.get(1).language()).isEmpty();
    assertThat(steps.get(2).applied()).isEqualTo(Action.of(0.25f));
  }

  @Test
  void crashingEnvironmentAbortsTheEpisodeAndIsRestartedForTheNext() {
    AtomicInteger crashAt = new AtomicInteger(3);
    Rig r = rig(constant(1f), true, Optional.empty(), crashAt);
    r.arbiter().tell(new ArbiterActor.RunEpisode(0, Map.of(), r.done().getRef()));
    List<Step> steps = r.stepsUntilEnd();
    ArbiterActor.EpisodeDone done = r.done().receiveMessage();
    assertThat(steps).hasSize(3);
    assertThat(done.outcome().reason()).isEqualTo(EndReason.ABORTED);
    assertThat(done.outcome().detail()).contains("simulated driver fault");
    r.arbiter().tell(new ArbiterActor.RunEpisode(1, Map.of(), r.done().getRef()));
    assertThat(r.done().receiveMessage(java.time.Duration.ofSeconds(5)).success()).isTrue();
  }

  @Test
  void aSecondRunWhileTheFirstIsStillResettingIsRefusedAndTheFirstCompletes() {
    Rig r = rig(constant(1f), true, Optional.empty(), new AtomicInteger(-1));
    TestProbe<ArbiterActor.EpisodeDone> second = kit.createTestProbe();
    r.arbiter().tell(new ArbiterActor.RunEpisode(0, Map.of(), r.done().getRef()));
    r.arbiter().tell(new ArbiterActor.RunEpisode(1, Map.of(), second.getRef()));
    ArbiterActor.EpisodeDone refused = second.receiveMessage(java.time.Duration.ofSeconds(5));
    assertThat(refused.outcome().reason()).isEqualTo(EndReason.ABORTED);
    assertThat(refused.outcome().detail()).contains("already running");
    assertThat(r.done().receiveMessage(java.time.Duration.ofSeconds(5)).success()).isTrue();
    assertThat(r.recorder().expectMessageClass(RecorderActor.Begin.class).meta().seed()).isZero();
  }

  @Test
  void aCorrectionThatArrivesDuringAPolicyStepStillCorrectsForItsWholeHorizon() {
    Rig r = rig(constant(0.25f), false, Optional.empty(), new AtomicInteger(-1));
    r.arbiter().tell(new ArbiterActor.RunEpisode(0, Map.of(), r.done().getRef()));
    r.recorder().expectMessageClass(RecorderActor.Begin.class);
    r.arbiter().tell(new ArbiterActor.Tick());
    // before or during the step above: either way it corrects exactly its horizon of steps
    r.arbiter()
        .tell(new ArbiterActor.Correct("more to the right", "move +x", true, Action.of(0.25f), 2));
    List<Step> steps = new ArrayList<>();
    steps.add(r.nextStep());
    for (int i = 0; i < 3; i++) {
      r.arbiter().tell(new ArbiterActor.Tick());
      steps.add(r.nextStep());
    }
    assertThat(steps.stream().filter(s -> s.source() == ControlSource.CORRECTED)).hasSize(2);
    assertThat(steps.get(3).source()).isEqualTo(ControlSource.POLICY);
    assertThat(steps.stream().filter(s -> s.source() == ControlSource.CORRECTED))
        .allSatisfy(s -> assertThat(s.applied()).isEqualTo(Action.of(0.5f)));
  }

  @Test
  void aTakeoverAfterACorrectionStartsAnInterventionOfItsOwn() {
    Rig r = rig(constant(0.25f), false, Optional.empty(), new AtomicInteger(-1));
    r.arbiter().tell(new ArbiterActor.RunEpisode(0, Map.of(), r.done().getRef()));
    r.recorder().expectMessageClass(RecorderActor.Begin.class);
    r.arbiter().tell(new ArbiterActor.Correct("stop", "hold", true, Action.of(0f), 1, 1.0, null));
    r.arbiter().tell(new ArbiterActor.Tick());
    List<Step> steps = new ArrayList<>();
    steps.add(r.nextStep());
    r.arbiter().tell(new ArbiterActor.TakeOver("operator takeover (keyboard)"));
    r.arbiter().tell(new ArbiterActor.Tick());
    steps.add(r.nextStep());
    assertThat(steps)
        .extracting(Step::source)
        .containsExactly(ControlSource.CORRECTED, ControlSource.HUMAN);
    assertThat(steps).extracting(Step::interventionId).containsExactly(0, 1);
  }

  @Test
  void anEmergencyStopHoldsEveryTickIgnoresTakeoversAndOnlyAResumeLetsThePolicyDriveAgain() {
    Rig r = rig(constant(0.25f), false, Optional.empty(), new AtomicInteger(-1));
    r.arbiter().tell(new ArbiterActor.RunEpisode(0, Map.of(), r.done().getRef()));
    r.recorder().expectMessageClass(RecorderActor.Begin.class);
    List<Step> steps = new ArrayList<>();
    r.arbiter().tell(new ArbiterActor.TakeOver("operator takeover (keyboard)"));
    r.arbiter().tell(new ArbiterActor.HumanAction(Action.of(-0.5f)));
    r.arbiter().tell(new ArbiterActor.Tick());
    steps.add(r.nextStep());
    r.arbiter().tell(new ArbiterActor.EmergencyStop("viewer (Space)"));
    r.arbiter().tell(new ArbiterActor.Tick());
    steps.add(r.nextStep());
    // while stopped a takeover, a command, a hand-back and a correction move nothing
    r.arbiter().tell(new ArbiterActor.TakeOver("operator takeover (keyboard)"));
    r.arbiter().tell(new ArbiterActor.HumanAction(Action.of(0.5f)));
    r.arbiter()
        .tell(new ArbiterActor.Correct("more to the right", "move +x", true, Action.of(0.5f), 3));
    r.arbiter().tell(new ArbiterActor.Tick());
    steps.add(r.nextStep());
    r.arbiter().tell(new ArbiterActor.HandBack("deadman released"));
    r.arbiter().tell(new ArbiterActor.Tick());
    steps.add(r.nextStep());
    r.arbiter().tell(new ArbiterActor.Resume("viewer (R)"));
    r.arbiter().tell(new ArbiterActor.Tick());
    steps.add(r.nextStep());

    assertThat(steps)
        .extracting(Step::source)
        .containsExactly(
            ControlSource.HUMAN,
            ControlSource.STOPPED,
            ControlSource.STOPPED,
            ControlSource.STOPPED,
            ControlSource.POLICY);
    assertThat(steps).extracting(Step::interventionId).containsExactly(0, -1, -1, -1, -1);
    assertThat(steps.subList(1, 4))
        .allSatisfy(
            s -> {
              assertThat(s.applied()).isEqualTo(Action.of(0f));
              assertThat(s.proposed()).isEqualTo(Action.of(0.25f)); // the policy keeps proposing
            });
    // the correction is on the timeline though it was not applied
    assertThat(steps.get(2).language())
        .singleElement()
        .satisfies(e -> assertThat(e.text()).contains("right"));
    assertThat(steps.get(4).applied()).isEqualTo(Action.of(0.25f));
  }

  @Test
  void anEmergencyStopOutlivesTheEpisodeAndTheNextOneStartsStopped() {
    Rig r = rig(constant(1f), false, Optional.empty(), new AtomicInteger(-1));
    r.arbiter().tell(new ArbiterActor.RunEpisode(0, Map.of(), r.done().getRef()));
    r.recorder().expectMessageClass(RecorderActor.Begin.class);
    r.arbiter().tell(new ArbiterActor.EmergencyStop("web console"));
    r.arbiter().tell(new ArbiterActor.Tick());
    assertThat(r.nextStep().source()).isEqualTo(ControlSource.STOPPED);
    r.arbiter().tell(new ArbiterActor.EndEpisode("operator ended it"));
    r.recorder().expectMessageClass(RecorderActor.End.class);
    r.done().receiveMessage(java.time.Duration.ofSeconds(5));

    r.arbiter().tell(new ArbiterActor.RunEpisode(1, Map.of(), r.done().getRef()));
    r.recorder().expectMessageClass(RecorderActor.Begin.class);
    r.arbiter().tell(new ArbiterActor.Tick());
    Step first = r.nextStep();
    assertThat(first.source()).isEqualTo(ControlSource.STOPPED);
    assertThat(first.applied()).isEqualTo(Action.of(0f));
    r.arbiter().tell(new ArbiterActor.Resume("web console"));
    r.arbiter().tell(new ArbiterActor.Tick());
    assertThat(r.nextStep().source()).isEqualTo(ControlSource.POLICY);
  }

  @Test
  void aStopLatchedBetweenEpisodesHoldsTheSimulatedOperatorToo() {
    var op =
        new SimulatedOperatorConfig(new StallRule(3, 0.01), 1, null, 3, 0, null, null, null, null);
    Rig r = rig(constant(0f), true, Optional.of(op), new AtomicInteger(-1));
    r.arbiter().tell(new ArbiterActor.EmergencyStop("operator"));
    r.arbiter().tell(new ArbiterActor.RunEpisode(0, Map.of(), r.done().getRef()));
    List<Step> steps = r.stepsUntilEnd();
    ArbiterActor.EpisodeDone done = r.done().receiveMessage();
    // a stalled policy would be taken over at tick 4: stopped, nobody drives and time runs out
    assertThat(steps)
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.source()).isEqualTo(ControlSource.STOPPED));
    assertThat(done.success()).isFalse();
    assertThat(done.interventions()).isZero();
  }
}
