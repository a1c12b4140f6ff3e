package dev.tandem.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.FeatureSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Environment}, written once and run against every implementation: extend
 * it, implement {@link #createEnvironment()}, and every test below runs on your environment.
 * Implementations that cannot snapshot (a real robot) return false from {@code supportsRestore()}
 * and the replay tests check that they refuse clearly instead.
 */
public abstract class EnvironmentConformanceSuite {

  /** A fresh environment; the suite closes it. */
  protected abstract Environment createEnvironment();

  /** Tolerance for "same trajectory" after restoring a mid-episode snapshot. */
  protected double restoreTolerance() {
    return 1e-4;
  }

  /** Steps to run in the trajectory tests (kept short so the suite stays fast). */
  protected int trajectorySteps() {
    return 30;
  }

  protected Environment env;

  @BeforeEach
  void open() {
    env = createEnvironment();
  }

  @AfterEach
  void closeEnv() {
    if (env != null) {
      env.close();
    }
  }

  private List<Action> randomActions(long seed, int n) {
    ActionSpec a = env.spec().action();
    SplittableRandom rng = new SplittableRandom(seed);
    List<Action> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] v = new float[a.dim()];
      for (int j = 0; j < v.length; j++) {
        v[j] = (float) (a.low()[j] + rng.nextDouble() * (a.high()[j] - a.low()[j]));
      }
      out.add(new Action(v));
    }
    return out;
  }

  private List<float[]> rollout(List<Action> actions) {
    List<float[]> states = new ArrayList<>();
    for (Action a : actions) {
      Transition t = env.step(a);
      states.add(t.observation().state());
      if (t.done()) {
        break;
      }
    }
    return states;
  }

  @Test
  void specIsConsistent() {
    EnvironmentSpec spec = env.spec();
    assertThat(spec.name()).isNotBlank();
    assertThat(spec.action().dim()).isPositive();
    assertThat(spec.stateSize()).isPositive();
    assertThat(env.spec()).isEqualTo(spec);
  }

  @Test
  void resetObservationMatchesSpec() {
    Observation o = env.reset(1);
    EnvironmentSpec spec = env.spec();
    assertThat(o.state()).hasSize(spec.stateSize());
    for (float v : o.state()) {
      assertThat(Float.isFinite(v)).as("state values are finite").isTrue();
    }
    for (String camera : spec.cameras()) {
      FeatureSpec f = spec.feature(FeatureSpec.IMAGES_PREFIX + camera);
      assertThat(o.image(camera).pixels()).hasSize(f.size());
    }
  }

  @Test
  void sameSeedSameInitialObservation() {
    float[] a = env.reset(42).state();
    env.reset(7);
    float[] b = env.reset(42).state();
    assertThat(b).containsExactly(a);
  }

  @Test
  void differentSeedsGiveDifferentEpisodes() {
    float[] a = env.reset(1).state();
    boolean differs = false;
    for (long seed = 2; seed < 6 && !differs; seed++) {
      differs = !Arrays.equals(a, env.reset(seed).state());
    }
    assertThat(differs).as("initial states vary with the seed").isTrue();
  }

  @Test
  void stepReturnsAppliedActionWithinBounds() {
    env.reset(3);
    ActionSpec spec = env.spec().action();
    float[] huge = new float[spec.dim()];
    Arrays.fill(huge, 1e6f);
    Transition t = env.step(new Action(huge));
    assertThat(t.applied().values()).hasSize(spec.dim());
    for (int i = 0; i < spec.dim(); i++) {
      assertThat((double) t.applied().get(i)).isBetween(spec.low()[i], spec.high()[i]);
    }
    assertThat(t.observation().state()).hasSize(env.spec().stateSize());
  }

  @Test
  void nanActionDoesNotCorruptState() {
    env.reset(4);
    float[] nan = new float[env.spec().action().dim()];
    Arrays.fill(nan, Float.NaN);
    Transition t = env.step(new Action(nan));
    for (float v : t.observation().state()) {
      assertThat(Float.isFinite(v)).as("state stays finite after a NaN action").isTrue();
    }
  }

  @Test
  void wrongActionSizeIsRejectedClearly() {
    env.reset(5);
    int dim = env.spec().action().dim();
    assertThatThrownBy(() -> env.step(new Action(new float[dim + 1])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(dim));
  }

  @Test
  void episodeEndsWithinStepLimitWithReason() {
    env.reset(6);
    int limit = env.spec().maxEpisodeSteps();
    Transition last = null;
    for (int i = 0; i < limit; i++) {
      last = env.step(Action.zeros(env.spec().action().dim()));
      if (last.done()) {
        break;
      }
    }
    assertThat(last).isNotNull();
    assertThat(last.done()).as("episode ends by the step limit").isTrue();
    assertThat(last.endReason()).isPresent();
  }

  @Test
  void sameSeedAndActionsGiveSameTrajectory() {
    List<Action> actions = randomActions(11, trajectorySteps());
    env.reset(9);
    List<float[]> first = rollout(actions);
    env.reset(9);
    List<float[]> second = rollout(actions);
    assertThat(second).hasSameSizeAs(first);
    for (int i = 0; i < first.size(); i++) {
      assertThat(second.get(i)).as("step %d", i).containsExactly(first.get(i));
    }
  }

  @Test
  void replayFromRecordedInitialStateIsExact() {
    if (!env.supportsRestore()) {
      assertThatThrownBy(() -> env.state()).isInstanceOf(UnsupportedOperationException.class);
      return;
    }
    env.reset(12);
    EnvState initial = env.state();
    List<Action> actions = randomActions(13, trajectorySteps());
    List<float[]> original = rollout(actions);
    env.reset(99);
    env.restore(initial);
    List<float[]> replay = rollout(actions);
    assertThat(replay).hasSameSizeAs(original);
    for (int i = 0; i < original.size(); i++) {
      assertThat(replay.get(i)).as("step %d", i).containsExactly(original.get(i));
    }
  }

  @Test
  void midEpisodeSnapshotReplaysWithinTolerance() {
    if (!env.supportsRestore()) {
      return;
    }
    env.reset(14);
    List<Action> actions = randomActions(15, trajectorySteps());
    int half = actions.size() / 2;
    rollout(actions.subList(0, half));
    EnvState mid = env.state();
    List<float[]> original = rollout(actions.subList(half, actions.size()));
    env.reset(77);
    env.restore(mid);
    List<float[]> replay = rollout(actions.subList(half, actions.size()));
    assertThat(replay).hasSameSizeAs(original);
    for (int i = 0; i < original.size(); i++) {
      float[] a = original.get(i);
      float[] b = replay.get(i);
      for (int j = 0; j < a.length; j++) {
        assertThat((double) b[j])
            .as("step %d element %d", i, j)
            .isCloseTo(a[j], org.assertj.core.data.Offset.offset(restoreTolerance()));
      }
    }
  }

  @Test
  void restoringForeignStateIsRefused() {
    if (!env.supportsRestore()) {
      return;
    }
    env.reset(16);
    assertThatThrownBy(() -> env.restore(new EnvState("not-" + env.spec().name(), new byte[8])))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oracleProgressIsInUnitRange() {
    env.reset(17);
    env.oracle()
        .ifPresent(
            o -> {
              assertThat(o.progress()).isBetween(0.0, 1.0);
              Action expert = o.expertAction();
              assertThat(expert.dim()).isEqualTo(env.spec().action().dim());
              assertThat(o.actionValue(expert))
                  .isGreaterThanOrEqualTo(o.actionValue(Action.zeros(expert.dim())) - 1e-9);
            });
  }
}
