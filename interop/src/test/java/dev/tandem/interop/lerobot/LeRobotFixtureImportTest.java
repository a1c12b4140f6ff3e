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

  /** Writes the fixture with node; returns its expected.json. */
  static JsonNode writeFixture(Path dir, int episodes) throws Exception {
    NodeTools.node("write-lerobot-fixture.mjs", dir.toString(), Integer.toString(episodes));
    return new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
  }

  @Test
  void foreignDatasetImportsAsDemonstrations() throws Exception {
    JsonNode expected = writeFixture(tmp.resolve("fx"), 3);
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
        for (int i = 0; i < px.length; i++) {
          assertThat(px[i] & 0xff).isEqualTo(s.get("pixels").get(i).asInt());
        }
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
