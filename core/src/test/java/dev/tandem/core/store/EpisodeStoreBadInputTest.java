package dev.tandem.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.data.EpisodeOutcome;
import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.Step;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets a clear error naming the file or field and what was expected. */
class EpisodeStoreBadInputTest {

  private static final int S = 6;
  private static final int A = 2;
  private static final List<String> CAMS = List.of("front");

  @TempDir Path tmp;

  private Path dataset() {
    Path dir = tmp.resolve("ds");
    try (EpisodeStore store =
        EpisodeStore.create(dir, DatasetSpec.of(StoreFixtures.env(S, A, CAMS, 4, 4)))) {
      EpisodeWriter w = store.beginEpisode(StoreFixtures.meta(0));
      for (int i = 0; i < 3; i++) {
        w.append(StoreFixtures.step(0, i, S, A, CAMS, 4, 4));
      }
      w.end(EpisodeOutcome.of(EndReason.SUCCESS, true));
    }
    return dir;
  }

  @Test
  void aDirectoryThatIsNotADatasetIsRejected() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("not-a-dataset"));
    assertThatThrownBy(() -> EpisodeStore.open(empty))
        .isInstanceOf(EpisodeStoreException.class)
        .hasMessageContaining(empty + " is not a Tandem dataset")
        .hasMessageContaining("dataset.json");
    assertThatThrownBy(() -> EpisodeStore.openReadOnly(tmp.resolve("missing")))
        .isInstanceOf(EpisodeStoreException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> DatasetVerifier.verify(empty))
        .isInstanceOf(EpisodeStoreException.class)
        .hasMessageContaining("is not a Tandem dataset");
    Path file = Files.writeString(tmp.resolve("file.txt"), "x");
    assertThatThrownBy(() -> EpisodeStore.open(file))
        .hasMessageContaining("is a file, not a dataset directory");
  }

  @Test
  void aNewerFormatVersionIsRejectedNamingTheFile() throws Exception {
    Path dir = dataset();
    Path manifest = dir.resolve("dataset.json");
    String json = Files.readString(manifest);
    Files.writeString(manifest, json.replace("\"formatVersion\" : 1", "\"formatVersion\" : 3"));
    assertThatThrownBy(() -> EpisodeStore.open(dir))
        .isInstanceOf(EpisodeStoreException.class)
        .hasMessageContaining(manifest.toString())
        .hasMessageContaining("format version 3")
        .hasMessageContaining("reads format versions up to 1");
    assertThatThrownBy(() -> DatasetVerifier.verify(dir)).hasMessageContaining("format version 3");
    Files.writeString(manifest, json);

    // An episode file written by a newer version.
    Path ep = dir.resolve("episodes").resolve(StoreFormat.episodeFileName(0));
    byte[] bytes = Files.readAllBytes(ep);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(8, 2);
    b.putInt(28, StoreFormat.crc(b, 0, 28));
    Files.write(ep, bytes);
    assertThatThrownBy(() -> EpisodeStore.openReadOnly(dir))
        .isInstanceOf(EpisodeStoreException.class)
        .hasMessageContaining(ep.toString())
        .hasMessageContaining("episode format version 2");
  }

  @Test
  void aMalformedManifestNamesTheField() throws Exception {
    Path dir = dataset();
    Path manifest = dir.resolve("dataset.json");
    String json = Files.readString(manifest);
    Files.writeString(manifest, json.replace("\"maxEpisodeSteps\"", "\"maxSteps\""));
    assertThatThrownBy(() -> EpisodeStore.open(dir))
        .isInstanceOf(EpisodeStoreException.class)
        .hasMessageContaining("dataset.json")
        .hasMessageContaining("environment.maxEpisodeSteps")
        .hasMessageContaining("is missing");
    Files.writeString(manifest, json.replace("\"controlRateHz\" : 25.0", "\"controlRateHz\" : -1"));
    assertThatThrownBy(() -> EpisodeStore.open(dir))
        .hasMessageContaining("control rate must be positive");
    Files.writeString(manifest, "{ not json");
    assertThatThrownBy(() -> EpisodeStore.open(dir)).hasMessageContaining("not valid JSON");
  }

  @Test
  void stepsThatDoNotMatchTheFeaturesAreRejectedAndNothingIsLost() {
    Path dir = dataset();
    try (EpisodeStore store = EpisodeStore.open(dir)) {
      EpisodeWriter w = store.beginEpisode(StoreFixtures.meta(1));
      w.append(StoreFixtures.step(1, 0, S, A, CAMS, 4, 4));
      Step good = StoreFixtures.step(1, 1, S, A, CAMS, 4, 4);

      Step shortState =
          good.withObservation(new Observation(new float[3], good.observation().images(), 0));
      assertThatThrownBy(() -> w.append(shortState))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("episode 1")
          .hasMessageContaining("step 1")
          .hasMessageContaining("observation.state has 3 values, the dataset expects 6");

      Step bigAction =
          new Step(
              1,
              good.observation(),
              good.proposed(),
              Action.zeros(5),
              good.source(),
              -1,
              0f,
              false,
              false,
              List.of(),
              0);
      assertThatThrownBy(() -> w.append(bigAction))
          .hasMessageContaining("applied action has 5 values")
          .hasMessageContaining("expects 2");

      Step noCamera =
          good.withObservation(new Observation(good.observation().state(), Map.of(), 0));
      assertThatThrownBy(() -> w.append(noCamera))
          .hasMessageContaining("no image for camera 'front'")
          .hasMessageContaining("observation.images.front [4, 4, 3]");

      Step smallImage =
          good.withObservation(
              new Observation(
                  good.observation().state(),
                  Map.of("front", new ImageFrame(2, 4, 3, new byte[24])),
                  0));
      assertThatThrownBy(() -> w.append(smallImage))
          .hasMessageContaining("observation.images.front is 2x4x3, the dataset expects 4x4x3");

      assertThatThrownBy(() -> w.append(good, new float[2]))
          .hasMessageContaining("created without environment.state");

      Step skipped = StoreFixtures.step(1, 5, S, A, CAMS, 4, 4);
      assertThatThrownBy(() -> w.append(skipped))
          .hasMessageContaining("step index 5 out of sequence, expected 1");

      assertThatThrownBy(
              () ->
                  store.beginEpisode(
                      new EpisodeMeta("sim/Other", 1, null, "", "", Instant.EPOCH, Map.of())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'sim/Other'")
          .hasMessageContaining("'" + StoreFixtures.ENV + "'");

      // The writer is still usable after every rejection.
      w.append(good);
      w.end(EpisodeOutcome.of(EndReason.SUCCESS, true));
      assertThatThrownBy(() -> w.append(StoreFixtures.step(1, 2, S, A, CAMS, 4, 4)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("has ended");
    }
    try (EpisodeStore store = EpisodeStore.open(dir)) {
      assertThat(store.recoveryReport().clean()).isTrue();
      assertThat(store.readEpisode(0).length()).isEqualTo(3);
      assertThat(store.readEpisode(1).steps())
          .containsExactly(
              StoreFixtures.step(1, 0, S, A, CAMS, 4, 4),
              StoreFixtures.step(1, 1, S, A, CAMS, 4, 4));
    }
  }

  @Test
  void oneWriterPerDatasetReadersAlongside() {
    Path dir = dataset();
    try (EpisodeStore writer = EpisodeStore.open(dir)) {
      assertThatThrownBy(() -> EpisodeStore.open(dir))
          .isInstanceOf(EpisodeStoreException.class)
          .hasMessageContaining("open for writing by another store")
          .hasMessageContaining(".lock");
      try (EpisodeStore reader = EpisodeStore.openReadOnly(dir)) {
        assertThat(reader.readEpisode(0).length()).isEqualTo(3);
      }
      assertThat(writer.readEpisode(0).length()).isEqualTo(3);
    }
    try (EpisodeStore again = EpisodeStore.open(dir)) {
      assertThat(again.isReadOnly()).isFalse();
    }
  }

  @Test
  void creatingOverExistingDataOrWithOtherFeaturesIsRejected() {
    Path dir = dataset();
    DatasetSpec other = DatasetSpec.of(StoreFixtures.env(S + 1, A));
    assertThatThrownBy(() -> EpisodeStore.create(dir, other))
        .isInstanceOf(EpisodeStoreException.class)
        .hasMessageContaining("not empty")
        .hasMessageContaining("open it instead");
    assertThatThrownBy(() -> EpisodeStore.openOrCreate(dir, other, StoreOptions.defaults()))
        .isInstanceOf(EpisodeStoreException.class)
        .hasMessageContaining("observation.state[6]")
        .hasMessageContaining("observation.state[7]");
    try (EpisodeStore same =
        EpisodeStore.openOrCreate(
            dir, DatasetSpec.of(StoreFixtures.env(S, A, CAMS, 4, 4)), StoreOptions.defaults())) {
      assertThat(same.readableEpisodeIds()).containsExactly(0L);
    }
    assertThatThrownBy(
            () -> StoreOptions.defaults().withGroupCommitInterval(Duration.ofMillis(200)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(0, 50 ms]");
  }

  @Test
  void datasetJsonDescribesTheDataset() throws Exception {
    Path dir = dataset();
    String json = Files.readString(dir.resolve("dataset.json"), StandardCharsets.UTF_8);
    assertThat(json)
        .contains("\"format\" : \"tandem.episode-store\"")
        .contains("\"observation.images.front\"")
        .contains("\"goal_range_m\" : \"0.3\"")
        .contains("\"lowerPosition\" : \"-Infinity\"");
  }
}
