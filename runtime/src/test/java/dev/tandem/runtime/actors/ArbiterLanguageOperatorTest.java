package dev.tandem.runtime.actors;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.tandem.core.data.Action;
import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.LanguageEvent;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.Step;
import dev.tandem.core.policy.Policy;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.intervention.operator.SimulatedOperatorConfig;
import dev.tandem.intervention.operator.StallRule;
import dev.tandem.sim.config.ReachConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A simulated operator that speaks corrections, on a real Reach task (Bullet): a stuck policy gets
 * a language correction first (steps labelled CORRECTED, the text on the timeline), and with {@code
 * corrections: both} the operator takes over when the correction did not help.
 */
class ArbiterLanguageOperatorTest {
  static final ActorTestKit kit =
      ActorTestKit.create(
          ConfigFactory.parseString("pekko.actor.serialize-messages = on")
              .withFallback(ConfigFactory.load()));

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  private static int counter;

  /** Always proposes standing still. */
  private static Policy stuck(int dim) {
    return new Policy() {
      @Override
      public PolicyVersion version() {
        return new PolicyVersion(1, "stuck");
      }

      @Override
      public Action act(Observation observation) {
        return Action.zeros(dim);
      }
    };
  }

  private List<Step> episode(String channel) {
    String name = "lang" + (counter++);
    ReachConfig task = ReachConfig.defaults();
    EnvironmentSpec spec;
    try (var probe = task.create()) {
      spec = probe.spec();
    }
    var env =
        kit.spawn(
            EnvironmentActor.create(task::create),
            name + "-env",
            DispatcherSelector.fromConfig("tandem.environment-dispatcher"));
    var policy = kit.spawn(PolicyActor.create(stuck(spec.action().dim())), name + "-policy");
    var operatorConfig =
        new SimulatedOperatorConfig(
            new StallRule(4, 0.01),
            1,
            null,
            3,
            0,
            null,
            null,
            null,
            null,
            SimulatedOperatorConfig.Corrections.of(channel),
            6,
            20,
            null,
            null);
    var operator =
        kit.spawn(OperatorActor.create("sim", operatorConfig, spec.action()), name + "-op");
    TestProbe<RecorderActor.Command> recorder = kit.createTestProbe();
    var arbiter =
        kit.spawn(
            ArbiterActor.create(
                new ArbiterActor.Wiring(
                    name,
                    spec,
                    env,
                    policy,
                    Optional.of(operator),
                    recorder.getRef(),
                    "test",
                    true),
                Clock.systemUTC()),
            name);
    TestProbe<ArbiterActor.EpisodeDone> done = kit.createTestProbe();
    arbiter.tell(new ArbiterActor.RunEpisode(11, Map.of(), done.getRef()));
    List<Step> steps = new ArrayList<>();
    while (true) {
      RecorderActor.Command c = recorder.receiveMessage(Duration.ofSeconds(20));
      if (c instanceof RecorderActor.Record r) {
        steps.add(r.step());
      } else if (c instanceof RecorderActor.End) {
        break;
      }
    }
    done.receiveMessage(Duration.ofSeconds(5));
    return steps;
  }

  @Test
  void aSpokenCorrectionBiasesTheStuckPolicyAndIsOnTheTimeline() {
    List<Step> steps = episode("language");
    assertThat(steps).noneMatch(s -> s.source() == ControlSource.HUMAN);
    int first = firstIndex(steps, ControlSource.CORRECTED);
    assertThat(first).as("a correction was spoken").isPositive();
    assertThat(steps.get(first - 1).source()).isEqualTo(ControlSource.POLICY);
    Step corrected = steps.get(first);
    assertThat(corrected.language()).hasSize(1);
    LanguageEvent said = corrected.language().get(0);
    assertThat(said.understood()).as("'%s'", said.text()).isTrue();
    assertThat(corrected.interventionId()).isNotEqualTo(Step.NO_INTERVENTION);
    // the policy proposed zeros; the applied action is the correction's bias
    assertThat(corrected.proposed()).isEqualTo(Action.zeros(corrected.proposed().dim()));
    assertThat(corrected.applied()).isNotEqualTo(corrected.proposed());
  }

  @Test
  void bothEscalatesToATakeoverWhenTheCorrectionDidNotHelp() {
    List<Step> steps = episode("both");
    int said = firstIndex(steps, ControlSource.CORRECTED);
    int human = firstIndex(steps, ControlSource.HUMAN);
    assertThat(said).isPositive();
    assertThat(human).as("sources %s", sources(steps)).isGreaterThan(said);
    assertThat(steps.get(human).interventionId())
        .isNotEqualTo(steps.get(said).interventionId())
        .isNotEqualTo(Step.NO_INTERVENTION);
  }

  private static int firstIndex(List<Step> steps, ControlSource source) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).source() == source) {
        return i;
      }
    }
    return -1;
  }

  private static String sources(List<Step> steps) {
    StringBuilder sb = new StringBuilder();
    steps.forEach(s -> sb.append(s.source().name().charAt(0)));
    return sb.toString();
  }
}
