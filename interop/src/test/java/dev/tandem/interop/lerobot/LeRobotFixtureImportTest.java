package dev.tandem.interop.lerobot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.config.ConfigLoader;
import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.Episode;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.Step;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.interop.ImportMapping;
import dev.tandem.interop.InteropFixtures;
import dev.tandem.interop.NodeTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A LeRobot v3.0 dataset Tandem did not write (hyparquet-writer, from the published layout: nested
 * lists as pyarrow writes them, image structs, dictionary pages, data pages v2, delta and
 * byte-stream-split encodings, several row groups) imports through a YAML mapping.
 */
class LeRobotFixtureImportTest {

  @TempDir Path tmp;

  static final String MAPPING =
      """
      environment: lerobot/so100_fixture
      robot: so100
      joints: [j0, j1, j2, j3, j4, gripper]
      endEffectorLink: gripper
      actionMode: JOINT_POSITION
      state: [observation.state]
      action: action
      cameras: {top: observation.images.top}
      """;

  /** Writes the fixture with node ({@code video}: the camera as an MP4); returns expected.json. */
  static JsonNode writeFixture(Path dir, int episodes, String... mode) throws Exception {
    List<String> args =
        new java.util.ArrayList<>(List.of(dir.toString(), Integer.toString(episodes)));
    args.addAll(List.of(mode));
    NodeTools.node("write-lerobot-fixture.mjs", args.toArray(String[]::new));
    return new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
  }

  @Test
  void foreignDatasetImportsAsDemonstrations() throws Exception {
    importsAsDemonstrations(writeFixture(tmp.resolve("fx"), 3));
  }

  /**
   * The same with the camera as a video feature (one H.264 MP4 written by the ffmpeg CLI, episodes
   * end to end): each sampled frame comes back within the codec's error of its own pixels, far from
   * any other frame's (the tint jumps by at least 37 levels between frames).
   */
  @Test
  void foreignDatasetWithAVideoFeatureImportsItsFrames() throws Exception {
    JsonNode expected = writeFixture(tmp.resolve("fx"), 3, "video");
    assertThat(tmp.resolve("fx/data/chunk-000/file-000.parquet")).exists();
    importsAsDemonstrations(expected);
  }

  private void importsAsDemonstrations(JsonNode expected) throws Exception {
    boolean video = expected.path("video").asBoolean();
    Path yaml = tmp.resolve("so100.yaml");
    Files.writeString(yaml, MAPPING);
    ImportMapping m = ConfigLoader.discover().load(yaml, ImportMapping.class, List.of());
    LeRobotImporter.Report r =
        LeRobotImporter.importDataset(
            tmp.resolve("fx"), tmp.resolve("store"), Optional.of(m), (d, t) -> {});
    assertThat(r.tandemExport()).isFalse();
    assertThat(r.episodes()).isEqualTo(3);
    try (EpisodeStore store = EpisodeStore.openReadOnly(tmp.resolve("store"))) {
      var env = store.spec().environment();
      assertThat(env.name()).isEqualTo("lerobot/so100_fixture");
      assertThat(env.controlRateHz()).isEqualTo(10.0);
      assertThat(env.action().mode()).isEqualTo(ActionSpec.ActionMode.JOINT_POSITION);
      assertThat(env.action().names()).containsExactly("j0", "j1", "j2", "j3", "j4", "gripper");
      assertThat(env.cameras()).containsExactly("top");
      List<Long> ids = store.readableEpisodeIds();
      for (int e = 0; e < 3; e++) {
        Episode ep = store.readEpisode(ids.get(e));
        // the last frame is the final observation: a step needs the observation after it
        assertThat(ep.length()).isEqualTo(expected.get("lengths").get(e).asInt() - 1);
        assertThat(ep.finalObservation()).isPresent();
        assertThat(ep.steps()).allMatch(s -> s.source() == ControlSource.SCRIPTED);
        Step last = ep.steps().get(ep.length() - 1);
        assertThat(last.done()).isTrue();
        assertThat(ep.steps().subList(0, ep.length() - 1)).noneMatch(Step::done);
      }
      for (JsonNode s : expected.get("samples")) {
        Episode ep = store.readEpisode(ids.get(s.get("episode").asInt()));
        int frame = s.get("frame").asInt();
        Observation o =
            frame == ep.length()
                ? ep.finalObservation().orElseThrow()
                : ep.steps().get(frame).observation();
        InteropFixtures.assertBits(o.state(), floats(s.get("state")));
        if (frame < ep.length()) {
          Step step = ep.steps().get(frame);
          InteropFixtures.assertBits(step.applied().values(), floats(s.get("action")));
          InteropFixtures.assertBits(step.proposed().values(), floats(s.get("action")));
          assertThat(o.stampNanos()).isEqualTo(Math.round((float) (frame / 10.0) * 1e9));
        }
        byte[] px = o.image("top").pixels();
        assertThat(px).hasSize(s.get("pixels").size());
        long error = 0;
        for (int i = 0; i < px.length; i++) {
          int d = Math.abs((px[i] & 0xff) - s.get("pixels").get(i).asInt());
          if (!video) {
            assertThat(d).as("pixel %d", i).isZero();
          }
          error += d;
        }
        assertThat((double) error / px.length)
            .as("mean error of episode %s frame %d (of 255)", s.get("episode"), frame)
            .isLessThan(video ? 3 : 1e-9);
      }
    }
  }

  static float[] floats(JsonNode a) {
    float[] f = new float[a.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) a.get(i).asDouble();
    }
    return f;
  }
}
