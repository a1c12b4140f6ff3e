package dev.tandem.runtime.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.config.ConfigLoader;
import dev.tandem.intervention.weighting.HgDagger;
import dev.tandem.intervention.weighting.Iwr;
import dev.tandem.intervention.weighting.PlainBc;
import dev.tandem.policy.config.ChunkingConfig;
import dev.tandem.policy.config.TrainConfig;
import dev.tandem.runtime.config.AllConfigsLoadTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The BC config a method trains with keeps every training setting the experiment gave. */
class TrainingConfigTest {

  @Test
  void theWeightingSchemePicksHowWeightsEnterAndTheMatmulPrecisionSetIsKept() {
    TrainingSettings settings =
        new TrainingSettings(123, 64, 1e-3, null, null, null, null, null, "highest");
    TrainConfig sampler = Training.config(settings, new Iwr(true), 7).train();
    assertThat(sampler.weighting()).isEqualTo(TrainConfig.Weighting.SAMPLER);
    assertThat(sampler.matmulPrecision()).isEqualTo(TrainConfig.MatmulPrecision.HIGHEST);
    assertThat(sampler.steps()).isEqualTo(123);
    assertThat(sampler.batchSize()).isEqualTo(64);
    assertThat(sampler.seed()).isEqualTo(7);

    TrainConfig loss = Training.config(settings, new HgDagger(), 7).train();
    assertThat(loss.weighting()).isEqualTo(TrainConfig.Weighting.LOSS);
    assertThat(loss.matmulPrecision()).isEqualTo(TrainConfig.MatmulPrecision.HIGHEST);
  }

  @Test
  void chunkingIsReadFromYamlIntoTheNetworkConfig() {
    ConfigLoader loader = ConfigLoader.discover();
    var file = AllConfigsLoadTest.configs().resolve("training/bc_chunked.yaml");
    TrainingSettings settings = (TrainingSettings) loader.load(file, List.of());
    ChunkingConfig expected =
        new ChunkingConfig(5, ChunkingConfig.Execution.TEMPORAL_ENSEMBLE, 0.1);
    assertThat(settings.chunking()).isEqualTo(expected);
    assertThat(Training.config(settings, new PlainBc(null), 1).network().chunking())
        .isEqualTo(expected);
    var openLoop =
        (TrainingSettings)
            loader.load(file, List.of("chunking.execution=open_loop", "chunking.size=8"));
    assertThat(openLoop.chunking().execution()).isEqualTo(ChunkingConfig.Execution.OPEN_LOOP);
    assertThat(openLoop.chunking().size()).isEqualTo(8);
    assertThatThrownBy(() -> loader.load(file, List.of("chunking.execution=closed")))
        .hasMessageContaining("chunking")
        .hasMessageContaining("temporal_ensemble");
    assertThatThrownBy(() -> loader.load(file, List.of("chunking.size=0")))
        .hasMessageContaining(
            "--set chunking.size=0: field 'chunking.size': expected 1..256, found 0");
    // settings without the key train single-step policies
    assertThat(TrainingSettings.defaults().toBcConfig(1).network().chunkSize()).isEqualTo(1);
  }
}
