package dev.tandem.runtime.experiment;

import static org.assertj.core.api.Assertions.assertThat;

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
 * nothing new, and reports the same numbers. Also checks the output files.
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
    assertThat(first.rounds()).hasSize(4);
    assertThat(run.resolve("results.json")).exists();
    assertThat(run.resolve("report.md")).content().contains("| sirius | 1 |");
    assertThat(run.resolve("success_Reach.png")).exists();

    ExperimentResults second = new Experiment(cfg, run, true, Clock.systemUTC()).run();
    try (EpisodeStore s = EpisodeStore.openReadOnly(data)) {
      assertThat(s.episodes()).as("nothing recorded twice").hasSize(episodes);
    }
    assertThat(second.rounds())
        .usingRecursiveComparison()
        .ignoringFields("trainSeconds", "roundSeconds")
        .isEqualTo(first.rounds());
  }
}
