package dev.tandem.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.Episode;
import dev.tandem.core.data.EpisodeOutcome;
import dev.tandem.core.data.LanguageEvent;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.Step;
import dev.tandem.core.spec.EnvironmentSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpisodeStoreRoundTripTest {

  private static final List<String> CAMS = List.of("front", "wrist");

  @TempDir Path tmp;

  @Test
  void everyFieldOfStepsMetaAndOutcomeSurvivesReopen() {
    Path dir = tmp.resolve("ds");
    EnvironmentSpec env = StoreFixtures.env(10, 4, CAMS, 6, 5);
    DatasetSpec spec =
        DatasetSpec.of(env).withEnvironmentStateSize(7).withDescription("round trip");
    List<Step> written = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    EndReason[] reasons = EndReason.values();
    try (EpisodeStore store = EpisodeStore.create(dir, spec)) {
      for (int e = 0; e < reasons.length; e++) {
        EpisodeWriter w = store.beginEpisode(StoreFixtures.meta(e));
        ids.add(w.id());
        for (int i = 0; i < 30; i++) {
          Step s = StoreFixtures.step(e, i, 10, 4, CAMS, 6, 5);
          if (e == 0) {
            written.add(s);
          }
          w.append(s, StoreFixtures.envState(e, i, 7));
        }
        Optional<Observation> fin =
            e % 2 == 0
                ? Optional.of(StoreFixtures.observation(e, 30, 10, CAMS, 6, 5))
                : Optional.empty();
        w.end(new EpisodeOutcome(reasons[e], e == 0, "detail " + reasons[e] + " ✓"), fin);
      }
    }
    assertThat(ids).isSorted().doesNotHaveDuplicates();

    try (EpisodeStore store = EpisodeStore.open(dir)) {
      assertThat(store.recoveryReport().clean()).isTrue();
      // CartesianLimits holds arrays, so compare field by field.
      assertThat(store.spec()).usingRecursiveComparison().isEqualTo(spec);
      assertThat(store.spec().environment().robot().joints().get(0).lowerPosition())
          .isEqualTo(Double.NEGATIVE_INFINITY);
      for (int e = 0; e < reasons.length; e++) {
        Episode ep = store.readEpisode(ids.get(e));
        assertThat(ep.id()).isEqualTo(ids.get(e));
        assertThat(ep.meta()).isEqualTo(StoreFixtures.meta(e));
        assertThat(ep.outcome())
            .isEqualTo(new EpisodeOutcome(reasons[e], e == 0, "detail " + reasons[e] + " ✓"));
        assertThat(ep.length()).isEqualTo(30);
        for (int i = 0; i < 30; i++) {
          assertThat(ep.steps().get(i)).isEqualTo(StoreFixtures.step(e, i, 10, 4, CAMS, 6, 5));
        }
        if (e % 2 == 0) {
          assertThat(ep.finalObservation())
              .contains(StoreFixtures.observation(e, 30, 10, CAMS, 6, 5));
        } else {
          assertThat(ep.finalObservation()).isEmpty();
        }
        float[][] envStates = store.readEnvironmentStates(ids.get(e));
        for (int i = 0; i < 30; i++) {
          assertThat(envStates[i]).containsExactly(StoreFixtures.envState(e, i, 7));
        }
      }
      Episode first = store.readEpisode(ids.get(0));
      assertThat(first.steps()).isEqualTo(written);
      assertThat(first.steps().get(4).language()).hasSize(2);
      assertThat(first.steps().get(4).language().get(0).text()).isEqualTo("a bit to the left é");

      EpisodeSummary s = store.episode(ids.get(0)).orElseThrow();
      assertThat(s.status()).isEqualTo(EpisodeStatus.COMPLETE);
      long human = written.stream().filter(x -> x.source() == ControlSource.HUMAN).count();
      assertThat(s.stepsBySource().get(ControlSource.HUMAN)).isEqualTo(human);
      assertThat(s.stepsBySource().values().stream().mapToLong(Long::longValue).sum())
          .isEqualTo(30);

      DatasetInfo info = store.info();
      assertThat(info.episodes()).isEqualTo(reasons.length);
      assertThat(info.steps()).isEqualTo(30L * reasons.length);
      assertThat(info.successfulEpisodes()).isEqualTo(1);
      assertThat(info.episodesByEndReason().get(EndReason.ABORTED)).isEqualTo(1);
      assertThat(info.features())
          .extracting(f -> f.key())
          .containsExactly(
              "observation.state",
              "action",
              "environment.state",
              "observation.images.front",
              "observation.images.wrist");
      assertThat(info.bytesOnDisk()).isGreaterThan(30L * reasons.length * 2 * 6 * 5 * 3);
      assertThat(info.toMap()).containsEntry("steps", 30L * reasons.length);
      // every language correction, with its episode and step: two at every fifth step
      assertThat(info.corrections()).hasSize(2 * 6 * reasons.length);
      assertThat(info.corrections().get(0))
          .isEqualTo(
              new DatasetInfo.Correction(
                  ids.get(0),
                  4,
                  new LanguageEvent("a bit to the left é", "move(-y, small)", true, 77L * 4)));
      assertThat(info.corrections().get(1).event().understood()).isFalse();
      assertThat(info.corrections())
          .extracting(DatasetInfo.Correction::step)
          .containsOnly(4, 9, 14, 19, 24, 29);
      assertThat(info.corrections().get(info.corrections().size() - 1).episodeId())
          .isEqualTo(ids.get(reasons.length - 1));
      assertThat(info.toMap().get("language_corrections").toString())
          .contains("text=a bit to the left é")
          .contains("interpretation=move(-y, small)");
    }
  }

  @Test
  void readOnlyStoreSeesWhatWasWrittenAndRefusesWrites() {
    Path dir = tmp.resolve("ro");
    try (EpisodeStore store = EpisodeStore.create(dir, DatasetSpec.of(StoreFixtures.env(3, 2)))) {
      EpisodeWriter w = store.beginEpisode(StoreFixtures.meta(1));
      for (int i = 0; i < 5; i++) {
        w.append(StoreFixtures.step(1, i, 3, 2));
      }
      w.end(EpisodeOutcome.of(EndReason.SUCCESS, true));
    }
    try (EpisodeStore ro = EpisodeStore.openReadOnly(dir)) {
      assertThat(ro.isReadOnly()).isTrue();
      assertThat(ro.readEpisode(0).steps()).hasSize(5);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> ro.beginEpisode(StoreFixtures.meta(2)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("read-only");
    }
  }
}
