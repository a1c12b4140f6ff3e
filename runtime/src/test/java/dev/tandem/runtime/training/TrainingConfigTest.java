package dev.tandem.runtime.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.intervention.weighting.HgDagger;
import dev.tandem.intervention.weighting.Iwr;
import dev.tandem.policy.config.TrainConfig;
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
}
