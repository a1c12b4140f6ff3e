package dev.tandem.policy.rl;

import dev.tandem.core.data.SampleClass;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.checkpoint.PolicyFeatures;
import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.policy.data.ArraySampleView;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A one-step bandit: state s in [-1, 1], action a in [-2, 2], reward 1 - (a - 0.6)^2. */
final class RlFixtures {
  private RlFixtures() {}

  static final float BEST_ACTION = 0.6f;

  static final PolicyFeatures BANDIT =
      new PolicyFeatures(
          "bandit",
          FeatureSpec.vector(FeatureSpec.STATE, 1, "", List.of()),
          List.of(),
          new ActionSpec(
              ActionSpec.ActionMode.EE_DELTA, List.of("a"), new double[] {-2}, new double[] {2}),
          Map.of());

  private static DjlRuntime runtime;

  /** One CPU runtime for the rl tests, one intra-op thread. */
  static synchronized DjlRuntime runtime() {
    if (runtime == null) {
      runtime = DjlRuntime.start(new RuntimeConfig(RuntimeConfig.DeviceChoice.CPU, 1, 1));
    }
    return runtime;
  }

  static float reward(float action) {
    return 1f - (action - BEST_ACTION) * (action - BEST_ACTION);
  }

  /** Uniformly random actions on the bandit, every sample terminal. */
  static ArraySampleView randomBandit(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    ArraySampleView.Builder b = ArraySampleView.builder(1, 1);
    for (int i = 0; i < n; i++) {
      float[] s = {(float) rng.nextDouble(-1, 1)};
      float[] a = {(float) rng.nextDouble(-2, 2)};
      b.add(s, a, s, reward(a[0]), true, 1f, SampleClass.DEMO);
      b.endEpisode();
    }
    return b.build();
  }

  /**
   * Two-step episodes: from state 0 a random action leads (reward 0) to state 1, where a random
   * action gets the bandit reward and ends the episode.
   */
  static ArraySampleView chain(int episodes, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    ArraySampleView.Builder b = ArraySampleView.builder(1, 1);
    for (int i = 0; i < episodes; i++) {
      float[] a0 = {(float) rng.nextDouble(-2, 2)};
      float[] a1 = {(float) rng.nextDouble(-2, 2)};
      b.add(new float[] {0}, a0, new float[] {1}, 0f, false, 1f, SampleClass.DEMO);
      b.add(new float[] {1}, a1, new float[] {1}, reward(a1[0]), true, 1f, SampleClass.DEMO);
      b.endEpisode();
    }
    return b.build();
  }

  /** Small networks for fast tests. */
  static SacConfig small(long seed) {
    return SacConfig.defaults()
        .withCritics(4, 2, true)
        .withHiddenSizes(List.of(64, 64))
        .withBatchSize(128)
        .withLearningRates(3e-3, 3e-3, 3e-3)
        .withTemperature(true, 0.1, Double.NaN)
        .withSeed(seed);
  }
}
