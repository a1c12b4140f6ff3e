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
  }
}
