package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import dev.tandem.policy.checkpoint.Checkpoint;
import dev.tandem.policy.config.HeadType;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.infer.Engines;
import dev.tandem.policy.infer.HybridEngine;
import dev.tandem.policy.infer.JavaMlpEngine;
import dev.tandem.policy.infer.PolicyEngine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pure-Java engine computes what DJL computes, for every head and with LayerNorm. */
class EngineEquivalenceTest {

  @ParameterizedTest
  @ValueSource(strings = {"plain", "layernorm", "gmm", "tanh"})
  void javaEngineMatchesDjl(String variant) {
    NetworkConfig net =
        switch (variant) {
          case "layernorm" -> NetworkConfig.mlp(64, 48, 32).withLayerNorm(true);
          case "gmm" -> NetworkConfig.mlp(64, 64).withHead(HeadType.GMM, 4);
          case "tanh" -> NetworkConfig.mlp(64, 64).withHead(HeadType.TANH_GAUSSIAN, 1);
          default -> NetworkConfig.mlp(256, 256);
        };
    Checkpoint c = TestCheckpoints.random(TestCheckpoints.wideFeatures(25, 4), net, 21);
    SplittableRandom rng = new SplittableRandom(4);
    List<Observation> obs = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      float[] s = new float[25];
      for (int j = 0; j < s.length; j++) {
        s[j] = (float) rng.nextGaussian();
      }
      obs.add(Observation.of(s));
    }
    Action[] djl;
    Action[] java;
    try (PolicyEngine d = Engines.create(InferenceConfig.Engine.DJL, Fixtures.runtime(), c);
        PolicyEngine j = Engines.create(InferenceConfig.Engine.JAVA, Fixtures.runtime(), c)) {
      djl = d.act(obs);
      java = j.act(obs);
      Action[] single = j.act(List.of(obs.get(3)));
      assertThat(single[0]).isEqualTo(java[3]);
    }
    for (int i = 0; i < obs.size(); i++) {
      for (int k = 0; k < 4; k++) {
        assertThat(java[i].get(k))
            .as("obs %d action %d", i, k)
            .isCloseTo(djl[i].get(k), within(2e-4f));
      }
    }
  }

  /**
   * {@code auto} serves state-only networks on CPU with Java below the threshold and DJL from it;
   * on the Java side a row's action does not depend on the batch it comes in (blocks of three rows
   * and single rows compute the same sums in the same order), with and without LayerNorm.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void autoSplitsByBatchSizeAndARowsJavaActionDoesNotDependOnItsBatch(boolean layerNorm) {
    Checkpoint c =
        TestCheckpoints.random(
            TestCheckpoints.wideFeatures(25, 4),
            NetworkConfig.mlp(64, 64).withLayerNorm(layerNorm),
            3);
    SplittableRandom rng = new SplittableRandom(5);
    List<Observation> obs = new ArrayList<>();
    for (int i = 0; i < HybridEngine.DEFAULT_THRESHOLD; i++) {
      float[] s = new float[25];
      for (int j = 0; j < s.length; j++) {
        s[j] = (float) rng.nextGaussian();
      }
      obs.add(Observation.of(s));
    }
    List<Observation> small = obs.subList(0, HybridEngine.DEFAULT_THRESHOLD - 1);
    try (PolicyEngine auto = Engines.create(InferenceConfig.Engine.AUTO, Fixtures.runtime(), c);
        PolicyEngine d = Engines.create(InferenceConfig.Engine.DJL, Fixtures.runtime(), c);
        PolicyEngine j = Engines.create(InferenceConfig.Engine.JAVA, Fixtures.runtime(), c)) {
      assertThat(auto).isInstanceOf(HybridEngine.class);
      assertThat(auto.act(obs)).containsExactly(d.act(obs));
      Action[] batch = j.act(small);
      assertThat(auto.act(small)).containsExactly(batch);
      for (int n : new int[] {1, 2, 3, 4, 7, 20}) {
        assertThat(j.act(small.subList(0, n))).containsExactly(Arrays.copyOf(batch, n));
      }
      for (int i = 0; i < small.size(); i++) {
        assertThat(j.act(List.of(small.get(i)))).as("row %d alone", i).containsExactly(batch[i]);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 26})
  void wrongStateSizeIsRejectedClearly(int size) {
    Checkpoint c =
        TestCheckpoints.random(TestCheckpoints.wideFeatures(25, 4), NetworkConfig.mlp(8), 1);
    try (PolicyEngine j = new JavaMlpEngine(c)) {
      assertThatThrownBy(() -> j.act(List.of(Observation.of(new float[size]))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(size + " state values, policy expects 25");
    }
  }
}
