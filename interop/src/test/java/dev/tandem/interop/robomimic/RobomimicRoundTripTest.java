package dev.tandem.interop.robomimic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.Episode;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.RobomimicExporter;
import dev.tandem.interop.InteropFixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Store -> robomimic HDF5 -> store keeps every exported step, action, observation and label. */
class RobomimicRoundTripTest {

  @TempDir Path tmp;

  @Test
  void storeToRobomimicToStoreIsExact() throws Exception {
    try (EpisodeStore store = InteropFixtures.record(tmp.resolve("src"), 3, InteropFixtures.CAMS)) {
      RobomimicExporter.export(
          store, tmp.resolve("x.hdf5"), RobomimicExporter.Options.defaults(), (d, t) -> {});
      RobomimicImporter.Report r =
          RobomimicImporter.importFile(
              tmp.resolve("x.hdf5"), tmp.resolve("back"), Optional.empty(), (d, t) -> {});
      assertThat(r.tandemExport()).isTrue();
      assertThat(r.episodes()).isEqualTo(3);
      try (EpisodeStore back = EpisodeStore.openReadOnly(tmp.resolve("back"))) {
        List<Long> a = store.readableEpisodeIds();
        List<Long> b = back.readableEpisodeIds();
        // Episodes 0 and 2 recorded a final observation: they come back exactly.
        for (int e : new int[] {0, 2}) {
          Episode x = store.readEpisode(a.get(e));
          Episode y = back.readEpisode(b.get(e));
          assertThat(y.steps()).isEqualTo(x.steps());
          assertThat(y.meta()).isEqualTo(x.meta());
          assertThat(y.outcome()).isEqualTo(x.outcome());
          assertThat(y.finalObservation()).isEqualTo(x.finalObservation());
          float[][] ex = store.readEnvironmentStates(a.get(e));
          float[][] ey = back.readEnvironmentStates(b.get(e));
          for (int i = 0; i < ex.length; i++) {
            InteropFixtures.assertBits(ey[i], ex[i]);
            InteropFixtures.assertBits(
                y.steps().get(i).observation().state(), x.steps().get(i).observation().state());
            InteropFixtures.assertBits(
                y.steps().get(i).applied().values(), x.steps().get(i).applied().values());
          }
        }
        // Episode 1 had none: robomimic keeps the steps with a next observation.
        Episode x = store.readEpisode(a.get(1));
        Episode y = back.readEpisode(b.get(1));
        assertThat(y.steps()).isEqualTo(x.steps().subList(0, x.length() - 1));
        assertThat(y.finalObservation()).contains(x.steps().get(x.length() - 1).observation());
        assertThat(y.outcome()).isEqualTo(x.outcome());
      }
    }
  }
}
