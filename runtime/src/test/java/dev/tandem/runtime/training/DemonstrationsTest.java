package dev.tandem.runtime.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.SampleClass;
import dev.tandem.core.data.Step;
import dev.tandem.core.env.Environment;
import dev.tandem.core.store.DatasetSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.intervention.EpisodeTimeline;
import dev.tandem.intervention.Segmenter;
import dev.tandem.intervention.operator.SimulatedOperatorConfig;
import dev.tandem.intervention.operator.StallRule;
import dev.tandem.sim.config.ReachConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Demonstrations on the real Reach task: by the scripted expert, and by a simulated operator whose
 * systematic misjudgement shows in every action it records; both are whole demonstrations (every
 * step {@code SCRIPTED}, every sample {@code DEMO}).
 */
class DemonstrationsTest {
  @TempDir Path dir;

  /** Skill 0.5, a lateral misjudgement of 0.6 at skill 0: 0.3 on y, no noise, no bias. */
  private static SimulatedOperatorConfig halfSkilled() {
    return new SimulatedOperatorConfig(
        new StallRule(null, null),
        null,
        null,
        null,
        null,
        null,
        0.5,
        0.0,
        0.0,
        null,
        null,
        null,
        SimulatedOperatorConfig.Mistakes.SYSTEMATIC,
        List.of(0.0, 0.6, 0.0));
  }

  @Test
  void theOperatorsDemonstrationCarriesItsMistakeOnEveryStep() throws Exception {
    var task = new ReachConfig(null, 0.3, 0.05);
    SimulatedOperatorConfig operator = halfSkilled();
    try (Environment env = task.create();
        EpisodeStore store = EpisodeStore.create(dir.resolve("s"), DatasetSpec.of(env.spec()))) {
      long expert = Demonstrations.record(env, store, 42, Map.of(), Clock.systemUTC());
      long byOperator =
          Demonstrations.record(env, store, 42, Map.of(), Clock.systemUTC(), operator);

      List<Step> e = store.readEpisode(expert).steps();
      List<Step> o = store.readEpisode(byOperator).steps();
      // same reset: the first observation is the same, the operator's action is the expert's
      // plus 0.3 on y (clipped to the action range)
      assertThat(o.get(0).observation().state()).containsExactly(e.get(0).observation().state());
      float[] want = e.get(0).proposed().values().clone();
      want[1] += 0.3f;
      float[] clipped = env.spec().action().clip(want);
      assertThat(o.get(0).proposed().values()).containsExactly(clipped);
      assertThat(Arrays.equals(o.get(0).proposed().values(), e.get(0).proposed().values()))
          .isFalse();

      for (long id : List.of(expert, byOperator)) {
        var episode = store.readEpisode(id);
        assertThat(episode.steps()).extracting(Step::source).containsOnly(ControlSource.SCRIPTED);
        SampleClass[] classes = Segmenter.defaults().classify(EpisodeTimeline.of(episode));
        assertThat(classes).containsOnly(SampleClass.DEMO);
      }
      assertThat(store.episode(byOperator).orElseThrow().meta().orElseThrow().operator())
          .isEqualTo("simulated operator (skill 0.5, systematic mistakes)")
          .isEqualTo(Demonstrations.describe(operator));
      assertThat(store.episode(expert).orElseThrow().meta().orElseThrow().operator())
          .isEqualTo("scripted expert");
    }
  }

  @Test
  void demonstrationsPassTheSafetyFilterAndRecordWhatTheRobotCanDo() throws Exception {
    var task = new ReachConfig(null, 0.3, 0.05);
    try (Environment env = task.create();
        EpisodeStore store = EpisodeStore.create(dir.resolve("f"), DatasetSpec.of(env.spec()))) {
      var spec = env.spec();
      double limit =
          spec.robot().cartesianLimits().maxLinearSpeed()
              / spec.controlRateHz()
              / spec.eeStepMeters();
      boolean anyAtTheLimit = false;
      for (long seed = 0; seed < 5; seed++) {
        long id = Demonstrations.record(env, store, seed, Map.of(), Clock.systemUTC());
        for (Step st : store.readEpisode(id).steps()) {
          float[] a = st.applied().values();
          double length = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
          assertThat(length).isLessThanOrEqualTo(limit + 1e-5);
          float[] p = st.proposed().values();
          if (Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]) > limit + 1e-5) {
            anyAtTheLimit = true; // the expert asked for more than the robot can do
          }
        }
      }
      assertThat(anyAtTheLimit).as("some expert step asks for more than the limit").isTrue();
    }
  }
}
