package dev.tandem.policy.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.SampleClass;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.core.spec.JointSpec;
import dev.tandem.core.spec.RobotSpec;
import dev.tandem.policy.checkpoint.PolicyFeatures;
import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.config.ChunkingConfig;
import dev.tandem.policy.config.TrainConfig;
import dev.tandem.policy.data.ArraySampleView;
import dev.tandem.policy.data.ImageSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A chunk's training targets are the episode's next recorded actions; steps past the episode's end,
 * and steps the weighting excludes (weight 0), are masked out.
 */
class ChunkTargetsTest {

  private static final EnvironmentSpec SPEC =
      new EnvironmentSpec(
          "test/Line",
          new RobotSpec(
              "point",
              List.of(new JointSpec("x", JointSpec.JointType.PRISMATIC, -1, 1, 1, 1)),
              "point",
              Optional.empty(),
              new RobotSpec.CartesianLimits(
                  1.25, new double[] {-1, -1, -1}, new double[] {1, 1, 1})),
          List.of(FeatureSpec.vector(FeatureSpec.STATE, 1, "m", List.of("x"))),
          new ActionSpec(
              ActionSpec.ActionMode.EE_DELTA, List.of("dx"), new double[] {-9}, new double[] {9}),
          25,
          50,
          Map.of());

  /** Episode A: actions 1, 2, 3, 4 with weights 1, 1, 0, 1; episode B: actions 5, 6. */
  private static ArraySampleView view() {
    ArraySampleView.Builder b = ArraySampleView.builder(1, 1);
    float[] weights = {1, 1, 0, 1};
    for (int i = 0; i < 4; i++) {
      b.add(
          new float[] {i},
          new float[] {i + 1},
          new float[] {i + 1},
          0f,
          false,
          weights[i],
          SampleClass.DEMO);
    }
    b.endEpisode();
    for (int i = 4; i < 6; i++) {
      b.add(
          new float[] {i},
          new float[] {i + 1},
          new float[] {i + 1},
          0f,
          false,
          1f,
          SampleClass.DEMO);
    }
    b.endEpisode();
    return b.build();
  }

  private static BcTrainer.Dataset load(int chunk) {
    BcConfig bc = BcConfig.defaults();
    bc =
        bc.withNetwork(
                bc.network()
                    .withChunking(new ChunkingConfig(chunk, ChunkingConfig.Execution.OPEN_LOOP, 0)))
            .withTrain(bc.train().withSelection(TrainConfig.Selection.LAST, 0));
    return BcTrainer.Dataset.load(
        view(), PolicyFeatures.of(SPEC, bc.network()), bc, ImageSource.NONE);
  }

  @Test
  void targetsAreTheNextRecordedActionsMaskedPastTheEndAndAtZeroWeight() {
    BcTrainer.Dataset d = load(3);
    assertThat(d.targetSize).isEqualTo(3);
    // sample -> the samples whose actions fill its chunk (-1: masked)
    int[][] expected = {
      {0, 1, -1}, // step 2 has weight 0
      {1, -1, 3},
      {2, 3, -1}, // episode A ends after step 3
      {3, -1, -1},
      {4, 5, -1}, // episode B
      {5, -1, -1}
    };
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < 3; j++) {
        int from = expected[i][j];
        int at = i * 3 + j;
        assertThat(d.chunkMask[at]).as("mask %d/%d", i, j).isEqualTo(from < 0 ? 0f : 1f);
        assertThat(d.targets[at])
            .as("target %d/%d", i, j)
            .isEqualTo(from < 0 ? 0f : d.actions[from]);
      }
    }
  }

  @Test
  void singleStepTargetsAreTheActionsUnmaskedAndChunkLinksEnterTheHash() {
    BcTrainer.Dataset one = load(1);
    assertThat(one.targets).isSameAs(one.actions);
    assertThat(one.chunkMask).isNull();
    // the chunk links enter the data hash
    assertThat(load(3).hash).isNotEqualTo(one.hash);
    assertThat(load(2).hash).isNotEqualTo(load(3).hash);
  }
}
