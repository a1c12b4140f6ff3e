package dev.tandem.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's shape (its figures are measured by running it, not asserted here). */
class SimBenchmarkTest {

  @Test
  @SuppressWarnings("unchecked")
  void reportsFiguresPerTask() {
    Map<String, Object> r = SimBenchmark.run(2, List.of("Reach"), false);
    assertThat(r).containsEntry("substeps", 25).containsEntry("control_rate_hz", 20.0);
    Map<String, Object> reach =
        (Map<String, Object>) ((Map<String, Object>) r.get("tasks")).get("Reach");
    assertThat(reach)
        .containsKeys(
            "physics_steps_per_s", "env_steps_per_s", "expert_success_rate", "mean_episode_steps");
    assertThat((Double) reach.get("env_steps_per_s")).isPositive();
    assertThat((Double) reach.get("physics_steps_per_s"))
        .isCloseTo(
            25 * (Double) reach.get("env_steps_per_s"), org.assertj.core.data.Offset.offset(2.0));
  }

  @Test
  void unknownTaskIsRefused() {
    assertThatThrownBy(() -> SimBenchmark.run(1, List.of("Juggle"), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Juggle")
        .hasMessageContaining("PickAndPlace");
  }
}
