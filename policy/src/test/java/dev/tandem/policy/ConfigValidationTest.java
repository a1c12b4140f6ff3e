package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.config.EncoderConfig;
import dev.tandem.policy.config.HeadType;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.config.NormalizationConfig;
import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.policy.config.TrainConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

  @Test
  void badValuesNameTheFieldAndTheValue() {
    assertThatThrownBy(
            () -> new NetworkConfig(List.of(256, 0), false, HeadType.DETERMINISTIC, 5, 0.01, null))
        .hasMessageContaining("network.hiddenSizes")
        .hasMessageContaining("[256, 0]");
    assertThatThrownBy(() -> NetworkConfig.mlp(64).withHead(HeadType.GMM, 0))
        .hasMessageContaining("network.gmmModes");
    assertThatThrownBy(() -> TrainConfig.defaults().withLearningRate(-1))
        .hasMessageContaining("train.learningRate")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> TrainConfig.defaults().withBatchSize(0))
        .hasMessageContaining("train.batchSize");
    assertThatThrownBy(
            () -> TrainConfig.defaults().withSelection(TrainConfig.Selection.VALIDATION_LOSS, 0))
        .hasMessageContaining("validationFraction is 0");
    assertThatThrownBy(
            () ->
                new NormalizationConfig(
                    NormalizationConfig.Kind.MEAN_STD, NormalizationConfig.Kind.MIN_MAX, 0))
        .hasMessageContaining("normalization.floor");
    assertThatThrownBy(() -> new EncoderConfig(List.of(), 76, 76, 32, 16, 64))
        .hasMessageContaining("encoder.cameras");
    assertThatThrownBy(() -> new EncoderConfig(List.of("front"), 76, 76, 8, 16, 64))
        .hasMessageContaining("encoder.filters")
        .hasMessageContaining("multiple of 16");
    assertThatThrownBy(() -> new RuntimeConfig(RuntimeConfig.DeviceChoice.CPU, 0, 1))
        .hasMessageContaining("runtime.inferenceThreads");
    assertThatThrownBy(() -> new InferenceConfig(InferenceConfig.Engine.AUTO, 0, false, 0))
        .hasMessageContaining("inference.maxBatch");
  }

  @Test
  void crossFieldRulesAreChecked() {
    assertThatThrownBy(
            () ->
                BcConfig.defaults()
                    .withNetwork(NetworkConfig.mlp(64).withHead(HeadType.TANH_GAUSSIAN, 1))
                    .withNormalization(
                        new NormalizationConfig(
                            NormalizationConfig.Kind.MEAN_STD,
                            NormalizationConfig.Kind.MEAN_STD,
                            0.01)))
        .hasMessageContaining("tanh_gaussian")
        .hasMessageContaining("min_max");
  }
}
