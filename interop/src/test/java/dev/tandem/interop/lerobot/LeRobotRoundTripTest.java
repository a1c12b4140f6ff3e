package dev.tandem.interop.lerobot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.Episode;
import dev.tandem.core.data.SampleClass;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.ProgressListener;
import dev.tandem.interop.InteropFixtures;
import dev.tandem.interop.parquet.ParquetFile;
import dev.tandem.intervention.Segmenter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Store -> LeRobot v3.0 -> store keeps every step, action, observation and label bit for bit. */
class LeRobotRoundTripTest {

  @TempDir Path tmp;

  private static final ProgressListener QUIET = (done, total) -> {};

  @Test
  void storeToLeRobotToStoreIsExact() throws Exception {
    try (EpisodeStore store = InteropFixtures.record(tmp.resolve("src"), 4, InteropFixtures.CAMS)) {
      Segmenter seg = new Segmenter(3);
      // Small data files: the 4 episodes spread over several files, as a large export would.
      LeRobotExporter.Options o =
          LeRobotExporter.Options.defaults().withLabeller(seg.labeller()).withDataFileBytes(2000);
      LeRobotExporter.Report r = LeRobotExporter.export(store, tmp.resolve("lerobot"), o, QUIET);
      assertThat(r.episodes()).isEqualTo(4);
      assertThat(r.dataFiles()).isGreaterThan(1);
      assertThat(Files.exists(tmp.resolve("lerobot.partial"))).isFalse();
      for (String f :
          List.of(
              "meta/info.json",
              "meta/stats.json",
              "meta/tasks.parquet",
              "meta/episodes/chunk-000/file-000.parquet",
              "data/chunk-000/file-000.parquet")) {
        assertThat(tmp.resolve("lerobot").resolve(f)).exists();
      }
      // The pre-intervention label is the Segmenter's, as training sees it.
      ParquetFile data = ParquetFile.open(tmp.resolve("lerobot/data/chunk-000/file-000.parquet"));
      long[] labels = data.column(LeRobotFormat.INTV_LABEL).longs();
      long[] episodeIndex = data.column(LeRobotFormat.EPISODE_INDEX).longs();
      Episode first = store.readEpisode(store.readableEpisodeIds().get(0));
      Function<dev.tandem.core.data.Step, SampleClass> f = seg.labeller().forEpisode(first);
      int checked = 0;
      for (int i = 0; i < labels.length && episodeIndex[i] == 0; i++) {
        assertThat(labels[i]).isEqualTo(f.apply(first.steps().get(i)).robomimicLabel());
        checked++;
      }
      assertThat(checked).isPositive();
      assertThat(labels).contains(-10L, 0L, 1L);

      LeRobotImporter.Report in =
          LeRobotImporter.importDataset(
              tmp.resolve("lerobot"), tmp.resolve("back"), Optional.empty(), QUIET);
      assertThat(in.tandemExport()).isTrue();
      assertThat(in.episodes()).isEqualTo(4);
      try (EpisodeStore back = EpisodeStore.openReadOnly(tmp.resolve("back"))) {
        InteropFixtures.assertSameEpisodes(store, back);
      }
    }
  }

  @Test
  void withoutImagesTheStoreComesBackWithoutCameras() throws Exception {
    try (EpisodeStore store = InteropFixtures.record(tmp.resolve("src"), 2, InteropFixtures.CAMS)) {
      LeRobotExporter.export(
          store, tmp.resolve("lr"), LeRobotExporter.Options.defaults().withoutImages(), QUIET);
      assertThat(ParquetFile.open(tmp.resolve("lr/data/chunk-000/file-000.parquet")).fields())
          .noneMatch(x -> x.startsWith("observation.images."));
      LeRobotImporter.importDataset(
          tmp.resolve("lr"), tmp.resolve("back"), Optional.empty(), QUIET);
      try (EpisodeStore back = EpisodeStore.openReadOnly(tmp.resolve("back"))) {
        assertThat(back.spec().recordImages()).isFalse();
        Episode a = store.readEpisode(store.readableEpisodeIds().get(1));
        Episode b = back.readEpisode(back.readableEpisodeIds().get(1));
        for (int i = 0; i < a.length(); i++) {
          InteropFixtures.assertBits(
              b.steps().get(i).observation().state(), a.steps().get(i).observation().state());
          assertThat(b.steps().get(i).observation().images()).isEmpty();
          assertThat(b.steps().get(i).language()).isEqualTo(a.steps().get(i).language());
        }
      }
    }
  }
}
