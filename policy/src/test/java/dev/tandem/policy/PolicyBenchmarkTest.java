package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.policy.config.TrainConfig.MatmulPrecision;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The benchmark runs and reports every figure (a smoke run; speed targets are not asserted) with
 * the training precision resolved either way: {@code highest} is what {@code auto} gives on a CPU
 * without {@code avx512_bf16} (only float32 runs exist), {@code medium} what it gives with it
 * (float32 runs measured beside). Both are forced here, so both branches run on any CPU.
 */
class PolicyBenchmarkTest {

  private static PolicyBenchmark.Options small(MatmulPrecision p) {
    return new PolicyBenchmark.Options(
        25,
        4,
        64,
        300,
        0.05,
        8,
        600,
        1,
        p == MatmulPrecision.HIGHEST ? 1 : 0, // the image figures once (they do not branch)
        5,
        p,
        new RuntimeConfig(RuntimeConfig.DeviceChoice.CPU, 1, 1));
  }

  @Test
  void theImageEncodersConvolutionFlopsAreCountedByHand() {
    // 76x76 crop, 32 filters, 32 keypoints: 38x38 after conv1 (3 -> 32), 19x19 after conv2 and
    // conv3 (32 -> 32), 19x19 keypoint maps (1x1, 32 -> 32); 2 FLOPs a multiply-add
    long conv1 = 2L * 38 * 38 * 32 * 3 * 9;
    long forward = conv1 + 2 * (2L * 19 * 19 * 32 * 32 * 9) + 2L * 19 * 19 * 32 * 32;
    assertThat(ImageBenchmark.encoderForwardFlops()).isEqualTo(forward).isEqualTo(16_542_464L);
    assertThat(ImageBenchmark.encoderTrainingFlops()).isEqualTo(3 * forward - 2 * conv1);
  }

  @ParameterizedTest
  @EnumSource(
      value = MatmulPrecision.class,
      names = {"HIGHEST", "MEDIUM"})
  void reportsAllFiguresWhicheverPrecisionAutoResolvesTo(MatmulPrecision precision) {
    Fixtures.runtime();
    Map<String, Object> f = PolicyBenchmark.run(small(precision));
    assertThat(f)
        .containsKeys(
            "act_latency_us_p50",
            "act_latency_us_p99",
            "matmul_gflops_1thread",
            "matmul_gflops_2threads",
            "batch64_fraction_of_limit",
            "train_fraction_of_limit",
            "batch64_obs_per_s",
            "train_samples_per_s",
            "train_samples_per_s_fp32",
            "train_matmul_precision");
    assertThat(((Number) f.get("act_latency_us_p99")).doubleValue()).isPositive();
    if (precision == MatmulPrecision.HIGHEST) {
      assertThat(((Number) f.get("image_train_samples_per_s")).doubleValue()).isPositive();
      assertThat(((Number) f.get("image_latency_ms_p99")).doubleValue()).isPositive();
      assertThat(((Number) f.get("conv_gflops")).doubleValue()).isPositive();
      @SuppressWarnings("unchecked")
      Map<String, Object> images = (Map<String, Object>) f.get("images");
      assertThat(images)
          .containsKeys(
              "image_train_fraction_of_conv_limit", "image_latency_fraction_of_conv_limit");
    } else {
      assertThat(f).doesNotContainKeys("image_train_samples_per_s", "images");
    }
    assertThat(((Number) f.get("matmul_gflops_1thread")).doubleValue()).isPositive();
    assertThat(((Number) f.get("train_fraction_of_limit")).doubleValue()).isPositive();
    assertThat(((Number) f.get("batch64_fraction_of_limit")).doubleValue()).isPositive();
    assertThat(((Number) f.get("train_samples_per_s")).doubleValue()).isPositive();
    assertThat((String) f.get("inference_engine")).startsWith("auto (java below batch");
    assertThat(((Number) f.get("train_samples_per_s_fp32")).doubleValue()).isPositive();
    assertThat(f.get("train_matmul_precision")).isEqualTo(precision.name().toLowerCase());
    @SuppressWarnings("unchecked")
    Map<String, Object> training = (Map<String, Object>) f.get("training");
    assertThat(training).containsKeys("threads1", "threads2", "threads2_vs_threads1_per_pair");
    if (precision == MatmulPrecision.HIGHEST) {
      assertThat(training).doesNotContainKeys("threads1_fp32", "threads1_speedup_per_pair");
      assertThat(f.get("train_samples_per_s_fp32")).isEqualTo(f.get("train_samples_per_s"));
    } else {
      assertThat(training)
          .containsKeys(
              "threads1_fp32",
              "threads2_fp32",
              "threads1_speedup_per_pair",
              "threads2_speedup_per_pair");
    }
  }
}
