package dev.tandem.policy.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.Action;
import dev.tandem.policy.config.ChunkingConfig;
import org.junit.jupiter.api.Test;

/** The arithmetic of chunk execution, against weights computed by hand. */
class ChunkExecutorTest {

  private static Action[] chunk(float... firstElements) {
    Action[] c = new Action[firstElements.length];
    for (int j = 0; j < c.length; j++) {
      // second element: minus the first, so both elements are checked
      c[j] = new Action(new float[] {firstElements[j], -firstElements[j]});
    }
    return c;
  }

  private static float step(ChunkExecutor ex, Action[] predicted) {
    assertThat(ex.needsChunk()).isTrue();
    ex.add(predicted);
    Action a = ex.next();
    assertThat(a.values()[1]).isCloseTo(-a.values()[0], within(1e-4f));
    return a.values()[0];
  }

  @Test
  void temporalEnsemblingWeighsTheOldestChunkMostWithActsExponentialWeights() {
    double m = 0.5;
    ChunkExecutor ex =
        new ChunkExecutor(new ChunkingConfig(3, ChunkingConfig.Execution.TEMPORAL_ENSEMBLE, m));
    double w0 = 1;
    double w1 = Math.exp(-m);
    double w2 = Math.exp(-2 * m);
    // step 0: only the chunk predicted now
    assertThat(step(ex, chunk(1, 2, 3))).isEqualTo(1f);
    // step 1: chunk 0's second action (oldest, weight 1) and chunk 1's first (weight e^-m)
    assertThat(step(ex, chunk(10, 20, 30)))
        .isCloseTo((float) ((2 * w0 + 10 * w1) / (w0 + w1)), within(1e-4f));
    // step 2: three chunks cover it
    assertThat(step(ex, chunk(100, 200, 300)))
        .isCloseTo((float) ((3 * w0 + 20 * w1 + 100 * w2) / (w0 + w1 + w2)), within(1e-3f));
    // step 3: chunk 0 no longer covers it; chunk 1 is now the oldest
    assertThat(step(ex, chunk(1000, 2000, 3000)))
        .isCloseTo((float) ((30 * w0 + 200 * w1 + 1000 * w2) / (w0 + w1 + w2)), within(1e-2f));

    // a reset forgets every chunk: the next step is the new chunk's first action
    ex.reset();
    assertThat(step(ex, chunk(7, 8, 9))).isEqualTo(7f);
    assertThat(step(ex, chunk(70, 80, 90)))
        .isCloseTo((float) ((8 * w0 + 70 * w1) / (w0 + w1)), within(1e-4f));
  }

  @Test
  void zeroDecayAveragesEvenly() {
    ChunkExecutor ex =
        new ChunkExecutor(new ChunkingConfig(2, ChunkingConfig.Execution.TEMPORAL_ENSEMBLE, 0));
    step(ex, chunk(1, 4));
    assertThat(step(ex, chunk(10, 0))).isEqualTo(7f); // (4 + 10) / 2
  }

  @Test
  void openLoopAppliesAChunkInOrderThenAsksForTheNext() {
    ChunkExecutor ex =
        new ChunkExecutor(new ChunkingConfig(3, ChunkingConfig.Execution.OPEN_LOOP, 0));
    assertThat(step(ex, chunk(1, 2, 3))).isEqualTo(1f);
    assertThat(ex.needsChunk()).isFalse();
    assertThat(ex.next().values()[0]).isEqualTo(2f);
    assertThat(ex.next().values()[0]).isEqualTo(3f);
    assertThat(step(ex, chunk(4, 5, 6))).isEqualTo(4f);
    // a reset drops the rest of the chunk
    ex.reset();
    assertThat(step(ex, chunk(7, 8, 9))).isEqualTo(7f);
  }

  @Test
  void aSingleStepPolicyPassesItsActionThrough() {
    ChunkExecutor ex = new ChunkExecutor(ChunkingConfig.none());
    Action[] c = chunk(5);
    ex.add(c);
    assertThat(ex.next()).isSameAs(c[0]);
  }

  @Test
  void aChunkOfTheWrongSizeIsRefused() {
    ChunkExecutor ex =
        new ChunkExecutor(new ChunkingConfig(4, ChunkingConfig.Execution.TEMPORAL_ENSEMBLE, 0.01));
    assertThatThrownBy(() -> ex.add(chunk(1, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chunk of 2 actions, the policy predicts 4");
  }
}
