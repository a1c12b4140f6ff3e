package dev.tandem.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.Episode;
import dev.tandem.core.data.EpisodeOutcome;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.SampleClass;
import dev.tandem.core.data.Step;
import dev.tandem.core.dataset.ForwardingSampleView;
import dev.tandem.core.dataset.SampleView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreSampleViewTest {

  private static final int S = 7;
  private static final int A = 3;

  @TempDir Path tmp;
  private Path dir;

  /** Episode e has 20 + 3e steps; even episodes record a final observation. */
  @BeforeEach
  void record() {
    dir = tmp.resolve("ds");
    try (EpisodeStore store = EpisodeStore.create(dir, DatasetSpec.of(StoreFixtures.env(S, A)))) {
      for (int e = 0; e < 4; e++) {
        EpisodeWriter w = store.beginEpisode(StoreFixtures.meta(e));
        int n = 20 + 3 * e;
        for (int i = 0; i < n; i++) {
          w.append(StoreFixtures.step(e, i, S, A));
        }
        Optional<Observation> fin =
            e % 2 == 0
                ? Optional.of(StoreFixtures.observation(e, n, S, List.of(), 0, 0))
                : Optional.empty();
        w.end(EpisodeOutcome.of(EndReason.TIME_LIMIT, false), fin);
      }
    }
  }

  /** Expected samples of episode e: (step, next state). */
  private static List<float[][]> expected(Episode ep) {
    List<float[][]> out = new ArrayList<>();
    int n = ep.finalObservation().isPresent() ? ep.length() : ep.length() - 1;
    for (int k = 0; k < n; k++) {
      float[] next =
          k + 1 < ep.length()
              ? ep.steps().get(k + 1).observation().state()
              : ep.finalObservation().orElseThrow().state();
      out.add(new float[][] {ep.steps().get(k).observation().state(), next});
    }
    return out;
  }

  private static void assertSample(SampleView v, int i, Step s, float[] next, boolean last) {
    float[] st = new float[S + 2];
    float[] ac = new float[A];
    float[] nx = new float[S];
    v.state(i, st, 2);
    v.action(i, ac, 0);
    v.nextState(i, nx, 0);
    assertThat(java.util.Arrays.copyOfRange(st, 2, S + 2)).containsExactly(s.observation().state());
    assertThat(ac).containsExactly(s.applied().values());
    assertThat(nx).containsExactly(next);
    assertThat(v.reward(i)).isEqualTo(s.reward());
    assertThat(v.terminal(i)).isEqualTo(s.terminated());
    assertThat(v.episodeEnd(i)).isEqualTo(last);
    assertThat(v.weight(i)).isEqualTo(1f);
  }

  @Test
  void everySampleMatchesTheRecordedSteps() {
    try (EpisodeStore store = EpisodeStore.open(dir)) {
      StoreSampleView v = store.sampleView();
      assertThat(v.stateSize()).isEqualTo(S);
      assertThat(v.actionSize()).isEqualTo(A);
      // 20 + (23 - 1) + 26 + (29 - 1)
      assertThat(v.size()).isEqualTo(96);
      assertThat(v.episodeIds()).containsExactly(0L, 1L, 2L, 3L);
      int i = 0;
      for (long id = 0; id < 4; id++) {
        Episode ep = store.readEpisode(id);
        List<float[][]> exp = expected(ep);
        assertThat(v.episodeStart((int) id)).isEqualTo(i);
        for (int k = 0; k < exp.size(); k++, i++) {
          Step s = ep.steps().get(k);
          assertSample(v, i, s, exp.get(k)[1], k == exp.size() - 1);
          assertThat(v.episodeId(i)).isEqualTo(id);
          assertThat(v.stepIndex(i)).isEqualTo(k);
          assertThat(v.source(i)).isEqualTo(s.source());
          assertThat(v.interventionId(i)).isEqualTo(s.interventionId());
          assertThat(v.truncated(i)).isEqualTo(s.truncated());
          assertThat(v.sampleClass(i)).isEqualTo(StepLabeller.bySource(s));
          float[] proposed = new float[A];
          v.proposedAction(i, proposed, 0);
          assertThat(proposed).containsExactly(s.proposed().values());
        }
      }
      assertThat(i).isEqualTo(v.size());
    }
  }

  @Test
  void batchReadsEqualPerSampleReads() {
    try (EpisodeStore store = EpisodeStore.openReadOnly(dir)) {
      StoreSampleView v = store.sampleView();
      int[] idx = new SplittableRandom(3).ints(64, 0, v.size()).toArray();
      float[] st = new float[64 * S];
      float[] ac = new float[64 * A];
      float[] nx = new float[64 * S];
      float[] rw = new float[64];
      boolean[] te = new boolean[64];
      boolean[] en = new boolean[64];
      v.readBatch(idx, st, ac, nx, rw, te, en);
      float[] one = new float[S];
      float[] oneA = new float[A];
      for (int j = 0; j < idx.length; j++) {
        v.state(idx[j], one, 0);
        assertThat(java.util.Arrays.copyOfRange(st, j * S, (j + 1) * S)).containsExactly(one);
        v.nextState(idx[j], one, 0);
        assertThat(java.util.Arrays.copyOfRange(nx, j * S, (j + 1) * S)).containsExactly(one);
        v.action(idx[j], oneA, 0);
        assertThat(java.util.Arrays.copyOfRange(ac, j * A, (j + 1) * A)).containsExactly(oneA);
        assertThat(rw[j]).isEqualTo(v.reward(idx[j]));
        assertThat(te[j]).isEqualTo(v.terminal(idx[j]));
        assertThat(en[j]).isEqualTo(v.episodeEnd(idx[j]));
      }
      // Null outputs are skipped.
      v.readBatch(idx, null, ac, null, null, null, en);
    }
  }

  @Test
  void subsetsCustomLabelsAndWrappers() {
    try (EpisodeStore store = EpisodeStore.open(dir)) {
      StepLabeller allDemo = episode -> step -> SampleClass.DEMO;
      StoreSampleView v = store.sampleView(List.of(2L, 0L, 2L), allDemo);
      assertThat(v.episodeIds()).containsExactly(2L, 0L);
      assertThat(v.size()).isEqualTo(26 + 20);
      assertThat(v.episodeId(0)).isEqualTo(2);
      assertThat(v.episodeId(26)).isEqualTo(0);
      for (int i = 0; i < v.size(); i++) {
        assertThat(v.sampleClass(i)).isEqualTo(SampleClass.DEMO);
      }
      // An intervention-weighting wrapper: humans x4, robot steps keep the data underneath.
      SampleView weighted =
          new ForwardingSampleView(v) {
            @Override
            public float weight(int i) {
              return v.source(i).isHumanCorrection() ? 4f : 1f;
            }
          };
      float[] a = new float[S];
      float[] b = new float[S];
      for (int i = 0; i < v.size(); i++) {
        weighted.state(i, a, 0);
        v.state(i, b, 0);
        assertThat(a).containsExactly(b);
        assertThat(weighted.weight(i))
            .isEqualTo(
                v.source(i) == ControlSource.POLICY || v.source(i) == ControlSource.SCRIPTED
                    ? 1f
                    : 4f);
      }
      assertThatThrownBy(() -> store.sampleView(List.of(9L)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no episode 9");
      assertThatThrownBy(() -> v.episodeId(v.size())).isInstanceOf(IndexOutOfBoundsException.class);
      EpisodeWriter recording = store.beginEpisode(StoreFixtures.meta(7));
      assertThatThrownBy(() -> store.sampleView(List.of(recording.id())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("still recording");
    }
  }

  @Test
  void episodesMappedInSeveralSegmentsReadTheSame() throws Exception {
    try (EpisodeStore store = EpisodeStore.openReadOnly(dir)) {
      StepLayout layout = store.codec().layout();
      List<StoreSampleView.Part> parts = new ArrayList<>();
      for (long id = 0; id < 4; id++) {
        EpisodeEntry e = store.entry(id);
        // Segments of at most 4 step records force many segment boundaries.
        MappedEpisode m =
            MappedEpisode.map(e.file(), e.stepOffsets(), e.endOffset(), e.validEnd(), 4L * 104 + 8);
        assertThat(m.segments()).isGreaterThan(4);
        parts.add(new StoreSampleView.Part(e, m, null));
      }
      StoreSampleView segmented = new StoreSampleView(layout, parts);
      StoreSampleView whole = store.sampleView();
      assertThat(segmented.size()).isEqualTo(whole.size());
      float[] a = new float[S];
      float[] b = new float[S];
      for (int i = 0; i < whole.size(); i++) {
        segmented.state(i, a, 0);
        whole.state(i, b, 0);
        assertThat(a).containsExactly(b);
        segmented.nextState(i, a, 0);
        whole.nextState(i, b, 0);
        assertThat(a).containsExactly(b);
        assertThat(segmented.reward(i)).isEqualTo(whole.reward(i));
        assertThat(segmented.episodeEnd(i)).isEqualTo(whole.episodeEnd(i));
      }
    }
  }
}
