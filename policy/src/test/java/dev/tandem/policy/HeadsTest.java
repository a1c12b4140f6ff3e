package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.SampleClass;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.policy.checkpoint.PolicyFeatures;
import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.config.HeadType;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.config.TrainConfig;
import dev.tandem.policy.data.ArraySampleView;
import dev.tandem.policy.infer.DirectPolicy;
import dev.tandem.policy.infer.Engines;
import dev.tandem.policy.net.TanhGaussianHead;
import dev.tandem.policy.train.BcTrainer;
import dev.tandem.policy.train.TrainingResult;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HeadsTest {

  static final PolicyFeatures ONE_D =
      new PolicyFeatures(
          "test/bimodal",
          FeatureSpec.vector(FeatureSpec.STATE, 2, "", List.of()),
          List.of(),
          new ActionSpec(
              ActionSpec.ActionMode.EE_DELTA, List.of("a"), new double[] {-1}, new double[] {1}),
          Map.of());

  /** Every state has two equally likely actions, +0.8 and -0.8 (e.g. pass left or right). */
  static ArraySampleView bimodal() {
    SplittableRandom rng = new SplittableRandom(3);
    ArraySampleView.Builder b = ArraySampleView.builder(2, 1);
    for (int i = 0; i < 600; i++) {
      float[] s = {(float) rng.nextDouble(-1, 1), (float) rng.nextDouble(-1, 1)};
      float a = (rng.nextBoolean() ? 0.8f : -0.8f) + (float) (0.02 * rng.nextGaussian());
      b.add(s, new float[] {a}, 1f, SampleClass.DEMO);
      if (i % 30 == 29) {
        b.endEpisode();
      }
    }
    return b.build();
  }

  private static TrainingResult train(HeadType head) {
    BcConfig config =
        BcConfig.defaults()
            .withNetwork(NetworkConfig.mlp(64, 64).withHead(head, 5))
            .withTrain(
                TrainConfig.defaults()
                    .withSteps(800)
                    .withEvaluateEverySteps(50)
                    .withBatchSize(128)
                    .withSelection(TrainConfig.Selection.LAST, 0.1)
                    .withSeed(5));
    return new BcTrainer(Fixtures.runtime()).train(bimodal(), ONE_D, config);
  }

  private static float[] actions(TrainingResult r, InferenceConfig.Engine engine) {
    SplittableRandom rng = new SplittableRandom(8);
    float[] out = new float[40];
    try (DirectPolicy p =
        new DirectPolicy(
            Engines.create(engine, Fixtures.runtime(), r.checkpoint()), PolicyVersion.NONE)) {
      for (int i = 0; i < out.length; i++) {
        out[i] =
            p.act(
                    Observation.of(
                        new float[] {(float) rng.nextDouble(-1, 1), (float) rng.nextDouble(-1, 1)}))
                .get(0);
      }
    }
    return out;
  }

  @Test
  void gmmLearnsBothModesAndActsOnOne() {
    TrainingResult gmm = train(HeadType.GMM);
    assertThat(gmm.last().trainLoss()).as("NLL falls").isLessThan(gmm.first().trainLoss() - 1.0);
    assertThat(gmm.last().validationLoss()).isLessThan(gmm.first().validationLoss());
    for (InferenceConfig.Engine engine :
        List.of(InferenceConfig.Engine.JAVA, InferenceConfig.Engine.DJL)) {
      for (float a : actions(gmm, engine)) {
        assertThat(Math.abs(a))
            .as("%s: the likeliest mode is a real mode", engine)
            .isGreaterThan(0.6f);
      }
    }

    // Sampling draws both modes, each near its real value.
    try (dev.tandem.policy.infer.PolicyEngine engine =
        Engines.create(InferenceConfig.Engine.JAVA, Fixtures.runtime(), gmm.checkpoint())) {
      engine.sampleActions(42);
      int positive = 0;
      int n = 200;
      for (int i = 0; i < n; i++) {
        float a = engine.act(List.of(Observation.of(new float[] {0.1f, -0.2f})))[0].get(0);
        assertThat(Math.abs(Math.abs(a) - 0.8f)).as("sample near a mode").isLessThan(0.25f);
        positive += a > 0 ? 1 : 0;
      }
      assertThat(positive).as("both modes are drawn").isBetween(n / 5, 4 * n / 5);
    }

    // The deterministic head, on the same data, averages the modes.
    TrainingResult mse = train(HeadType.DETERMINISTIC);
    double meanAbs = 0;
    float[] averaged = actions(mse, InferenceConfig.Engine.JAVA);
    for (float a : averaged) {
      meanAbs += Math.abs(a) / averaged.length;
    }
    assertThat(meanAbs).as("deterministic head lands between the modes").isLessThan(0.3);
  }

  /** log p(y) of the squashed Gaussian against the probability of a small interval around y. */
  @Test
  void tanhGaussianLogProbMatchesNumericalIntegration() {
    int dim = 3;
    TanhGaussianHead head = new TanhGaussianHead(dim);
    float[] raw = {0.3f, -1.2f, 2.0f, 0.5f, -0.8f, -2.5f}; // means, then log-std parameters
    float[][] actions = {{0.2f, -0.7f, 0.95f}, {-0.99f, 0.0f, 0.5f}, {0.6f, -0.3f, 0.999f}};
    try (NDManager m = Fixtures.runtime().newManager()) {
      NDArray out = m.create(raw, new Shape(1, 2 * dim)).repeat(0, actions.length);
      float[] flat = new float[actions.length * dim];
      for (int i = 0; i < actions.length; i++) {
        System.arraycopy(actions[i], 0, flat, i * dim, dim);
      }
      float[] logp =
          head.logProb(out, m.create(flat, new Shape(actions.length, dim))).toFloatArray();
      for (int i = 0; i < actions.length; i++) {
        double expected = 0;
        for (int j = 0; j < dim; j++) {
          double mu = raw[j];
          double logStd =
              TanhGaussianHead.LOG_STD_MIN
                  + 0.5
                      * (TanhGaussianHead.LOG_STD_MAX - TanhGaussianHead.LOG_STD_MIN)
                      * (Math.tanh(raw[dim + j]) + 1);
          expected += Math.log(intervalDensity(actions[i][j], mu, Math.exp(logStd)));
        }
        assertThat((double) logp[i])
            .as("action %d", i)
            .isCloseTo(expected, within(2e-3 + 2e-5 * Math.abs(expected)));
      }

      // Reparameterized samples lie in (-1, 1) and carry their own log-probability.
      NDArray noise = m.randomNormal(new Shape(actions.length, dim));
      NDList sample = head.sample(out, noise);
      float[] a = sample.get(0).toFloatArray();
      for (float v : a) {
        assertThat(Math.abs(v)).isLessThan(1f);
      }
      float[] again = head.logProb(out, sample.get(0)).toFloatArray();
      float[] reported = sample.get(1).toFloatArray();
      for (int i = 0; i < again.length; i++) {
        if (Math.abs(a[i]) < 0.999) {
          assertThat(again[i]).isCloseTo(reported[i], within(1e-2f));
        }
      }
    }
  }

  /**
   * P(y - h < tanh(u) < y + h) / 2h for u ~ N(mu, std), integrating the Gaussian density over the
   * u-interval with Simpson's rule: no use of the change-of-variables formula being tested.
   */
  static double intervalDensity(double y, double mu, double std) {
    double h = 1e-4 * (1 - Math.abs(y));
    double lo = atanh(y - h);
    double hi = atanh(y + h);
    int n = 200;
    double step = (hi - lo) / n;
    double sum = 0;
    for (int k = 0; k <= n; k++) {
      double u = lo + k * step;
      double w = (k == 0 || k == n) ? 1 : (k % 2 == 1 ? 4 : 2);
      sum += w * Math.exp(-0.5 * Math.pow((u - mu) / std, 2)) / (std * Math.sqrt(2 * Math.PI));
    }
    return sum * step / 3 / (2 * h);
  }

  static double atanh(double y) {
    return 0.5 * Math.log((1 + y) / (1 - y));
  }
}
