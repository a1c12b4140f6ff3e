package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.Observation;
import dev.tandem.core.data.SampleClass;
import dev.tandem.core.dataset.SampleView;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.policy.checkpoint.PolicyFeatures;
import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.config.TrainConfig;
import dev.tandem.policy.data.ArraySampleView;
import dev.tandem.policy.infer.DirectPolicy;
import dev.tandem.policy.infer.Engines;
import dev.tandem.policy.train.BcTrainer;
import dev.tandem.policy.train.TrainingResult;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Half of the data contradicts the other half: the same states appear with action +0.8 (weight 1)
 * and with action -0.8 (weight 9). A weighted model must follow the up-weighted half; an unweighted
 * one averages to about 0.
 */
class WeightedTrainingTest {

  static final PolicyFeatures FEATURES =
      new PolicyFeatures(
          "test/contradictory",
          FeatureSpec.vector(FeatureSpec.STATE, 3, "", List.of()),
          List.of(),
          new ActionSpec(
              ActionSpec.ActionMode.EE_DELTA,
              List.of("a0", "a1"),
              new double[] {-1, -1},
              new double[] {1, 1}),
          Map.of());

  /** Weights come from a pluggable provider, as the intervention module supplies them. */
  static SampleView contradictoryData() {
    return rawData()
        .withWeights((view, i) -> view.sampleClass(i) == SampleClass.INTERVENTION ? 9f : 1f);
  }

  static ArraySampleView rawData() {
    SplittableRandom rng = new SplittableRandom(7);
    ArraySampleView.Builder b = ArraySampleView.builder(3, 2);
    for (int i = 0; i < 400; i++) {
      float[] s = {
        (float) rng.nextDouble(-1, 1), (float) rng.nextDouble(-1, 1), (float) rng.nextDouble(-1, 1)
      };
      b.add(s, new float[] {0.8f, 0.8f}, 1f, SampleClass.ROBOT);
      b.add(s, new float[] {-0.8f, -0.8f}, 1f, SampleClass.INTERVENTION);
      if (i % 20 == 19) {
        b.endEpisode();
      }
    }
    return b.build();
  }

  @ParameterizedTest
  @EnumSource(TrainConfig.Weighting.class)
  void modelFollowsTheUpWeightedHalf(TrainConfig.Weighting weighting) {
    BcConfig config =
        BcConfig.defaults()
            .withNetwork(NetworkConfig.mlp(64, 64))
            .withTrain(
                TrainConfig.defaults()
                    .withSteps(500)
                    .withBatchSize(128)
                    .withWeighting(weighting)
                    .withSelection(TrainConfig.Selection.LAST, 0.1)
                    .withSeed(11));
    TrainingResult r =
        new BcTrainer(Fixtures.runtime()).train(contradictoryData(), FEATURES, config);

    double mean = 0;
    SplittableRandom rng = new SplittableRandom(99);
    int n = 50;
    try (DirectPolicy p =
        new DirectPolicy(
            Engines.create(InferenceConfig.Engine.JAVA, Fixtures.runtime(), r.checkpoint()),
            PolicyVersion.NONE)) {
      for (int i = 0; i < n; i++) {
        float[] s = {
          (float) rng.nextDouble(-1, 1),
          (float) rng.nextDouble(-1, 1),
          (float) rng.nextDouble(-1, 1)
        };
        float[] a = p.act(Observation.of(s)).values();
        mean += (a[0] + a[1]) / 2 / n;
      }
    }
    double weightedMean = (0.8 * 1 - 0.8 * 9) / 10; // -0.64
    if (weighting == TrainConfig.Weighting.NONE) {
      assertThat(mean).as("unweighted BC averages the two halves").isCloseTo(0.0, within(0.15));
    } else {
      assertThat(mean)
          .as("%s weighting follows the up-weighted half", weighting)
          .isCloseTo(weightedMean, within(0.15));
    }
  }
}
