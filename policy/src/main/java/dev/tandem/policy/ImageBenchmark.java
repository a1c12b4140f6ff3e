package dev.tandem.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.SampleClass;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.policy.checkpoint.PolicyFeatures;
import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.config.EncoderConfig;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.config.TrainConfig;
import dev.tandem.policy.data.ArraySampleView;
import dev.tandem.policy.data.ImageSource;
import dev.tandem.policy.infer.DirectPolicy;
import dev.tandem.policy.infer.Engines;
import dev.tandem.policy.train.BcTrainer;
import dev.tandem.policy.train.TrainingResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Image-policy figures of {@code tandem bench policy} (issue 16): behavior-cloning training
 * throughput at batch 64 with two 84x84 cameras ({@code front}, {@code wrist}; random 76x76 crops;
 * {@value #FILTERS}-filter encoders with {@value #KEYPOINTS} keypoints, a 2x256 MLP), and the
 * latency of one {@code act()} with both images (batch 1, centre crops). Beside each, the
 * convolution rate this machine reaches on the encoder's middle convolution alone (64 x 32 x 38 x
 * 38 in, 3x3, stride 2; the training runtime's thread count), and the fraction of that rate the
 * workload's convolution FLOPs reach.
 */
final class ImageBenchmark {
  static final int SIZE = 84;
  static final int CROP = 76;
  static final int FILTERS = 32;
  static final int KEYPOINTS = 32;
  static final int BATCH = 64;
  static final List<String> CAMERAS = List.of("front", "wrist");

  private ImageBenchmark() {}

  static Map<String, Object> run(DjlRuntime runtime, int trainSteps, int latencyCalls) {
    Map<String, Object> out = new LinkedHashMap<>();
    NetworkConfig net =
        NetworkConfig.mlp(256, 256)
            .withEncoder(new EncoderConfig(CAMERAS, CROP, CROP, FILTERS, KEYPOINTS, 64));
    BcConfig config =
        BcConfig.defaults()
            .withNetwork(net)
            .withTrain(
                TrainConfig.defaults()
                    .withSteps(trainSteps)
                    .withBatchSize(BATCH)
                    .withSelection(TrainConfig.Selection.LAST, 0.0));
    PolicyFeatures features = features();
    List<byte[]> frames = new ArrayList<>();
    ArraySampleView data = data(frames);
    ImageSource images =
        (i, camera, buf) ->
            System.arraycopy(frames.get(2 * i + CAMERAS.indexOf(camera)), 0, buf, 0, buf.length);
    // warm-up (JIT, allocator), then the measured run
    new BcTrainer(runtime)
        .train(data, images, features, config.withTrain(config.train().withSteps(1)));
    TrainingResult r = new BcTrainer(runtime).train(data, images, features, config);
    double convGflops = convGflops(runtime);
    long forward = 2 * encoderForwardFlops();
    long training = 2 * encoderTrainingFlops();
    out.put("image_train_samples_per_s", Math.round(r.samplesPerSecond()));
    out.put("image_conv_flops_per_training_sample", training);
    out.put("conv_gflops", round(convGflops));
    out.put(
        "image_train_fraction_of_conv_limit",
        fraction(r.samplesPerSecond() * training, convGflops));

    double[] ms = latencyMs(runtime, r, latencyCalls);
    out.put("image_latency_ms_p50", round(ms[ms.length / 2]));
    out.put("image_latency_ms_p99", round(ms[(int) (ms.length * 0.99)]));
    out.put("image_conv_flops_per_obs", forward);
    out.put(
        "image_latency_fraction_of_conv_limit",
        fraction(forward / (ms[ms.length / 2] / 1e3), convGflops));
    return out;
  }

  private static double[] latencyMs(DjlRuntime runtime, TrainingResult r, int calls) {
    SplittableRandom rng = new SplittableRandom(2);
    Observation o =
        new Observation(
            new float[9],
            Map.of(
                "front", new ImageFrame(SIZE, SIZE, 3, frame(rng)),
                "wrist", new ImageFrame(SIZE, SIZE, 3, frame(rng))),
            0L);
    try (DirectPolicy p =
        new DirectPolicy(
            Engines.create(InferenceConfig.Engine.AUTO, runtime, r.checkpoint()),
            PolicyVersion.NONE)) {
      for (int i = 0; i < 10; i++) {
        p.act(o);
      }
      double[] ms = new double[calls];
      for (int i = 0; i < calls; i++) {
        long t0 = System.nanoTime();
        p.act(o);
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(ms);
      return ms;
    }
  }

  /** GFLOP/s of the encoder's middle convolution at batch 64, over about 0.3 s. */
  private static double convGflops(DjlRuntime runtime) {
    return runtime.withIntraOpThreads(
        runtime.config().trainingThreads(),
        () -> {
          runtime.noGradOnThisThread();
          try (NDManager m = runtime.newManager()) {
            int side = CROP / 2;
            NDArray in = m.randomUniform(0, 1, new Shape(BATCH, FILTERS, side, side));
            NDArray w = m.randomUniform(-0.1f, 0.1f, new Shape(FILTERS, FILTERS, 3, 3));
            NDArray b = m.zeros(new Shape(FILTERS));
            Shape stride = new Shape(2, 2);
            Shape pad = new Shape(1, 1);
            for (int i = 0; i < 3; i++) {
              Conv2d.conv2d(in, w, b, stride, pad).close();
            }
            long t0 = System.nanoTime();
            long until = t0 + 300_000_000L;
            long convs = 0;
            long now;
            do {
              Conv2d.conv2d(in, w, b, stride, pad).close();
              convs++;
              now = System.nanoTime();
            } while (now < until);
            int outSide = (side + 1) / 2;
            double flops = convs * 2.0 * BATCH * FILTERS * outSide * outSide * FILTERS * 9;
            return flops / (now - t0);
          }
        });
  }

  /**
   * Convolution FLOPs of one camera's encoder forward pass on a crop: three 3x3 convolutions
   * (stride 2, 2, 1) and the 1x1 keypoint convolution, 2 x multiply-adds.
   */
  static long encoderForwardFlops() {
    long s1 = CROP / 2;
    long s2 = (s1 + 1) / 2;
    return 2 * s1 * s1 * FILTERS * 3 * 9
        + 2 * 2 * s2 * s2 * FILTERS * FILTERS * 9
        + 2 * s2 * s2 * KEYPOINTS * FILTERS;
  }

  /** Forward, weight gradients (same count) and input gradients of all but the first layer. */
  static long encoderTrainingFlops() {
    long s1 = CROP / 2;
    return 3 * encoderForwardFlops() - 2 * (2 * s1 * s1 * FILTERS * 3 * 9);
  }

  private static PolicyFeatures features() {
    List<FeatureSpec> cams = CAMERAS.stream().map(c -> FeatureSpec.image(c, SIZE, SIZE)).toList();
    return new PolicyFeatures(
        "benchmark/images",
        FeatureSpec.vector(FeatureSpec.STATE, 9, "", List.of()),
        cams,
        new ActionSpec(
            ActionSpec.ActionMode.EE_DELTA,
            List.of("dx", "dy", "dz", "grip"),
            new double[] {-1, -1, -1, -1},
            new double[] {1, 1, 1, 1}),
        Map.of());
  }

  /** 128 samples of random states, actions and frames (two per sample, in camera order). */
  private static ArraySampleView data(List<byte[]> frames) {
    SplittableRandom rng = new SplittableRandom(1);
    ArraySampleView.Builder b = ArraySampleView.builder(9, 4);
    for (int i = 0; i < 128; i++) {
      frames.add(frame(rng));
      frames.add(frame(rng));
      float[] s = new float[9];
      for (int k = 0; k < s.length; k++) {
        s[k] = (float) rng.nextGaussian();
      }
      float[] a = new float[4];
      for (int k = 0; k < a.length; k++) {
        a[k] = (float) rng.nextDouble(-1, 1);
      }
      b.add(s, a, 1f, SampleClass.DEMO);
      if (i % 32 == 31) {
        b.endEpisode();
      }
    }
    return b.build();
  }

  private static byte[] frame(SplittableRandom rng) {
    byte[] px = new byte[SIZE * SIZE * 3];
    for (int p = 0; p < px.length; p++) {
      px[p] = (byte) rng.nextInt(256);
    }
    return px;
  }

  private static double fraction(double flopsPerSecond, double gflops) {
    return round(flopsPerSecond / (gflops * 1e9));
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
