package dev.tandem.runtime.cli;

import static dev.tandem.runtime.cli.CliRuns.tandem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Experiment configs that cannot work are refused before anything runs, naming the field. */
class ExperimentCliTest {
  @TempDir Path dir;

  private static final String TINY =
      """
      type: experiment
      name: tiny
      tasks:
        - type: Reach
          goalRangeMeters: 0.3
          distanceThresholdMeters: 0.05
      seeds: [3]
      demos: 5
      rounds: 1
      deployEpisodes: 3
      evalEpisodes: 4
      methods:
        - name: sirius
          weighting: sirius
      training: {steps: 60, batchSize: 64, device: cpu}
      """;

  /** A finished run as the CLI leaves it (its results stand for the figures it reported). */
  private Path finishedRun(Path runs, String id, Path config) throws Exception {
    Path run = runs.resolve(id);
    Files.createDirectories(run);
    Files.copy(config, run.resolve("config.yaml"));
    Files.writeString(run.resolve("results.json"), "{\"rounds\": [\"the recorded figures\"]}\n");
    return run;
  }

  @Test
  void aResumeWithSettingsThatChangeResultsIsRefusedNamingEachField() throws Exception {
    Path config = dir.resolve("tiny.yaml");
    Files.writeString(config, TINY);
    Path runs = dir.resolve("runs");
    Path run = finishedRun(runs, "tiny-1", config);
    String results = Files.readString(run.resolve("results.json"));

    // a run started before settings.json existed: checked against its config.yaml
    CliRuns.Run r =
        tandem(
            "experiment",
            config.toString(),
            "--runs",
            runs.toString(),
            "--resume",
            "tiny-1",
            "--set",
            "demos=3",
            "--set",
            "evalEpisodes=10",
            "--quiet");
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err())
        .contains("--resume tiny-1")
        .contains("demos 5 -> 3")
        .contains("evalEpisodes 4 -> 10")
        .contains("parallelEnvironments");
    assertThat(run.resolve("results.json")).content().isEqualTo(results);
    assertThat(run.resolve("config.yaml")).content().isEqualTo(TINY);
    try (var files = Files.list(run)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("config.yaml", "results.json");
    }

    // a run that recorded its settings: a changed config file is refused the same way
    dev.tandem.runtime.experiment.RunSettings.write(
        run,
        dev.tandem.runtime.experiment.RunSettings.of(
            (dev.tandem.runtime.experiment.ExperimentConfig)
                dev.tandem.core.config.ConfigLoader.discover().load(config, java.util.List.of())));
    Path edited = dir.resolve("tiny-edited.yaml");
    Files.writeString(edited, TINY.replace("batchSize: 64", "batchSize: 32"));
    CliRuns.Run e =
        tandem("experiment", edited.toString(), "--runs", runs.toString(), "--resume", "tiny-1");
    assertThat(e.exit()).as(e.err()).isEqualTo(2);
    assertThat(e.err().strip().lines()).hasSize(1);
    assertThat(e.err()).contains("training.batchSize 64 -> 32").doesNotContain("demos");
    assertThat(run.resolve("results.json")).content().isEqualTo(results);
  }

  @Test
  void languageCorrectionsOnJointVelocityActionsAreRefusedUpFront() throws Exception {
    String yaml =
        Files.readString(Path.of("../configs/experiments/language.yaml"))
            .replace(
                "    distanceThresholdMeters: 0.05\n",
                "    distanceThresholdMeters: 0.05\n"
                    + "    sim: {seed: 0, physicsRateHz: 500, substeps: 20, solverIterations: 10,"
                    + " rewardType: SPARSE, actionMode: JOINT_VELOCITY, rotationControl: false,"
                    + " maxEeStepMeters: 0.05, maxEpisodeSteps: 50, cameras: []}\n");
    Path config = dir.resolve("language-joints.yaml");
    Files.writeString(config, yaml);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        TandemCli.execute(
            new String[] {
              "experiment", config.toString(), "--runs", dir.resolve("runs").toString()
            },
            new PrintWriter(out),
            new PrintWriter(err));
    assertThat(code).as(err.toString()).isEqualTo(2);
    assertThat(err.toString())
        .contains("language-joints.yaml")
        .contains("operator.corrections: both")
        .contains("EE_DELTA")
        .contains("Reach");
    assertThat(dir.resolve("runs")).doesNotExist();
  }
}
