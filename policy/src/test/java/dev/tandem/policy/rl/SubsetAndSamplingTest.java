package dev.tandem.policy.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tandem.core.data.SampleClass;
import dev.tandem.policy.data.ArraySampleView;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SubsetAndSamplingTest {

  @Test
  void subsetsHaveExactlyTheRequestedDistinctCritics() {
    SplittableRandom rng = new SplittableRandom(42);
    int[] seen = new int[10];
    for (int draw = 0; draw < 2000; draw++) {
      int[] s = SacLearner.pickSubset(rng, 10, 2);
      assertThat(s).hasSize(2);
      assertThat(s[0]).isNotEqualTo(s[1]);
      for (int e : s) {
        assertThat(e).isBetween(0, 9);
        seen[e]++;
      }
    }
    // Uniform: each critic is picked about 2000 * 2 / 10 = 400 times.
    for (int count : seen) {
      assertThat(count).isBetween(320, 480);
    }
    assertThat(SacLearner.pickSubset(new SplittableRandom(1), 10, 3))
        .containsExactly(SacLearner.pickSubset(new SplittableRandom(1), 10, 3));
    assertThat(SacLearner.pickSubset(rng, 5, 5)).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    assertThatThrownBy(() -> SacLearner.pickSubset(rng, 4, 5)).hasMessageContaining("subset size");
  }

  @Test
  void subsetMinTakesTheMinimumOverExactlyTheChosenColumns() {
    try (NDManager m = RlFixtures.runtime().newManager()) {
      // q[b][e] = (b + 1) * (10 - e): smaller for higher critic index.
      float[] q = new float[3 * 10];
      for (int b = 0; b < 3; b++) {
        for (int e = 0; e < 10; e++) {
          q[b * 10 + e] = (b + 1) * (10 - e);
        }
      }
      NDArray arr = m.create(q, new Shape(3, 10));
      assertThat(SacLearner.subsetMin(arr, new int[] {2, 5}).toFloatArray())
          .containsExactly(5f, 10f, 15f);
      assertThat(SacLearner.subsetMin(arr, new int[] {1}).toFloatArray())
          .containsExactly(9f, 18f, 27f);
      assertThat(SacLearner.subsetMin(arr, new int[] {0, 3, 9}).toFloatArray())
          .containsExactly(1f, 2f, 3f);
    }
  }

  @Test
  void targetEvaluatesOnlyTheSubsetOfTargetCritics() {
    SacConfig config = RlFixtures.small(3).withCritics(5, 3, true);
    try (SacLearner sac =
        SacLearner.create(
            RlFixtures.runtime(),
            config,
            RlFixtures.BANDIT,
            SacLearner.fitStateNormalizer(RlFixtures.randomBandit(16, 1)))) {
      sac.targets(
          new RlpdSampler(RlFixtures.randomBandit(16, 1), new ReplayBuffer(2, 1, 1), 0.5, 1)
              .sample(8));
      assertThat(sac.lastTargetCriticCount()).isEqualTo(3);
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(CriticEnsemble.Form.class)
  void updatesDoNotAccumulateNativeArrays(CriticEnsemble.Form form) {
    ArraySampleView prior = RlFixtures.randomBandit(64, 1);
    RlpdSampler sampler = new RlpdSampler(prior, new ReplayBuffer(2, 1, 1), 0.5, 1);
    try (SacLearner sac =
        SacLearner.create(
            RlFixtures.runtime(),
            RlFixtures.small(1).withBatchSize(16),
            RlFixtures.BANDIT,
            SacLearner.fitStateNormalizer(prior),
            form)) {
      for (int k = 0; k < 5; k++) {
        sac.update(sampler);
      }
      int after5 = sac.managedArrays();
      for (int k = 0; k < 20; k++) {
        sac.update(sampler);
      }
      assertThat(sac.managedArrays()).isEqualTo(after5);
    }
  }

  private static ArraySampleView tagged(int n, float reward) {
    ArraySampleView.Builder b = ArraySampleView.builder(1, 1);
    for (int i = 0; i < n; i++) {
      b.add(
          new float[] {i},
          new float[] {0},
          new float[] {i + 1},
          reward,
          false,
          1f,
          SampleClass.DEMO);
    }
    return b.build();
  }

  @Test
  void anchorRowsComeFirstWithoutChangingWhatIsDrawn() {
    ArraySampleView.Builder b = ArraySampleView.builder(1, 1);
    for (int i = 0; i < 400; i++) { // odd states: interventions
      b.add(
          new float[] {i},
          new float[] {0},
          new float[] {i + 1},
          0f,
          false,
          1f,
          i % 2 == 0 ? SampleClass.DEMO : SampleClass.INTERVENTION);
    }
    ArraySampleView prior = b.build();
    ReplayBuffer online = new ReplayBuffer(100, 1, 1);
    for (int i = 0; i < 50; i++) {
      online.add(
          new float[] {1000 + i},
          new float[] {0},
          0f,
          new float[] {1001 + i},
          false,
          false,
          SampleClass.ROBOT);
    }
    SacBatch all = new RlpdSampler(prior, online, 0.5, 9).sample(128);
    SacBatch demos = new RlpdSampler(prior, online, 0.5, 9, Set.of(SampleClass.DEMO)).sample(128);
    assertThat(all.anchorCount()).isEqualTo(64);
    assertThat(demos.priorCount()).isEqualTo(64);
    int anchors = demos.anchorCount();
    assertThat(anchors).isBetween(15, 49); // about half of 64 prior rows are demos
    for (int k = 0; k < 64; k++) {
      boolean demoRow = demos.states()[k] % 2 == 0;
      assertThat(demoRow).as("row " + k).isEqualTo(k < anchors);
      assertThat(demos.nextStates()[k]).isEqualTo(demos.states()[k] + 1);
    }
    float[] a = Arrays.copyOf(all.states(), 64);
    float[] d = Arrays.copyOf(demos.states(), 64);
    Arrays.sort(a);
    Arrays.sort(d);
    assertThat(d).as("the same prior rows, reordered").containsExactly(a);
    assertThat(Arrays.copyOfRange(demos.states(), 64, 128))
        .as("the same online rows")
        .containsExactly(Arrays.copyOfRange(all.states(), 64, 128));
  }

  @Test
  void rlpdBatchesAreHalfPriorHalfOnlineAndReproducible() {
    ArraySampleView prior = tagged(500, 1f);
    ReplayBuffer online = new ReplayBuffer(1000, 1, 1);
    for (int i = 0; i < 300; i++) {
      online.add(
          new float[] {1000 + i},
          new float[] {0},
          2f,
          new float[] {1001 + i},
          false,
          false,
          SampleClass.ROBOT);
    }
    SacBatch a = new RlpdSampler(prior, online, 0.5, 77).sample(256);
    SacBatch b = new RlpdSampler(prior, online, 0.5, 77).sample(256);
    SacBatch c = new RlpdSampler(prior, online, 0.5, 78).sample(256);
    assertThat(a.priorCount()).isEqualTo(128);
    for (int k = 0; k < 256; k++) {
      assertThat(a.rewards()[k]).isEqualTo(k < 128 ? 1f : 2f);
      // The next state belongs to the same transition as the state.
      assertThat(a.nextStates()[k]).isEqualTo(a.states()[k] + 1);
    }
    assertThat(a.states()).containsExactly(b.states());
    assertThat(Arrays.equals(a.states(), c.states())).isFalse();
    Set<Float> distinct = new HashSet<>();
    for (float s : a.states()) {
      distinct.add(s);
    }
    assertThat(distinct.size()).isGreaterThan(150);
    // No online data yet: the whole batch is prior data.
    SacBatch early = new RlpdSampler(prior, new ReplayBuffer(10, 1, 1), 0.5, 1).sample(64);
    assertThat(early.priorCount()).isEqualTo(64);
  }

  @Test
  void replayBufferKeepsTheNewestTransitions() {
    ReplayBuffer r = new ReplayBuffer(3, 1, 1);
    for (int i = 0; i < 5; i++) {
      r.add(
          new float[] {i},
          new float[] {-i},
          i,
          new float[] {i + 1},
          i == 4,
          false,
          SampleClass.ROBOT);
    }
    assertThat(r.size()).isEqualTo(3);
    float[] s = new float[1];
    List<Float> states = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      r.state(i, s, 0);
      states.add(s[0]);
    }
    assertThat(states).containsExactly(2f, 3f, 4f);
    assertThat(r.reward(2)).isEqualTo(4f);
    assertThat(r.terminal(2)).isTrue();
    assertThat(r.episodeEnd(2)).isTrue();
    assertThat(r.terminal(0)).isFalse();
    assertThatThrownBy(() -> r.reward(3)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void configErrorsNameTheField() {
    SacConfig d = SacConfig.defaults();
    assertThat(d.criticEnsembleSize()).isEqualTo(10);
    assertThat(d.targetSubsetSize()).isEqualTo(2);
    assertThat(d.batchSize()).isEqualTo(256);
    assertThat(d.targetEntropyFor(7)).isEqualTo(-7.0);
    assertThatThrownBy(() -> d.withCritics(10, 11, true))
        .hasMessageStartingWith("targetSubsetSize");
    assertThatThrownBy(() -> d.withGamma(1.0)).hasMessageStartingWith("gamma");
    assertThatThrownBy(() -> d.withBatchSize(1)).hasMessageStartingWith("batchSize");
    assertThatThrownBy(() -> d.withUtd(0)).hasMessageStartingWith("utd");
    assertThatThrownBy(() -> d.withLearningRates(0, 1e-3, 1e-3))
        .hasMessageStartingWith("actorLearningRate");
    assertThatThrownBy(() -> d.withTemperature(true, -1, Double.NaN))
        .hasMessageStartingWith("initialTemperature");
    assertThatThrownBy(() -> d.withHiddenSizes(List.of())).hasMessageStartingWith("hiddenSizes");
  }
}
