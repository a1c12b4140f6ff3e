package dev.tandem.runtime.cli;

import static dev.tandem.runtime.cli.CliRuns.tandem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset commands as a user runs them: exit codes, messages, damaged data named. */
class DatasetCliTest {
  @TempDir Path dir;

  private Path dataset(int episodes, int steps) {
    return CliRuns.dataset(dir.resolve("ds"), episodes, steps);
  }

  @Test
  void verifyNamesTheCorruptedEpisodeAndOffsetAndInfoStillWorks() throws Exception {
    Path ds = dataset(3, 60);
    CliRuns.Run ok = tandem("dataset", "verify", "--quiet", ds.toString());
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
    CliRuns.Run bad = tandem("dataset", "verify", "--quiet", ds.toString());
    assertThat(bad.exit()).isEqualTo(3);
    assertThat(bad.out()).containsPattern("episode \\d+: corrupted at record offset \\d+");
    assertThat(bad.out()).contains("2 ok").contains("1 corrupted");

    CliRuns.Run info = tandem("dataset", "info", "--json", ds.toString());
    assertThat(info.exit()).isZero();
    assertThat(info.out()).contains("\"episodes\" : 3");
  }

  @Test
  void exportWritesAnHdf5File() {
    Path ds = dataset(2, 20);
    Path out = dir.resolve("out.hdf5");
    CliRuns.Run r = tandem("dataset", "export", "--quiet", ds.toString(), out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("2 demos");
    assertThat(out).isNotEmptyFile();
  }

  @Test
  void userErrorsAreOneLineWithExitCodeTwo() {
    CliRuns.Run r = tandem("dataset", "info", dir.resolve("missing").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo("tandem: " + dir.resolve("missing") + ": no such dataset directory");
    CliRuns.Run cfg = tandem("experiment", dir.resolve("nope.yaml").toString());
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
      CliRuns.Run r = tandem(cmd);
      assertThat(r.exit()).as(String.join(" ", cmd)).isZero();
      assertThat(r.out()).as(String.join(" ", cmd)).startsWith("Usage: tandem");
    }
  }
}
