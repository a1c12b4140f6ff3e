package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import dev.tandem.core.policy.Policy;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.policy.checkpoint.Checkpoint;
import dev.tandem.policy.checkpoint.StoredPolicy;
import dev.tandem.policy.config.ChunkingConfig;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.infer.DirectPolicy;
import dev.tandem.policy.infer.DjlEngine;
import dev.tandem.policy.infer.InferencePolicy;
import dev.tandem.policy.infer.JavaMlpEngine;
import dev.tandem.policy.net.DeterministicHead;
import dev.tandem.policy.net.GmmHead;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A chunking policy end to end below training: both engines predict the same k actions, a policy
 * executes them per episode (open loop or temporally ensembled), a reset or a new stream starts
 * from a fresh chunk, a hot swap discards the old version's chunks, and the heads' masked losses
 * leave padded steps out.
 */
class ChunkedPolicyTest {

  private static final Observation A = Observation.of(new float[] {0.1f, -0.2f, 0.3f, 0.25f});
  private static final Observation B = Observation.of(new float[] {-0.3f, 0.1f, -0.1f, 0.2f});

  private static Checkpoint checkpoint(ChunkingConfig chunking, long seed) {
    return TestCheckpoints.random(
        TestCheckpoints.reachFeatures(), NetworkConfig.mlp(32, 32).withChunking(chunking), seed);
  }

  private static Action[] chunkOf(Checkpoint c, Observation o) {
    try (JavaMlpEngine e = new JavaMlpEngine(c)) {
      return e.chunks(List.of(o))[0];
    }
  }

  private static float[] v(Action a) {
    return a.values();
  }

  @Test
  void bothEnginesPredictTheSameChunkOfActionsWithinTheSpec() {
    Checkpoint c = checkpoint(new ChunkingConfig(4, ChunkingConfig.Execution.OPEN_LOOP, 0), 3);
    try (JavaMlpEngine java = new JavaMlpEngine(c);
        DjlEngine djl = new DjlEngine(Fixtures.runtime(), c)) {
      Action[][] j = java.chunks(List.of(A, B));
      Action[][] d = djl.chunks(List.of(A, B));
      assertThat(j).hasDimensions(2, 4);
      for (int i = 0; i < 2; i++) {
        for (int s = 0; s < 4; s++) {
          for (int k = 0; k < 2; k++) {
            assertThat(j[i][s].values()[k]).isCloseTo(d[i][s].values()[k], within(2e-4f));
            assertThat(j[i][s].values()[k]).isBetween(-1f, 1f);
          }
        }
      }
      // the steps of a chunk differ (each has its own output units)
      assertThat(v(j[0][0])).isNotEqualTo(v(j[0][1]));
    }
  }

  @Test
  void openLoopAppliesTheChunkAndAResetOrANewStreamStartsAFreshOne() {
    Checkpoint c = checkpoint(new ChunkingConfig(3, ChunkingConfig.Execution.OPEN_LOOP, 0), 5);
    Action[] fromA = chunkOf(c, A);
    Action[] fromB = chunkOf(c, B);
    try (DirectPolicy p = new DirectPolicy(new JavaMlpEngine(c), PolicyVersion.NONE)) {
      assertThat(v(p.act(A))).isEqualTo(v(fromA[0]));
      assertThat(v(p.act(B))).isEqualTo(v(fromA[1])); // still A's chunk
      Policy other = p.stream();
      assertThat(v(other.act(B))).isEqualTo(v(fromB[0])); // its own chunk
      assertThat(v(p.act(B))).isEqualTo(v(fromA[2])); // p's episode is untouched
      p.act(B); // a new chunk, from B
      p.reset();
      assertThat(v(p.act(A))).isEqualTo(v(fromA[0]));
      assertThat(v(other.act(A))).isEqualTo(v(fromB[1])); // the stream's episode is untouched
    }
  }

  @Test
  void temporalEnsemblingAveragesOverlappingChunksUntilReset() {
    double m = 0.3;
    Checkpoint c =
        checkpoint(new ChunkingConfig(3, ChunkingConfig.Execution.TEMPORAL_ENSEMBLE, m), 6);
    Action[] fromA = chunkOf(c, A);
    Action[] fromB = chunkOf(c, B);
    try (DirectPolicy p = new DirectPolicy(new JavaMlpEngine(c), PolicyVersion.NONE)) {
      assertThat(v(p.act(A))).isEqualTo(v(fromA[0]));
      float[] second = v(p.act(B));
      double w = Math.exp(-m);
      for (int k = 0; k < 2; k++) {
        assertThat(second[k])
            .isCloseTo((float) ((v(fromA[1])[k] + w * v(fromB[0])[k]) / (1 + w)), within(1e-5f));
      }
      p.reset(); // e.g. control came back from a person: A's chunk is stale
      assertThat(v(p.act(B))).isEqualTo(v(fromB[0]));
    }
  }

  @Test
  void aHotSwapDiscardsTheOldVersionsChunks() {
    ChunkingConfig open = new ChunkingConfig(4, ChunkingConfig.Execution.OPEN_LOOP, 0);
    Checkpoint first = checkpoint(open, 7);
    Checkpoint second = checkpoint(new ChunkingConfig(2, ChunkingConfig.Execution.OPEN_LOOP, 0), 8);
    try (InferencePolicy p =
        InferencePolicy.start(
            Fixtures.runtime(),
            new StoredPolicy(new PolicyVersion(1, "a"), first),
            null,
            InferenceConfig.defaults())) {
      Policy stream = p.stream();
      assertThat(v(stream.act(A))).isEqualTo(v(chunkOf(first, A)[0]));
      assertThat(v(stream.act(A))).isEqualTo(v(chunkOf(first, A)[1]));
      p.swap(new StoredPolicy(new PolicyVersion(2, "b"), second)).join();
      // the new version predicts afresh, with its own chunk size
      assertThat(v(stream.act(B))).isEqualTo(v(chunkOf(second, B)[0]));
      assertThat(v(stream.act(A))).isEqualTo(v(chunkOf(second, B)[1]));
      assertThat(v(stream.act(A))).isEqualTo(v(chunkOf(second, A)[0]));
      assertThat(stream.version()).isEqualTo(new PolicyVersion(2, "b"));
    }
  }

  @Test
  void maskedLossesLeavePaddedStepsOut() {
    try (NDManager nd = Fixtures.runtime().newManager()) {
      DeterministicHead det = new DeterministicHead(4);
      NDArray out = nd.create(new float[] {1, 2, 3, 4}, new Shape(1, 4));
      NDArray target = nd.create(new float[] {0, 0, 100, 100}, new Shape(1, 4));
      NDArray mask = nd.create(new float[] {1, 1, 0, 0}, new Shape(1, 4));
      // (1 + 4) / 2: the mean over the two real elements
      assertThat(det.loss(out, target, mask).getFloat(0)).isCloseTo(2.5f, within(1e-6f));

      // a 2-mode mixture over 2 elements with the second masked = the mixture over the first
      GmmHead two = new GmmHead(2, 2, 0.01);
      GmmHead one = new GmmHead(2, 1, 0.01);
      float[] raw2 = {0.3f, -0.2f, 0.5f, 9f, -0.4f, -9f, 0.1f, 2f, 0.7f, -1f};
      float[] raw1 = {0.3f, -0.2f, 0.5f, -0.4f, 0.1f, 0.7f};
      float masked =
          two.loss(
                  nd.create(raw2, new Shape(1, 10)),
                  nd.create(new float[] {0.2f, 50f}, new Shape(1, 2)),
                  nd.create(new float[] {1, 0}, new Shape(1, 2)))
              .getFloat(0);
      float alone =
          one.loss(nd.create(raw1, new Shape(1, 6)), nd.create(new float[] {0.2f}, new Shape(1, 1)))
              .getFloat(0);
      assertThat(masked).isCloseTo(alone, within(1e-5f));
    }
  }
}
