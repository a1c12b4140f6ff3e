package dev.tandem.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.EpisodeOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpisodeStoreEvictionTest {

  private static final int S = 4;
  private static final int A = 2;

  @TempDir Path tmp;

  private static void record(EpisodeStore store, long seed, int steps) {
    EpisodeWriter w = store.beginEpisode(StoreFixtures.meta(seed));
    for (int i = 0; i < steps; i++) {
      w.append(StoreFixtures.step(seed, i, S, A));
    }
    w.end(
        EpisodeOutcome.of(EndReason.TIME_LIMIT, false),
        Optional.of(StoreFixtures.observation(seed, steps, S, List.of(), 0, 0)));
  }

  @Test
  void evictingAnEpisodeRemovesOnlyItsFileAndIdsStayMonotonic() throws Exception {
    Path dir = tmp.resolve("ds");
    StoreSampleView before;
    try (EpisodeStore store = EpisodeStore.create(dir, DatasetSpec.of(StoreFixtures.env(S, A)))) {
      for (int e = 0; e < 5; e++) {
        record(store, e, 10 + e);
      }
      Path f4 = store.episode(4).orElseThrow().file();
      byte[][] others = new byte[4][];
      for (int e = 0; e < 4; e++) {
        others[e] = Files.readAllBytes(store.episode(e).orElseThrow().file());
      }
      before = store.sampleView();
      float[] s = new float[S];
      before.state(before.size() - 1, s, 0);

      store.evict(4, "FIFO: robot samples over budget");
      store.evict(1, "LFI");
      assertThat(Files.exists(f4)).isFalse();
      assertThat(store.readableEpisodeIds()).containsExactly(0L, 2L, 3L);
      assertThat(store.evictedEpisodeIds()).containsExactly(1L, 4L);
      for (int e : new int[] {0, 2, 3}) {
        assertThat(Files.readAllBytes(store.episode(e).orElseThrow().file()))
            .as("episode %d untouched", e)
            .isEqualTo(others[e]);
      }
      // A view built before the eviction keeps reading its mapping.
      float[] again = new float[S];
      before.state(before.size() - 1, again, 0);
      assertThat(again).containsExactly(s);
      assertThat(store.sampleView().size()).isEqualTo(10 + 12 + 13);
      assertThat(store.info().evictedEpisodes()).isEqualTo(2);

      assertThatThrownBy(() -> store.readEpisode(4))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no episode 4")
          .hasMessageContaining("evicted");
      assertThatThrownBy(() -> store.evict(4, "twice"))
          .isInstanceOf(IllegalArgumentException.class);
      EpisodeWriter open = store.beginEpisode(StoreFixtures.meta(9));
      assertThat(open.id()).isEqualTo(5);
      assertThatThrownBy(() -> store.evict(5, "recording"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("still recording");
      open.end(EpisodeOutcome.of(EndReason.OPERATOR_STOP, false));
      store.evict(5, "evict the newest");
    }
    // The newest id was evicted: a reopened store still does not reuse it.
    try (EpisodeStore store = EpisodeStore.open(dir)) {
      assertThat(store.recoveryReport().clean()).isTrue();
      assertThat(store.readableEpisodeIds()).containsExactly(0L, 2L, 3L);
      assertThat(store.beginEpisode(StoreFixtures.meta(10)).id()).isEqualTo(6);
    }
  }
}
