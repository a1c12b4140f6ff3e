package dev.tandem.policy.rl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RlBenchmarkTest {

  /** The benchmark runs and reports its figures (no speed is asserted here). */
  @Test
  void reportsUpdatesPerSecond() {
    Map<String, Object> f = RlBenchmark.run(new RlBenchmark.Options(6, 2, 3, 2, 32, 64, 1, 3, 1));
    assertThat(f).containsKeys("updates_per_s", "ms_per_update", "critics", "batch_size");
    assertThat((Double) f.get("updates_per_s")).isPositive();
    assertThat(f.get("critics")).isEqualTo(3);
    assertThat((Double) f.get("critic_loss_last")).isGreaterThanOrEqualTo(0.0);
    assertThat((Double) f.get("matmul_gflops_1thread")).isPositive();
    assertThat((Double) f.get("matmul_gflops_2threads")).isPositive();
    double limit = (Double) f.get("limit_updates_per_s");
    assertThat(limit).isPositive();
    assertThat((Double) f.get("fraction_of_limit"))
        .isCloseTo(
            (Double) f.get("updates_per_s") / limit, org.assertj.core.data.Offset.offset(1e-3));
  }

  /** The FLOP count of the benchmark's default update is the one worked out by hand (2.079 G). */
  @Test
  void updateFlopsOfTheDefaultWorkload() {
    // per row: critic step 10 (3 x 147,968 - 16,384) = 7,234,560; targets 151,040 + 2 x 147,968;
    // actor step 151,040 + 20 x 147,968 + 2 x 151,040 - 12,800 -> 8,121,856 per row, x 256
    assertThat(RlBenchmark.updateFlops(RlBenchmark.Options.defaults())).isEqualTo(8_121_856L * 256);
  }
}
