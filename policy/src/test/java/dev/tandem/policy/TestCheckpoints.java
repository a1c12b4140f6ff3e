package dev.tandem.policy;

import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.policy.checkpoint.Checkpoint;
import dev.tandem.policy.checkpoint.PolicyFeatures;
import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.config.NormalizationConfig;
import dev.tandem.policy.data.Normalizer;
import dev.tandem.policy.net.PolicyModel;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Checkpoints of freshly initialized networks (no training needed to test storage). */
final class TestCheckpoints {
  private TestCheckpoints() {}

  static Checkpoint random(PolicyFeatures features, NetworkConfig network, long seed) {
    BcConfig config = BcConfig.defaults().withNetwork(network);
    if (network.head() == dev.tandem.policy.config.HeadType.TANH_GAUSSIAN) {
      config = config.withNormalization(NormalizationConfig.defaults());
    }
    List<int[]> images =
        features.images().stream()
            .map(f -> new int[] {3, network.encoder().cropHeight(), network.encoder().cropWidth()})
            .toList();
    try (PolicyModel m =
        PolicyModel.create(
            Fixtures.runtime(),
            network,
            features.stateSize(),
            images,
            features.actionDim(),
            seed)) {
      SplittableRandom rng = new SplittableRandom(seed);
      return new Checkpoint(
          features,
          config,
          randomNormalizer(features.stateSize(), rng),
          randomNormalizer(features.actionDim(), rng),
          "data-" + seed,
          m.exportParameters(),
          Map.of("seed", Long.toString(seed)));
    }
  }

  static Normalizer randomNormalizer(int n, SplittableRandom rng) {
    float[] off = new float[n];
    float[] scale = new float[n];
    for (int i = 0; i < n; i++) {
      off[i] = (float) rng.nextDouble(-0.5, 0.5);
      scale[i] = (float) rng.nextDouble(0.2, 2);
    }
    return new Normalizer(NormalizationConfig.Kind.MEAN_STD, off, scale);
  }

  static PolicyFeatures reachFeatures() {
    return PolicyFeatures.of(PointReachEnv.SPEC, NetworkConfig.defaults());
  }

  static PolicyFeatures wideFeatures(int state, int action) {
    return new PolicyFeatures(
        "test/wide",
        FeatureSpec.vector(FeatureSpec.STATE, state, "", List.of()),
        List.of(),
        new ActionSpec(
            ActionSpec.ActionMode.EE_DELTA,
            java.util.stream.IntStream.range(0, action).mapToObj(i -> "a" + i).toList(),
            java.util.stream.IntStream.range(0, action).mapToDouble(i -> -10).toArray(),
            java.util.stream.IntStream.range(0, action).mapToDouble(i -> 10).toArray()),
        Map.of());
  }
}
