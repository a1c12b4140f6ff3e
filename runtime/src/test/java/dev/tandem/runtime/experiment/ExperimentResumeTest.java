package dev.tandem.runtime.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.config.ConfigLoader;
import dev.tandem.core.store.EpisodeStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small real experiment (Reach in Bullet, DJL training, the actor loop) run twice in the same run
 * directory: the second run resumes from the episode store and the policy registries, produces
 * nothing new, and reports the same numbers and both segments of the run. Also checks the output
 * files, the policy version every episode records, and that a resume with other settings is
 * refused.
 */
class ExperimentResumeTest {
  @TempDir Path dir;

  private static final String CONFIG =
      """
      type: experiment
      name: tiny
      tasks:
        - type: Reach
          goalRangeMeters: 0.3
          distanceThresholdMeters: 0.05
      seeds: [3]
      demos: 3
      rounds: 1
      deployEpisodes: 3
      evalEpisodes: 3
      parallelEnvironments: 2
      operator: {rule: {type: stall, windowSteps: 4}}
      methods:
        - name: bc-demos
          weighting: {type: bc, include: [DEMO]}
          deploy: false
        - name: sirius
          weighting: sirius
      training: {steps: 60, batchSize: 64, device: cpu}
      """;

  @Test
  void rerunInTheSameDirectoryResumesAndReproduces() throws Exception {
    Path cfgFile = dir.resolve("tiny.yaml");
    Files.writeString(cfgFile, CONFIG);
    ExperimentConfig cfg = (ExperimentConfig) ConfigLoader.discover().load(cfgFile, List.of());
    Path run = dir.resolve("run");

    ExperimentResults first = new Experiment(cfg, run, true, Clock.systemUTC()).run();
    Path data = run.resolve("data").resolve("Reach-seed3");
    int episodes;
    try (EpisodeStore s = EpisodeStore.openReadOnly(data)) {
      episodes = s.episodes().size();
    }
    // demos 3 + eval round 0: 3 + sirius: deploy 3 + eval 3
    assertThat(episodes).isEqualTo(12);
    // every episode carries the version that drove it: the demos the scripted expert, round 0's
    // evaluation and round 1's deployment round 0's policy, round 1's evaluation round 1's policy
    String v0 = first.select("Reach", "sirius", 0).get(0).policyVersion();
    String v1 = first.select("Reach", "sirius", 1).get(0).policyVersion();
    assertThat(v1).isNotEqualTo(v0);
    try (EpisodeStore s = EpisodeStore.openReadOnly(data)) {
      for (var e : s.episodes()) {
        var meta = e.meta().orElseThrow();
        String phase = meta.tags().get("phase") + " " + meta.tags().get("round");
        String expected =
            switch (phase) {
              case "demo 0" -> "scripted";
              case "eval 0", "deploy 1" -> v0;
              case "eval 1" -> v1;
              default -> throw new AssertionError("unexpected phase " + phase);
            };
        assertThat(meta.policyVersion()).as("episode %d (%s)", e.id(), phase).isEqualTo(expected);
      }
    }
    assertThat(first.rounds()).hasSize(4);
    assertThat(run.resolve("results.json")).exists();
    assertThat(run.resolve("report.md")).content().contains("| sirius | 1 |");
    assertThat(run.resolve("success_Reach.png")).exists();

    assertThat(first.resumed()).isFalse();
    JsonNode firstJson = new ObjectMapper().readTree(run.resolve("results.json").toFile());
    assertThat(firstJson.get("resumed").asBoolean()).isFalse();
    assertThat(firstJson.get("segments")).hasSize(1);

    // a setting safe to change (parallelEnvironments) may differ on resume
    ExperimentConfig resumedCfg =
        (ExperimentConfig) ConfigLoader.discover().load(cfgFile, List.of("parallelEnvironments=1"));
    ExperimentResults second = new Experiment(resumedCfg, run, true, Clock.systemUTC()).run();
    try (EpisodeStore s = EpisodeStore.openReadOnly(data)) {
      assertThat(s.episodes()).as("nothing recorded twice").hasSize(episodes);
    }
    assertThat(second.rounds())
        .usingRecursiveComparison()
        .ignoringFields("trainSeconds", "roundSeconds")
        .isEqualTo(first.rounds());

    // the resumed run says so: both segments, and the total
    assertThat(second.resumed()).isTrue();
    assertThat(second.segments()).hasSize(2);
    assertThat(second.segments().get(0)).isEqualTo(first.segments().get(0));
    assertThat(second.startedAt()).isEqualTo(first.startedAt());
    assertThat(second.wallSeconds())
        .isEqualTo(first.wallSeconds() + second.lastSegmentSeconds(), within(1e-9));
    JsonNode json = new ObjectMapper().readTree(run.resolve("results.json").toFile());
    assertThat(json.get("resumed").asBoolean()).isTrue();
    assertThat(json.get("segments")).hasSize(2);
    assertThat(json.get("segments").get(0).get("started_at").asText())
        .isEqualTo(firstJson.get("started_at").asText());
    assertThat(json.get("segments").get(0).get("wall_seconds").asDouble())
        .isEqualTo(firstJson.get("wall_seconds").asDouble());
    assertThat(json.get("started_at").asText()).isEqualTo(firstJson.get("started_at").asText());
    assertThat(json.get("wall_seconds").asDouble()).isEqualTo(second.wallSeconds(), within(1e-9));
    assertThat(run.resolve("report.md"))
        .content()
        .contains("resumed: it ran in 2 segments")
        .contains(first.segments().get(0).startedAt().toString());

    // settings that change results are refused before anything is written
    String before = Files.readString(run.resolve("results.json"));
    ExperimentConfig other =
        (ExperimentConfig) ConfigLoader.discover().load(cfgFile, List.of("evalEpisodes=4"));
    assertThatThrownBy(() -> new Experiment(other, run, true, Clock.systemUTC()).run())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("evalEpisodes 3 -> 4");
    assertThat(run.resolve("results.json")).content().isEqualTo(before);
  }
}
