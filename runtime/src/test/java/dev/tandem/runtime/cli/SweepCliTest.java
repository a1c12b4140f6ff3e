package dev.tandem.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.runtime.experiment.RunSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem sweep} over a 2 x 2 grid of a tiny real experiment: four runs, each with its
 * combination's overrides applied (as recorded in its settings and seen in its figures), and one
 * comparison naming each combination.
 */
class SweepCliTest {
  @TempDir Path dir;

  @Test
  void everyCombinationRunsWithItsOverridesAndIsCompared() throws Exception {
    Path cfg = dir.resolve("tiny.yaml");
    Files.writeString(
        cfg,
        """
        type: experiment
        name: tiny
        tasks: [{type: Reach, goalRangeMeters: 0.3, distanceThresholdMeters: 0.05}]
        seeds: [1]
        demos: 2
        rounds: 1
        deployEpisodes: 1
        evalEpisodes: 1
        parallelEnvironments: 2
        methods:
          - name: bc
            weighting: {type: bc, include: [DEMO]}
            deploy: false
        training: {steps: 10, batchSize: 32, device: cpu}
        """);
    var r =
        CliRuns.tandem(
            "sweep",
            cfg.toString(),
            "--grid",
            "training.steps=10,20",
            "--grid",
            "evalEpisodes=1,2",
            "--runs",
            dir.resolve("runs").toString(),
            "--quiet");
    assertThat(r.exit()).as(r.err()).isZero();
    Path sweep;
    try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
      sweep = s.findFirst().orElseThrow();
    }
    JsonNode json = new ObjectMapper().readTree(sweep.resolve("sweep.json").toFile());
    List<List<String>> overrides = new ArrayList<>();
    for (JsonNode c : json.get("combinations")) {
      List<String> o = new ArrayList<>();
      c.get("overrides").forEach(v -> o.add(v.asText()));
      overrides.add(o);
      Path run = sweep.resolve(c.get("run").asText());
      var settings = RunSettings.read(run).orElseThrow();
      assertThat(o)
          .containsExactly(
              "training.steps=" + settings.get("training.steps"),
              "evalEpisodes=" + settings.get("evalEpisodes"));
      JsonNode results = new ObjectMapper().readTree(run.resolve("results.json").toFile());
      JsonNode row0 = results.get("rounds").get(0);
      assertThat(row0.get("evalEpisodes").asText()).isEqualTo(settings.get("evalEpisodes"));
      JsonNode fig = c.get("figures").get(0);
      assertThat(fig.get("round0_success_mean").asDouble())
          .isEqualTo(row0.get("evalSuccessRate").asDouble());
    }
    assertThat(overrides)
        .containsExactly(
            List.of("training.steps=10", "evalEpisodes=1"),
            List.of("training.steps=10", "evalEpisodes=2"),
            List.of("training.steps=20", "evalEpisodes=1"),
            List.of("training.steps=20", "evalEpisodes=2"));
    String md = Files.readString(sweep.resolve("sweep.md"));
    assertThat(md)
        .contains("4 combinations")
        .contains("| `training.steps=20`, `evalEpisodes=2` | Reach | bc |");
  }

  @Test
  void aBadGridIsOneLineAndExit2() throws Exception {
    Path cfg = Files.writeString(dir.resolve("x.yaml"), "type: experiment\n");
    var r = CliRuns.tandem("sweep", cfg.toString(), "--grid", "training.steps");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString().contains("expected key=v1,v2");
  }
}
