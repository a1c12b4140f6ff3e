package dev.tandem.policy.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.SampleClass;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.policy.checkpoint.PolicyFeatures;
import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.config.ChunkingConfig;
import dev.tandem.policy.config.EncoderConfig;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.config.TrainConfig;
import dev.tandem.policy.data.ArraySampleView;
import dev.tandem.policy.data.ImageSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Batches filled ahead on the prefetch thread are the batches the synchronous path fills for the
 * same seed (samples, weights, chunk targets and masks, random crops), and the images are really
 * read on the worker thread.
 */
class BatchesTest {
  private static final int SIZE = 20;

  private static final PolicyFeatures FEATURES =
      new PolicyFeatures(
          "test/camera",
          FeatureSpec.vector(FeatureSpec.STATE, 2, "", List.of()),
          List.of(FeatureSpec.image("front", SIZE, SIZE)),
          new ActionSpec(
              ActionSpec.ActionMode.EE_DELTA, List.of("a"), new double[] {-1}, new double[] {1}),
          Map.of());

  private final Set<String> readingThreads = ConcurrentHashMap.newKeySet();
  private final List<byte[]> frames = new ArrayList<>();

  private final ImageSource images =
      (i, camera, out) -> {
        readingThreads.add(Thread.currentThread().getName());
        System.arraycopy(frames.get(i), 0, out, 0, out.length);
      };

  private ArraySampleView view() {
    SplittableRandom rng = new SplittableRandom(4);
    ArraySampleView.Builder b = ArraySampleView.builder(2, 1);
    for (int i = 0; i < 120; i++) {
      byte[] px = new byte[SIZE * SIZE * 3];
      for (int p = 0; p < px.length; p++) {
        px[p] = (byte) rng.nextInt(256);
      }
      frames.add(px);
      b.add(
          new float[] {(float) rng.nextGaussian(), (float) rng.nextGaussian()},
          new float[] {(float) rng.nextDouble(-1, 1)},
          (float) rng.nextDouble(0.1, 2),
          SampleClass.DEMO);
      if (i % 15 == 14) {
        b.endEpisode();
      }
    }
    return b.build();
  }

  private List<float[]> batches(boolean prefetch, TrainConfig.Weighting weighting, int count) {
    BcConfig bc = BcConfig.defaults();
    NetworkConfig net =
        NetworkConfig.mlp(16)
            .withEncoder(new EncoderConfig(List.of("front"), 16, 16, 16, 4, 8))
            .withChunking(new ChunkingConfig(3, ChunkingConfig.Execution.OPEN_LOOP, 0));
    TrainConfig tc = bc.train().withBatchSize(8).withWeighting(weighting).withSeed(11);
    bc = bc.withNetwork(net).withTrain(tc);
    BcTrainer.Dataset ds = BcTrainer.Dataset.load(view(), FEATURES, bc, images);
    AliasSampler weighted =
        weighting == TrainConfig.Weighting.SAMPLER
            ? new AliasSampler(ds.train, ds.weightsOf(ds.train))
            : null;
    Batches.Filler filler =
        new Batches.Filler(ds, images, tc, weighted, new SplittableRandom(tc.seed()));
    List<float[]> out = new ArrayList<>();
    try (Batches b = prefetch ? Batches.prefetching(filler) : Batches.synchronous(filler)) {
      for (int n = 0; n < count; n++) {
        Batches.Batch batch = b.next();
        out.add(batch.states.clone());
        out.add(batch.targets.clone());
        out.add(batch.mask.clone());
        out.add(batch.weights.clone());
        out.add(batch.images[0].clone());
      }
    }
    return out;
  }

  @Test
  void prefetchedBatchesEqualSynchronousOnesForTheSameSeed() {
    for (TrainConfig.Weighting w :
        List.of(TrainConfig.Weighting.LOSS, TrainConfig.Weighting.SAMPLER)) {
      List<float[]> sync = batches(false, w, 12);
      assertThat(readingThreads).doesNotContain("tandem-batch-prefetch");
      readingThreads.clear();
      List<float[]> ahead = batches(true, w, 12);
      assertThat(readingThreads).containsExactly("tandem-batch-prefetch");
      readingThreads.clear();
      assertThat(ahead).hasSameSizeAs(sync);
      for (int k = 0; k < sync.size(); k++) {
        assertThat(ahead.get(k)).as("%s array %d", w, k).containsExactly(sync.get(k));
      }
      // consecutive batches differ (the worker does not hand out one batch twice)
      assertThat(sync.get(0)).isNotEqualTo(sync.get(5));
    }
  }

  @Test
  void imageBatchesArePrefetchedOnAGpuOnly() {
    BcConfig bc = BcConfig.defaults();
    TrainConfig tc = bc.train().withBatchSize(4).withSeed(1);
    bc =
        bc.withNetwork(
                NetworkConfig.mlp(16)
                    .withEncoder(new EncoderConfig(List.of("front"), 16, 16, 16, 4, 8)))
            .withTrain(tc);
    BcTrainer.Dataset ds = BcTrainer.Dataset.load(view(), FEATURES, bc, images);
    for (boolean gpu : new boolean[] {true, false}) {
      readingThreads.clear();
      Batches.Filler filler = new Batches.Filler(ds, images, tc, null, new SplittableRandom(1));
      try (Batches b = Batches.forRun(filler, true, gpu)) {
        b.next();
      }
      assertThat(readingThreads)
          .as("gpu " + gpu)
          .containsExactly(gpu ? "tandem-batch-prefetch" : Thread.currentThread().getName());
    }
  }

  @Test
  void closeWaitsForTheBatchBeingFilledSoNothingReadsTheStoreAfterwards() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    ImageSource slow =
        (i, camera, out) -> {
          long until = System.nanoTime() + 3_000_000; // a slow read, deaf to interrupts
          while (System.nanoTime() < until) {
            Thread.onSpinWait();
          }
          System.arraycopy(frames.get(i), 0, out, 0, out.length);
          reads.incrementAndGet();
        };
    BcConfig bc = BcConfig.defaults();
    TrainConfig tc = bc.train().withBatchSize(8).withSeed(2);
    bc =
        bc.withNetwork(
                NetworkConfig.mlp(16)
                    .withEncoder(new EncoderConfig(List.of("front"), 16, 16, 16, 4, 8)))
            .withTrain(tc);
    BcTrainer.Dataset ds = BcTrainer.Dataset.load(view(), FEATURES, bc, slow);
    Batches.Filler filler = new Batches.Filler(ds, slow, tc, null, new SplittableRandom(2));
    Batches b = Batches.prefetching(filler);
    b.next(); // the worker starts on the following batch (8 reads, ~24 ms)
    while (reads.get() <= 8) {
      Thread.onSpinWait(); // until it is in the middle of that batch
    }
    b.close();
    int atClose = reads.get();
    Thread.sleep(100);
    assertThat(reads.get()).isEqualTo(atClose).isEqualTo(16);
  }

  @Test
  void aFailingImageReadReachesTheTrainerWithItsMessage() {
    BcConfig bc = BcConfig.defaults();
    TrainConfig tc = bc.train().withBatchSize(4).withSeed(1);
    bc =
        bc.withNetwork(
                NetworkConfig.mlp(16)
                    .withEncoder(new EncoderConfig(List.of("front"), 16, 16, 16, 4, 8)))
            .withTrain(tc);
    ImageSource broken =
        (i, camera, out) -> {
          throw new IllegalArgumentException("no camera '" + camera + "' in this dataset");
        };
    BcTrainer.Dataset ds = BcTrainer.Dataset.load(view(), FEATURES, bc, broken);
    Batches.Filler filler = new Batches.Filler(ds, broken, tc, null, new SplittableRandom(1));
    try (Batches b = Batches.prefetching(filler)) {
      assertThatThrownBy(b::next)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("no camera 'front' in this dataset");
    }
  }
}
