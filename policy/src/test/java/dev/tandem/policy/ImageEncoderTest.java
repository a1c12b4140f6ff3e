package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.SampleClass;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.policy.checkpoint.PolicyFeatures;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.config.EncoderConfig;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.config.TrainConfig;
import dev.tandem.policy.data.ArraySampleView;
import dev.tandem.policy.data.ImageSource;
import dev.tandem.policy.infer.InferencePolicy;
import dev.tandem.policy.infer.JavaMlpEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The action depends only on the camera image (a bright square on the left means -0.8, on the right
 * +0.8); the state is noise. A policy with the CNN encoder must learn to read the image.
 */
class ImageEncoderTest {

  static final int SIZE = 20;

  static final EnvironmentSpec SPEC =
      new EnvironmentSpec(
          "test/LeftRight",
          PointReachEnv.SPEC.robot(),
          List.of(
              FeatureSpec.vector(FeatureSpec.STATE, 2, "", List.of()),
              FeatureSpec.image("front", SIZE, SIZE)),
          new ActionSpec(
              ActionSpec.ActionMode.EE_DELTA, List.of("a"), new double[] {-1}, new double[] {1}),
          25,
          50,
          Map.of());

  static byte[] image(boolean right, SplittableRandom rng) {
    byte[] px = new byte[SIZE * SIZE * 3];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) rng.nextInt(40);
    }
    int x0 = right ? 11 + rng.nextInt(4) : 1 + rng.nextInt(4);
    int y0 = 2 + rng.nextInt(12);
    for (int y = y0; y < y0 + 5; y++) {
      for (int x = x0; x < x0 + 5; x++) {
        for (int c = 0; c < 3; c++) {
          px[(y * SIZE + x) * 3 + c] = (byte) 230;
        }
      }
    }
    return px;
  }

  @Test
  void cnnPolicyLearnsFromTheCamera(@TempDir Path dir) throws Exception {
    SplittableRandom rng = new SplittableRandom(1);
    ArraySampleView.Builder b = ArraySampleView.builder(2, 1);
    List<byte[]> images = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      boolean right = rng.nextBoolean();
      images.add(image(right, rng));
      b.add(
          new float[] {(float) rng.nextGaussian(), (float) rng.nextGaussian()},
          new float[] {right ? 0.8f : -0.8f},
          1f,
          SampleClass.DEMO);
      if (i % 20 == 19) {
        b.endEpisode();
      }
    }
    ImageSource source = (i, camera, out) -> System.arraycopy(images.get(i), 0, out, 0, out.length);
    NetworkConfig net =
        NetworkConfig.mlp(64, 64)
            .withEncoder(new EncoderConfig(List.of("front"), 16, 16, 16, 16, 16));
    BcConfig config =
        BcConfig.defaults()
            .withNetwork(net)
            .withTrain(
                TrainConfig.defaults()
                    .withSteps(300)
                    .withBatchSize(32)
                    .withEvaluateEverySteps(100)
                    .withSeed(2));
    PolicyRegistry registry = new PolicyRegistry(dir);
    var version =
        Policies.train(
            Fixtures.runtime(),
            b.build(),
            PolicyFeatures.of(SPEC, net),
            config,
            registry,
            new Policies.TrainOptions(source, null, null, null));
    var stored = registry.load(version);
    assertThat(stored.checkpoint().features().cameras()).containsExactly("front");
    assertThatThrownBy(() -> new JavaMlpEngine(stored.checkpoint()))
        .hasMessageContaining("image encoder");

    try (InferencePolicy policy =
        Policies.serveCurrent(Fixtures.runtime(), registry, SPEC, InferenceConfig.defaults())) {
      SplittableRandom test = new SplittableRandom(77);
      int correct = 0;
      int n = 40;
      for (int i = 0; i < n; i++) {
        boolean right = test.nextBoolean();
        Observation o =
            new Observation(
                new float[] {(float) test.nextGaussian(), (float) test.nextGaussian()},
                Map.of("front", new ImageFrame(SIZE, SIZE, 3, image(right, test))),
                0L);
        float a = policy.act(o).get(0);
        if ((a > 0) == right) {
          correct++;
        }
      }
      assertThat(correct).as("correct sides of %d", n).isGreaterThanOrEqualTo(36);
      assertThatThrownBy(() -> policy.act(Observation.of(new float[2])))
          .hasMessageContaining("no camera 'front'");
    }
  }
}
