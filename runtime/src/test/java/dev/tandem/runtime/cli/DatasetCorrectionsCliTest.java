package dev.tandem.runtime.cli;

import static dev.tandem.runtime.cli.CliRuns.tandem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.data.Action;
import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.data.EpisodeOutcome;
import dev.tandem.core.data.LanguageEvent;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.Step;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.core.spec.JointSpec;
import dev.tandem.core.spec.RobotSpec;
import dev.tandem.core.store.DatasetSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the dataset commands say about human corrections: {@code dataset info} lists the language
 * corrections, and the robomimic export carries them, tells takeovers from language corrections and
 * labels the pre-intervention steps as training segments them. The exported file is read with h5py
 * through {@code /usr/bin/python3} (an independent reader).
 */
class DatasetCorrectionsCliTest {
  @TempDir Path dir;

  private static final EnvironmentSpec SPEC =
      new EnvironmentSpec(
          "test/Slider",
          new RobotSpec(
              "slider",
              List.of(new JointSpec("x", JointSpec.JointType.PRISMATIC, -1, 1, 1, 1)),
              "tip",
              Optional.empty(),
              new RobotSpec.CartesianLimits(1, new double[] {-1, -1, -1}, new double[] {1, 1, 1})),
          List.of(FeatureSpec.vector(FeatureSpec.STATE, 2, "", List.of())),
          new ActionSpec(
              ActionSpec.ActionMode.EE_DELTA, List.of("dx"), new double[] {-1}, new double[] {1}),
          20,
          100,
          Map.of());

  private static final LanguageEvent LEFT =
      new LanguageEvent("a bit to the left", "move -y 2 cm", true, 3_000L);
  private static final LanguageEvent WIGGLE = new LanguageEvent("wiggle it", "", false, 3_500L);

  /**
   * One episode of 40 steps: the policy drives 0-19, a person takes over 20-24, the policy 25-29, a
   * language correction ("a bit to the left", said at step 30) steers 30-32, the policy 33-39 (at
   * step 35 the operator said something not understood).
   */
  private Path dataset() {
    Path ds = dir.resolve("ds");
    try (EpisodeStore store = EpisodeStore.create(ds, DatasetSpec.of(SPEC))) {
      EpisodeWriter w =
          store.beginEpisode(
              new EpisodeMeta(SPEC.name(), 7, null, "v2@abc", "op", Instant.EPOCH, Map.of()));
      for (int i = 0; i < 40; i++) {
        ControlSource source =
            i >= 20 && i < 25
                ? ControlSource.HUMAN
                : i >= 30 && i < 33 ? ControlSource.CORRECTED : ControlSource.POLICY;
        int intervention =
            source == ControlSource.HUMAN ? 0 : source == ControlSource.CORRECTED ? 1 : -1;
        List<LanguageEvent> language =
            i == 30 ? List.of(LEFT) : i == 35 ? List.of(WIGGLE) : List.of();
        w.append(
            new Step(
                i,
                Observation.of(new float[] {i, -i}),
                Action.of(0.1f),
                Action.of(0.1f),
                source,
                intervention,
                -1f,
                false,
                i == 39,
                language,
                i));
      }
      w.end(
          EpisodeOutcome.of(EndReason.TIME_LIMIT, false),
          Optional.of(Observation.of(new float[] {40, -40})));
    }
    return ds;
  }

  @Test
  void infoListsEveryLanguageCorrectionWithItsStepAndHowItWasUnderstood() throws Exception {
    Path ds = dataset();
    CliRuns.Run text = tandem("dataset", "info", ds.toString());
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("corrections  2 language corrections")
        .contains("episode 0 step 30: \"a bit to the left\" -> move -y 2 cm")
        .contains("episode 0 step 35: \"wiggle it\" -> not understood");

    CliRuns.Run json = tandem("dataset", "info", "--json", ds.toString());
    assertThat(json.exit()).as(json.err()).isZero();
    JsonNode corrections = new ObjectMapper().readTree(json.out()).get("language_corrections");
    assertThat(corrections).hasSize(2);
    assertThat(corrections.get(0).get("episode").asLong()).isZero();
    assertThat(corrections.get(0).get("step").asInt()).isEqualTo(30);
    assertThat(corrections.get(0).get("text").asText()).isEqualTo("a bit to the left");
    assertThat(corrections.get(0).get("understood").asBoolean()).isTrue();
    assertThat(corrections.get(0).get("interpretation").asText()).isEqualTo("move -y 2 cm");
    assertThat(corrections.get(1).get("understood").asBoolean()).isFalse();
  }

  @Test
  void exportLabelsAsTrainingSegmentsAndKeepsWhatWasSaid() throws Exception {
    Path ds = dataset();
    Path out = dir.resolve("out.hdf5");
    CliRuns.Run r = tandem("dataset", "export", "--quiet", ds.toString(), out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode demo = read(out);

    // Sirius' labels: the 15 policy steps before the takeover at 20 and the 5 (bounded by the
    // takeover) before the correction at 30 are pre-intervention (-10); both the takeover and the
    // correction are interventions (1), told apart by control_source (1 human, 2 corrected)
    List<Integer> labels = new ArrayList<>();
    List<Integer> sources = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      labels.add(i < 5 ? 0 : i < 20 ? -10 : i < 25 ? 1 : i < 30 ? -10 : i < 33 ? 1 : 0);
      sources.add(i >= 20 && i < 25 ? 1 : i >= 30 && i < 33 ? 2 : 0);
    }
    assertThat(ints(demo.get("intv_labels"))).isEqualTo(labels);
    assertThat(ints(demo.get("control_source"))).isEqualTo(sources);

    assertThat(demo.get("num_language_events").asInt()).isEqualTo(2);
    assertThat(ints(demo.get("language/step"))).containsExactly(30, 35);
    assertThat(strings(demo.get("language/text")))
        .containsExactly("a bit to the left", "wiggle it");
    assertThat(strings(demo.get("language/interpretation"))).containsExactly("move -y 2 cm", "");
    assertThat(ints(demo.get("language/understood"))).containsExactly(1, 0);

    // the window is the same option training has
    Path narrow = dir.resolve("narrow.hdf5");
    CliRuns.Run n =
        tandem(
            "dataset",
            "export",
            "--quiet",
            "--pre-intervention-steps",
            "2",
            ds.toString(),
            narrow.toString());
    assertThat(n.exit()).as(n.err()).isZero();
    List<Integer> narrowLabels = ints(read(narrow).get("intv_labels"));
    assertThat(narrowLabels.subList(17, 21)).containsExactly(0, -10, -10, 1);
    assertThat(narrowLabels.subList(27, 31)).containsExactly(0, -10, -10, 1);

    CliRuns.Run bad =
        tandem(
            "dataset",
            "export",
            "--pre-intervention-steps",
            "-1",
            ds.toString(),
            dir.resolve("bad.hdf5").toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err().strip())
        .isEqualTo("tandem: --pre-intervention-steps -1: expected 0 or more");
  }

  private static final String READ =
      """
      import h5py, json, sys
      with h5py.File(sys.argv[1], "r") as f:
          g = f["data/demo_0"]
          out = {"num_language_events": int(g.attrs["num_language_events"])}
          for k in ["intv_labels", "control_source", "language/step", "language/text",
                    "language/interpretation", "language/understood"]:
              out[k] = [v.decode("utf-8") if isinstance(v, bytes) else int(v) for v in g[k][()]]
          json.dump(out, sys.stdout)
      """;

  /** demo_0 of an exported file as h5py reads it. */
  private JsonNode read(Path h5) throws Exception {
    Path python = Path.of("/usr/bin/python3");
    if (!Files.isExecutable(python)) {
      fail(python + " not found; the export test reads the file with Debian's python3-h5py");
    }
    Path script = dir.resolve("read.py");
    Files.writeString(script, READ);
    Process p =
        new ProcessBuilder(python.toString(), script.toString(), h5.toString())
            .redirectError(ProcessBuilder.Redirect.PIPE)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("h5py failed to read %s: %s", h5, err).isZero();
    return new ObjectMapper().readTree(out);
  }

  private static List<Integer> ints(JsonNode a) {
    List<Integer> out = new ArrayList<>();
    a.forEach(v -> out.add(v.asInt()));
    return out;
  }

  private static List<String> strings(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(v -> out.add(v.asText()));
    return out;
  }
}
