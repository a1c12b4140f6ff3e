package dev.tandem.runtime.cli;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.data.EpisodeOutcome;
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
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs {@code tandem} in this JVM through its entry point, and a small recorded dataset. */
final class CliRuns {
  private CliRuns() {}

  /** Exit code, stdout and the non-empty lines of stderr. */
  record Run(int exit, String out, String err) {
    List<String> errLines() {
      return err.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  static Run tandem(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TandemCli.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  static final EnvironmentSpec SPEC =
      new EnvironmentSpec(
          "test/Slider",
          new RobotSpec(
              "slider",
              List.of(new JointSpec("x", JointSpec.JointType.PRISMATIC, -1, 1, 1, 1)),
              "tip",
              Optional.empty(),
              new RobotSpec.CartesianLimits(1, new double[] {-1, -1, -1}, new double[] {1, 1, 1})),
          List.of(FeatureSpec.vector(FeatureSpec.STATE, 8, "", List.of())),
          new ActionSpec(
              ActionSpec.ActionMode.JOINT_VELOCITY,
              List.of("x"),
              new double[] {-1},
              new double[] {1}),
          20,
          1000,
          Map.of());

  /** A dataset at {@code ds}: episodes of {@code steps} steps, each with a final observation. */
  static Path dataset(Path ds, int episodes, int steps) {
    try (EpisodeStore store = EpisodeStore.create(ds, DatasetSpec.of(SPEC))) {
      for (int e = 0; e < episodes; e++) {
        EpisodeWriter w =
            store.beginEpisode(
                new EpisodeMeta(SPEC.name(), e, null, "v1", "op", Instant.EPOCH, Map.of()));
        for (int i = 0; i < steps; i++) {
          float[] s = new float[8];
          java.util.Arrays.fill(s, e * 1000 + i);
          boolean human = i % 10 < 3;
          w.append(
              new Step(
                  i,
                  Observation.of(s),
                  Action.of(0.1f),
                  Action.of(human ? 0.2f : 0.1f),
                  human ? ControlSource.HUMAN : ControlSource.POLICY,
                  human ? 0 : -1,
                  -1f,
                  false,
                  i == steps - 1,
                  List.of(),
                  i));
        }
        w.end(
            EpisodeOutcome.of(EndReason.TIME_LIMIT, false),
            Optional.of(Observation.of(new float[8])));
      }
    }
    return ds;
  }
}
