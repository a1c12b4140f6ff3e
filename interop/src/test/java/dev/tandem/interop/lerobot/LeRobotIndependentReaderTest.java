package dev.tandem.interop.lerobot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.data.Episode;
import dev.tandem.core.data.LanguageEvent;
import dev.tandem.core.data.SampleClass;
import dev.tandem.core.data.Step;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.SourceCodes;
import dev.tandem.interop.InteropFixtures;
import dev.tandem.interop.NodeTools;
import dev.tandem.intervention.Segmenter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported parquet files read by hyparquet (npm, an independent implementation): row counts,
 * column names, shapes, sampled values of every kind of column, images, episodes and corrections
 * checked against the store.
 */
class LeRobotIndependentReaderTest {

  @TempDir Path tmp;

  @Test
  void hyparquetReadsTheExportAsTheStoreHoldsIt() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode expected = json.createObjectNode();
    try (EpisodeStore store = InteropFixtures.record(tmp.resolve("src"), 3, InteropFixtures.CAMS)) {
      Segmenter seg = new Segmenter(3);
      LeRobotExporter.export(
          store,
          tmp.resolve("lr"),
          LeRobotExporter.Options.defaults().withLabeller(seg.labeller()).withDataFileBytes(3000),
          (d, t) -> {});
      ArrayNode lengths = expected.putArray("episodeLengths");
      ArrayNode samples = expected.putArray("samples");
      ArrayNode language = expected.putArray("language");
      long index = 0;
      List<Long> ids = store.readableEpisodeIds();
      for (int e = 0; e < ids.size(); e++) {
        Episode ep = store.readEpisode(ids.get(e));
        float[][] env = store.readEnvironmentStates(ids.get(e));
        Function<Step, SampleClass> labels = seg.labeller().forEpisode(ep);
        lengths.add(ep.length());
        for (Step s : ep.steps()) {
          if (s.index() % 4 == 1 || s.index() == ep.length() - 1) {
            ObjectNode sample = samples.addObject();
            sample.put("index", index);
            ObjectNode c = sample.putObject("columns");
            floats(c.putArray("observation.state"), s.observation().state());
            floats(c.putArray("action"), s.applied().values());
            floats(c.putArray("tandem.proposed_action"), s.proposed().values());
            floats(c.putArray("tandem.environment_state"), env[s.index()]);
            c.put("episode_index", e);
            c.put("frame_index", s.index());
            c.put("task_index", 0);
            c.put("timestamp", (double) (float) (s.index() / 25.0));
            c.put("next.reward", (double) s.reward());
            c.put("next.done", s.done());
            c.put("tandem.control_source", SourceCodes.code(s.source()));
            c.put("tandem.intervention_id", s.interventionId());
            c.put("tandem.intv_label", labels.apply(s).robomimicLabel());
            c.put("tandem.terminated", s.terminated());
            c.put("tandem.truncated", s.truncated());
            c.put("tandem.step_stamp_ns", s.stampNanos());
            c.put("tandem.observation_stamp_ns", s.observation().stampNanos());
            ObjectNode img = sample.putObject("images");
            for (String cam : InteropFixtures.CAMS) {
              img.putArray("observation.images." + cam)
                  .add(InteropFixtures.H)
                  .add(InteropFixtures.W);
            }
          }
          for (LanguageEvent l : s.language()) {
            language
                .addObject()
                .put("episode", e)
                .put("step", s.index())
                .put("text", l.text())
                .put("interpretation", l.interpretation())
                .put("understood", l.understood());
          }
          index++;
        }
      }
      expected.put("totalFrames", index);
      ObjectNode shapes = expected.putObject("shapes");
      shapes.put("observation.state", InteropFixtures.S);
      shapes.put("action", InteropFixtures.A);
      shapes.put("tandem.proposed_action", InteropFixtures.A);
      shapes.put("tandem.environment_state", InteropFixtures.E);
      ArrayNode cols = expected.putArray("dataColumns");
      List.of(
              "observation.state",
              "observation.images.front",
              "observation.images.wrist",
              "action",
              "next.reward",
              "next.done",
              "tandem.proposed_action",
              "tandem.control_source",
              "tandem.intervention_id",
              "tandem.intv_label",
              "tandem.terminated",
              "tandem.truncated",
              "tandem.step_stamp_ns",
              "tandem.observation_stamp_ns",
              "tandem.environment_state",
              "timestamp",
              "frame_index",
              "episode_index",
              "index",
              "task_index")
          .forEach(cols::add);
      ArrayNode epCols = expected.putArray("episodeColumns");
      List.of(
              "episode_index",
              "tasks",
              "length",
              "data/chunk_index",
              "data/file_index",
              "dataset_from_index",
              "dataset_to_index",
              "meta/episodes/chunk_index",
              "meta/episodes/file_index",
              "stats/observation.state/mean",
              "tandem/episode",
              "tandem/language/text")
          .forEach(epCols::add);
      assertThat(language).isNotEmpty();
    }
    Path exp = tmp.resolve("expected.json");
    json.writeValue(exp.toFile(), expected);
    String out =
        NodeTools.node("check-lerobot-export.mjs", tmp.resolve("lr").toString(), exp.toString());
    assertThat(out).contains(" 0 failed").doesNotContain("FAIL");
  }

  private static void floats(ArrayNode a, float[] v) {
    for (float f : v) {
      a.add((double) f);
    }
  }
}
