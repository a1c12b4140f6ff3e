package dev.tandem.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset commands as a user runs them: exit codes, messages, damaged data named. */
class DatasetCliTest {
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
          List.of(FeatureSpec.vector(FeatureSpec.STATE, 8, "", List.of())),
          new ActionSpec(
              ActionSpec.ActionMode.JOINT_VELOCITY,
              List.of("x"),
              new double[] {-1},
              new double[] {1}),
          20,
          100,
          Map.of());

  private record Run(int exit, String out, String err) {}

  private static Run tandem(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TandemCli.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  private Path dataset(int episodes, int steps) {
    Path ds = dir.resolve("ds");
    try (EpisodeStore store = EpisodeStore.create(ds, DatasetSpec.of(SPEC))) {
      for (int e = 0; e < episodes; e++) {
        EpisodeWriter w =
            store.beginEpisode(
                new EpisodeMeta(SPEC.name(), e, null, "v1", "op", Instant.EPOCH, Map.of()));
        for (int i = 0; i < steps; i++) {
          float[] s = new float[8];
          java.util.Arrays.fill(s, e * 1000 + i);
          w.append(
              new Step(
                  i,
                  Observation.of(s),
                  Action.of(0.1f),
                  Action.of(0.1f),
                  i % 10 < 3 ? ControlSource.HUMAN : ControlSource.POLICY,
                  i % 10 < 3 ? 0 : -1,
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

  @Test
  void verifyNamesTheCorruptedEpisodeAndOffsetAndInfoStillWorks() throws Exception {
    Path ds = dataset(3, 60);
    Run ok = tandem("dataset", "verify", "--quiet", ds.toString());
    assertThat(ok.exit()).isZero();
    assertThat(ok.out()).contains("3 episodes: 3 ok");

    Path victim;
    try (var files = Files.list(ds.resolve("episodes"))) {
      victim = files.sorted().toList().get(1);
    }
    long middle = Files.size(victim) / 2;
    try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "rw")) {
      for (int i = 0; i < 4; i++) {
        f.seek(middle + i);
        int b = f.read();
        f.seek(middle + i);
        f.write(b ^ 0xff);
      }
    }
    Run bad = tandem("dataset", "verify", "--quiet", ds.toString());
    assertThat(bad.exit()).isEqualTo(3);
    assertThat(bad.out()).containsPattern("episode \\d+: corrupted at record offset \\d+");
    assertThat(bad.out()).contains("2 ok").contains("1 corrupted");

    Run info = tandem("dataset", "info", "--json", ds.toString());
    assertThat(info.exit()).isZero();
    assertThat(info.out()).contains("\"episodes\" : 3");
  }

  @Test
  void exportWritesAnHdf5File() {
    Path ds = dataset(2, 20);
    Path out = dir.resolve("out.hdf5");
    Run r = tandem("dataset", "export", "--quiet", ds.toString(), out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("2 demos");
    assertThat(out).isNotEmptyFile();
  }

  @Test
  void userErrorsAreOneLineWithExitCodeTwo() {
    Run r = tandem("dataset", "info", dir.resolve("missing").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo("tandem: " + dir.resolve("missing") + ": no such dataset directory");
    Run cfg = tandem("experiment", dir.resolve("nope.yaml").toString());
    assertThat(cfg.exit()).isEqualTo(2);
    assertThat(cfg.err()).doesNotContain("Exception").contains("nope.yaml");
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] cmd :
        List.of(
            new String[] {"--help"},
            new String[] {"dataset", "--help"},
            new String[] {"dataset", "verify", "--help"},
            new String[] {"dataset", "export", "--help"},
            new String[] {"dataset", "info", "--help"},
            new String[] {"bench", "--help"},
            new String[] {"experiment", "--help"},
            new String[] {"train", "--help"},
            new String[] {"eval", "--help"},
            new String[] {"quickstart", "--help"},
            new String[] {"bench", "store", "--help"},
            new String[] {"bench", "loop", "--help"})) {
      Run r = tandem(cmd);
      assertThat(r.exit()).as(String.join(" ", cmd)).isZero();
      assertThat(r.out()).as(String.join(" ", cmd)).startsWith("Usage: tandem");
    }
  }
}
