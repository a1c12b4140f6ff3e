package dev.tandem.runtime.cli;

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
