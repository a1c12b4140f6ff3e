package dev.tandem.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark runs end to end on a tiny configuration and reports its figures (no timing). */
class StoreBenchmarkTest {

  @TempDir Path tmp;

  @Test
  void reportsEveryFigureAndCleansUp() throws Exception {
    StoreBenchmark.Config c = new StoreBenchmark.Config(64, 8, 2, 3, 100, 32, 4_096, 0.2, 1, tmp);
    Map<String, Object> r = StoreBenchmark.run(c);
    assertThat(r)
        .containsKeys(
            "append_steps_per_s",
            "read_steps_per_s",
            "append_cpu_us_per_step",
            "read_cpu_ns_per_step",
            "paced_max_durability_lag_ms");
    assertThat(((Number) r.get("append_steps_per_s")).longValue()).isPositive();
    assertThat(((Number) r.get("read_steps_per_s")).longValue()).isPositive();
    assertThat(r.get("append_steps")).isEqualTo(600L);
    // 6 episodes of 100 steps with final observations: every step is a sample.
    assertThat(r.get("view_samples")).isEqualTo(600);
    assertThat(((Number) r.get("bytes_per_step")).doubleValue()).isBetween(350.0, 400.0);
    try (var s = Files.list(tmp)) {
      assertThat(s).isEmpty();
    }
  }
}
