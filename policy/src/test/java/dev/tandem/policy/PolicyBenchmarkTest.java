package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark runs and reports every figure (a smoke run; speed targets are not asserted). */
class PolicyBenchmarkTest {
  @Test
  void reportsAllFigures() {
    Fixtures.runtime();
    Map<String, Object> f = PolicyBenchmark.run(PolicyBenchmark.Options.quick());
    assertThat(f)
        .containsKeys(
            "latency_us_p50",
            "latency_us_p99",
            "batch64_obs_per_s",
            "train_samples_per_s",
            "train_samples_per_s_fp32",
            "train_matmul_precision");
    assertThat(((Number) f.get("latency_us_p99")).doubleValue()).isPositive();
    assertThat(((Number) f.get("train_samples_per_s")).doubleValue()).isPositive();
    assertThat((String) f.get("inference_engine")).startsWith("auto");
    assertThat(((Number) f.get("train_samples_per_s_fp32")).doubleValue()).isPositive();
    assertThat(f.get("train_matmul_precision"))
        .isEqualTo(
            Fixtures.runtime()
                .resolveMatmulPrecision(dev.tandem.policy.config.TrainConfig.MatmulPrecision.AUTO)
                .name()
                .toLowerCase());
  }
}
