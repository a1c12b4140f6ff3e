package dev.tandem.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-step safety line an episode's outcome carries. */
class SafetyByStepTest {

  @Test
  void kindsThatRoseAreKeptAsRunsOfStepsAndLongListsAreCut() {
    SafetyByStep s = new SafetyByStep(List.of("step-limited", "held ticks"));
    s.reset(new long[] {5, 7}); // totals from earlier episodes do not count
    assertThat(s.summary()).isEmpty();
    long[] c = {5, 7};
    for (int step = 0; step < 12; step++) {
      if (step == 1 || step == 2 || step == 3 || step == 7) {
        c[0] += 2; // two joints limited in one step: one step
      }
      if (step == 5 || step == 6) {
        c[1]++;
      }
      s.step(step, c.clone());
    }
    assertThat(s.summary()).isEqualTo("safety by step: step-limited 1-3, 7; held ticks 5-6");
    for (int step = 12; step < 40; step += 2) {
      c[0]++;
      s.step(step, c.clone());
    }
    assertThat(s.summary())
        .startsWith("safety by step: step-limited 1-3, 7, 12, 14, 16, 18 (+10 more);");
    s.reset(c);
    assertThat(s.summary()).isEmpty();
  }
}
