package dev.tandem.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.Episode;
import dev.tandem.core.data.EpisodeOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vectorized recording: several episodes open at once, appended from different threads. */
class EpisodeStoreConcurrencyTest {

  private static final int S = 8;
  private static final int A = 3;
  private static final List<String> CAMS = List.of("cam");

  @TempDir Path tmp;

  @Test
  void writersOnManyThreadsKeepEveryEpisodeWholeAndIdsUnique() throws Exception {
    Path dir = tmp.resolve("ds");
    int threads = 6;
    int episodesPerThread = 5;
    Map<Long, Integer> durable = new ConcurrentHashMap<>();
    Map<Long, Long> seeds = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    StoreOptions options = StoreOptions.defaults().withGroupCommitInterval(Duration.ofMillis(5));
    try (EpisodeStore store =
        EpisodeStore.create(dir, DatasetSpec.of(StoreFixtures.env(S, A, CAMS, 4, 4)), options)) {
      store.addDurabilityListener((id, steps, ended) -> durable.merge(id, steps, Math::max));
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int e = 0; e < episodesPerThread; e++) {
                    long seed = thread * 100L + e;
                    EpisodeWriter w = store.beginEpisode(StoreFixtures.meta(seed));
                    seeds.put(w.id(), seed);
                    int steps = 40 + thread * 7 + e;
                    for (int i = 0; i < steps; i++) {
                      w.append(StoreFixtures.step(seed, i, S, A, CAMS, 4, 4));
                      if (i % 16 == 0) {
                        Thread.yield();
                      }
                    }
                    if (e % 2 == 0) {
                      w.end(
                          EpisodeOutcome.of(EndReason.SUCCESS, true),
                          Optional.of(StoreFixtures.observation(seed, steps, S, CAMS, 4, 4)));
                    } else {
                      w.abort("simulated crash of env " + thread);
                    }
                  }
                  return null;
                }));
      }
      // Meanwhile: readers build views over whatever has ended so far.
      start.countDown();
      for (int k = 0; k < 5; k++) {
        StoreSampleView v = store.sampleView();
        float[] s = new float[S];
        for (int i = 0; i < v.size(); i++) {
          v.state(i, s, 0);
          assertThat(s[0])
              .isEqualTo(StoreFixtures.value(seeds.get(v.episodeId(i)), v.stepIndex(i), 0));
        }
        Thread.sleep(5);
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      store.sync();
      assertThat(store.episodes()).hasSize(threads * episodesPerThread);
      assertThat(durable).hasSize(threads * episodesPerThread);
    } finally {
      pool.shutdownNow();
    }
    try (EpisodeStore store = EpisodeStore.open(dir)) {
      assertThat(store.recoveryReport().clean()).isTrue();
      List<Long> ids = store.readableEpisodeIds();
      assertThat(ids).hasSize(threads * episodesPerThread).doesNotHaveDuplicates();
      assertThat(ids.get(ids.size() - 1)).isEqualTo(threads * episodesPerThread - 1);
      for (long id : ids) {
        long seed = seeds.get(id);
        Episode ep = store.readEpisode(id);
        int thread = (int) (seed / 100);
        int e = (int) (seed % 100);
        int steps = 40 + thread * 7 + e;
        assertThat(ep.meta()).isEqualTo(StoreFixtures.meta(seed));
        assertThat(ep.length()).isEqualTo(steps);
        assertThat(durable.get(id)).isEqualTo(steps);
        for (int i = 0; i < steps; i++) {
          assertThat(ep.steps().get(i)).isEqualTo(StoreFixtures.step(seed, i, S, A, CAMS, 4, 4));
        }
        assertThat(ep.outcome().reason())
            .isEqualTo(e % 2 == 0 ? EndReason.SUCCESS : EndReason.ABORTED);
        if (e % 2 == 1) {
          assertThat(ep.outcome().detail()).isEqualTo("simulated crash of env " + thread);
        }
      }
    }
  }
}
