package dev.tandem.runtime.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.config.ConfigLoader;
import dev.tandem.core.data.Episode;
import dev.tandem.core.env.Environment;
import dev.tandem.core.store.DatasetSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeSummary;
import dev.tandem.interop.lerobot.LeRobotExporter;
import dev.tandem.interop.lerobot.LeRobotImporter;
import dev.tandem.runtime.training.Demonstrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demoSource: dataset}: episodes brought in by a LeRobot import are an experiment's demos
 * (copied as they are into the seed's store, round 0 trained and evaluated on them), and a dataset
 * that does not fit, or a config that names none, is refused in one line.
 */
class DatasetDemosExperimentTest {
  @TempDir Path dir;

  private static final String CONFIG =
      """
      type: experiment
      name: dataset-demos
      tasks:
        - type: Reach
          goalRangeMeters: 0.3
          distanceThresholdMeters: 0.05
      seeds: [3]
      demos: 2
      rounds: 0
      evalEpisodes: 2
      parallelEnvironments: 2
      demoSource: dataset
      demoDataset: %s
      methods:
        - name: bc-demos
          weighting: {type: bc, include: [DEMO]}
          deploy: false
      training: {steps: 20, batchSize: 32, device: cpu}
      """;

  private ExperimentConfig load(String yaml) throws Exception {
    Path f = dir.resolve("dataset-demos.yaml");
    Files.writeString(f, yaml);
    return (ExperimentConfig) ConfigLoader.discover().load(f, List.of());
  }

  /** The same experiment with the default demo source (the scripted expert). */
  private static String expertDemos() {
    return CONFIG.replace("demoSource: dataset\n", "").replace("demoDataset: %s\n", "");
  }

  /** Three Reach expert demos, exported to LeRobot v3.0 and imported back: a LeRobot dataset. */
  private Path importedDemos(ExperimentConfig c) throws Exception {
    Path recorded = dir.resolve("recorded");
    try (Environment env = c.tasks().get(0).create();
        EpisodeStore store = EpisodeStore.create(recorded, DatasetSpec.of(env.spec()))) {
      for (int i = 0; i < 3; i++) {
        Demonstrations.record(env, store, 100 + i, Map.of(), Clock.systemUTC());
      }
      LeRobotExporter.export(
          store, dir.resolve("lerobot"), LeRobotExporter.Options.defaults(), (d, t) -> {});
    }
    LeRobotImporter.importDataset(
        dir.resolve("lerobot"), dir.resolve("imported"), Optional.empty(), (d, t) -> {});
    return dir.resolve("imported");
  }

  @Test
  void importedEpisodesAreTheDemosOfRoundZero() throws Exception {
    Path imported = importedDemos(load(expertDemos()));
    Path run = dir.resolve("run");
    ExperimentResults results =
        new Experiment(load(CONFIG.formatted(imported)), run, true, Clock.systemUTC()).run();

    try (EpisodeStore source = EpisodeStore.openReadOnly(imported);
        EpisodeStore store =
            EpisodeStore.openReadOnly(run.resolve("data").resolve("Reach-seed3"))) {
      List<Long> demoIds =
          store.episodes().stream()
              .filter(s -> s.meta().map(m -> "demo".equals(m.tags().get("phase"))).orElse(false))
              .map(EpisodeSummary::id)
              .toList();
      assertThat(demoIds).hasSize(2);
      for (int i = 0; i < 2; i++) {
        Episode a = source.readEpisode(source.readableEpisodeIds().get(i));
        Episode b = store.readEpisode(demoIds.get(i));
        assertThat(b.steps()).hasSameSizeAs(a.steps());
        for (int k = 0; k < a.length(); k++) {
          assertThat(b.steps().get(k).observation().state())
              .isEqualTo(a.steps().get(k).observation().state());
          assertThat(b.steps().get(k).applied()).isEqualTo(a.steps().get(k).applied());
          assertThat(b.steps().get(k).source()).isEqualTo(a.steps().get(k).source());
        }
        assertThat(b.finalObservation().map(o -> o.state()))
            .get()
            .isEqualTo(a.finalObservation().orElseThrow().state());
      }
    }
    assertThat(results.select("Reach", "bc-demos", 0)).hasSize(1);
    assertThat(run.resolve("report.md")).content().contains("demos copied from " + imported);

    // a resume reuses the copied demos instead of copying them again
    new Experiment(load(CONFIG.formatted(imported)), run, true, Clock.systemUTC()).run();
    try (EpisodeStore store =
        EpisodeStore.openReadOnly(run.resolve("data").resolve("Reach-seed3"))) {
      assertThat(
              store.episodes().stream()
                  .filter(
                      s -> s.meta().map(m -> "demo".equals(m.tags().get("phase"))).orElse(false)))
          .hasSize(2);
    }
  }

  @Test
  void configsWithoutAUsableDatasetAreRefusedInOneLine() {
    assertThatThrownBy(() -> load(CONFIG.formatted("x").replaceAll("demoDataset: .*\n", "")))
        .hasMessageContaining("dataset-demos.yaml")
        .hasMessageContaining("field 'demoDataset': missing");
    assertThatThrownBy(() -> load(CONFIG.formatted(dir.resolve("nothing-here"))))
        .hasMessageContaining("'demoDataset'")
        .hasMessageContaining(
            dir.resolve("nothing-here") + " is not a Tandem dataset (no dataset.json)")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(
            () -> load(CONFIG.formatted(dir).replace("demoSource: dataset", "demoSource: expert")))
        .hasMessageContaining("only read with demoSource: dataset (demoSource is expert)");
  }

  @Test
  void aDatasetOfOtherFeaturesDoesNotFit() throws Exception {
    ExperimentConfig c = load(expertDemos());
    DatasetSpec reach = DatasetSpec.of(c.tasks().get(0).spec());
    Demonstrations.checkFits(reach, reach, "demoDataset d");
    assertThatThrownBy(
            () ->
                Demonstrations.checkFits(reach.withEnvironmentStateSize(5), reach, "demoDataset d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("demoDataset d: its steps [observation.state float32[")
        .hasMessageContaining("environment.state float32[5]")
        .hasMessageContaining("do not fit sim/Reach's")
        .hasMessageNotContaining("\n");
  }
}
