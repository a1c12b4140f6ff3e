package dev.tandem.teleop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Smoke test: the benchmark runs and reports every figure (the speed target is not asserted). */
class TeleopLatencyBenchmarkTest {
  @Test
  void reports_latency_figures_at_20_and_100_hz() {
    Map<String, Object> r = TeleopLatencyBenchmark.run(8, 3);
    for (String rate : new String[] {"20hz", "100hz"}) {
      assertThat(r)
          .containsKeys(
              "input_to_action_ms_p50_" + rate,
              "input_to_action_ms_p99_" + rate,
              "within_one_tick_fraction_" + rate,
              "tick_to_emit_us_p50_" + rate);
      // an input overtaken by the next one before a (late) tick is not counted
      assertThat((int) r.get("inputs_seen_" + rate)).isBetween(4, 8);
      double p50 = (double) r.get("input_to_action_ms_p50_" + rate);
      double p99 = (double) r.get("input_to_action_ms_p99_" + rate);
      assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
    }
  }

  @Test
  void percentiles_use_the_nearest_rank() {
    double[] v = {5, 1, 4, 2, 3};
    assertThat(TeleopLatencyBenchmark.percentile(v, 50)).isEqualTo(3);
    assertThat(TeleopLatencyBenchmark.percentile(v, 100)).isEqualTo(5);
    assertThat(TeleopLatencyBenchmark.percentile(v, 1)).isEqualTo(1);
  }
}
