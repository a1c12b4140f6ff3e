package dev.tandem.runtime.cli;

import static dev.tandem.runtime.cli.CliRuns.tandem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the {@code tandem} entry point: one line on stderr naming what is wrong and
 * what was expected, exit code 2, nothing run and nothing left behind.
 */
class CliBadInputTest {
  @TempDir Path dir;

  private static final Path QUICK = Path.of("../configs/experiments/quick.yaml");

  /** quick.yaml with one line replaced; returns the file and the line number of the new line. */
  private record Edited(Path file, int line) {}

  private Edited quickWith(String oldLine, String newLine) throws Exception {
    List<String> lines = Files.readAllLines(QUICK);
    int index = lines.indexOf(oldLine);
    assertThat(index).as("quick.yaml has the line '%s'", oldLine).isNotNegative();
    lines.set(index, newLine);
    Path f = dir.resolve("quick-edited.yaml");
    Files.write(f, lines);
    return new Edited(f, index + 1);
  }

  private void assertRefused(Edited e, String expectedError) {
    Path runs = dir.resolve("runs");
    CliRuns.Run r = tandem("experiment", e.file().toString(), "--runs", runs.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.errLines())
        .containsExactly("tandem: " + e.file() + ":" + e.line() + expectedError);
    assertThat(runs).as("nothing ran").doesNotExist();
  }

  @Test
  void configValuesThatWereSilentlyChangedAreRefused() throws Exception {
    assertRefused(
        quickWith("demos: 5", "demos: 5.5"), ": field 'demos': found 5.5, expected an integer");
    assertRefused(
        quickWith("demos: 5", "demos:"),
        ": field 'demos': found an empty value, expected an integer"
            + " (leave the key out to get the default)");
    assertRefused(
        quickWith("seeds: [0]", "seeds: []"),
        ": field 'seeds': found [], expected a non-empty list"
            + " (leave the key out to get the default [0])");
    assertRefused(
        quickWith("parallelEnvironments: 2", "parallelEnvironments: 100000"),
        ": field 'parallelEnvironments': found 100000, expected at most 256 (each environment"
            + " steps its physics on a thread of its own; more than the machine's cores only"
            + " queue, and results depend on the seeds only)");
  }

  @Test
  void yamlSyntaxErrorsAreOneLineAtTheirLineAndColumn() throws Exception {
    Edited tab = quickWith("  reactionDelaySteps: 2", "\treactionDelaySteps: 2");
    CliRuns.Run r = tandem("experiment", tab.file().toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.errLines().get(0))
        .startsWith("tandem: " + tab.file() + ":" + tab.line() + ":1: not valid YAML: found a tab");
  }

  @Test
  void usageErrorsAreOneLinePointingAtHelp() {
    CliRuns.Run unknown = tandem("eval", "registry", "task.yaml", "--bogus");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.errLines()).hasSize(1);
    assertThat(unknown.errLines().get(0))
        .startsWith("tandem eval: ")
        .contains("'--bogus'")
        .endsWith("(see 'tandem eval --help')");
    CliRuns.Run missing = tandem("dataset", "export");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.errLines())
        .containsExactly(
            "tandem dataset export: Missing required parameters: 'DATASET', 'OUT'"
                + " (see 'tandem dataset export --help')");
  }

  @Test
  void evalRefusesANegativeEpisodeCount() throws Exception {
    Path registry = Files.createDirectories(dir.resolve("registry"));
    CliRuns.Run r =
        tandem("eval", registry.toString(), "../configs/tasks/reach.yaml", "--episodes", "-3");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines())
        .containsExactly(
            "tandem eval: Invalid value for option '--episodes': found -3, expected a whole number"
                + " > 0 (see 'tandem eval --help')");
  }

  @Test
  void verboseWorksAfterTheSubcommandAndTheErrorStaysTheLastLine() throws Exception {
    Edited bad = quickWith("rounds: 2", "rounds: two");
    CliRuns.Run quiet = tandem("experiment", bad.file().toString());
    assertThat(quiet.errLines()).hasSize(1);
    for (String[] args :
        List.of(
            new String[] {"experiment", bad.file().toString(), "--verbose"},
            new String[] {"experiment", "-v", bad.file().toString()},
            new String[] {"--verbose", "experiment", bad.file().toString()})) {
      CliRuns.Run r = tandem(args);
      assertThat(r.exit()).isEqualTo(2);
      List<String> lines = r.errLines();
      assertThat(lines).as(String.join(" ", args)).hasSizeGreaterThan(3);
      assertThat(lines).anyMatch(l -> l.strip().startsWith("at dev.tandem.core.config."));
      assertThat(lines.get(lines.size() - 1)).isEqualTo(quiet.errLines().get(0));
    }
  }

  @Test
  void trainRefusesAnOutThatIsAFileBeforeTraining() throws Exception {
    Path ds = CliRuns.dataset(dir.resolve("ds"), 2, 30);
    Path file = Files.writeString(dir.resolve("registry"), "not a directory");
    CliRuns.Run r = tandem("train", ds.toString(), "--out", file.toString(), "--set", "steps=5");
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.errLines())
        .containsExactly(
            "tandem: --out "
                + file
                + ": is a file, expected a directory (or a path to create one at)");
    assertThat(r.out()).as("nothing trained").doesNotContain("training on");
    assertThat(Files.readString(file)).isEqualTo("not a directory");
  }

  @Test
  void trainRefusesAThreadCountOutsideItsRange() throws Exception {
    Path ds = CliRuns.dataset(dir.resolve("ds"), 2, 30);
    for (String n : List.of("0", "257")) {
      CliRuns.Run r =
          tandem("train", ds.toString(), "--out", dir.resolve("reg").toString(), "--threads", n);
      assertThat(r.exit()).as(r.err()).isEqualTo(2);
      assertThat(r.errLines()).containsExactly("tandem: --threads: expected 1..256, found " + n);
    }
    assertThat(dir.resolve("reg")).doesNotExist();
  }

  @Test
  void aDirectoryWithoutDatasetJsonSaysHowDatasetsAreMadeFromTheCli() {
    Path runs = dir.resolve("run");
    CliRuns.dataset(runs.resolve("data").resolve("Reach-seed0"), 1, 3);
    CliRuns.Run r = tandem("dataset", "info", runs.resolve("data").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines())
        .containsExactly(
            "tandem: "
                + runs.resolve("data")
                + " is not a Tandem dataset: it has no dataset.json (datasets inside it:"
                + " Reach-seed0); datasets are recorded by 'tandem experiment'"
                + " (runs/<id>/data/<task>-seed<N>) and 'tandem teleop' (<out>/data)");
  }

  @Test
  void exportToADirectoryOrIntoAMissingDirectoryIsRefusedUpFront() throws Exception {
    Path ds = CliRuns.dataset(dir.resolve("ds"), 2, 20);
    Path target = Files.createDirectories(dir.resolve("exports"));
    CliRuns.Run toDir = tandem("dataset", "export", "--quiet", ds.toString(), target.toString());
    assertThat(toDir.exit()).as(toDir.err()).isEqualTo(2);
    assertThat(toDir.errLines())
        .containsExactly(
            "tandem: "
                + target
                + ": is a directory, expected the name of the file to write (e.g. "
                + target.resolve("export.hdf5")
                + ")");
    Path missing = dir.resolve("nope").resolve("out.hdf5");
    CliRuns.Run toMissing =
        tandem("dataset", "export", "--quiet", ds.toString(), missing.toString());
    assertThat(toMissing.exit()).isEqualTo(2);
    assertThat(toMissing.errLines())
        .containsExactly(
            "tandem: "
                + missing
                + ": cannot write it: the directory "
                + missing.getParent()
                + " does not exist");
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("ds", "exports");
    }
    try (var left = Files.list(target)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void exportOfDamagedEpisodesIsRefusedUnlessPartialIsAllowed() throws Exception {
    Path ds = CliRuns.dataset(dir.resolve("ds"), 3, 60);
    List<Path> files;
    try (var list = Files.list(ds.resolve("episodes"))) {
      files = list.sorted().toList();
    }
    flip(files.get(1), Files.size(files.get(1)) / 2); // a record in the middle: the rest is cut
    flip(files.get(2), 2); // the header: nothing is readable
    Path out = dir.resolve("out.hdf5");

    CliRuns.Run refused = tandem("dataset", "export", "--quiet", ds.toString(), out.toString());
    assertThat(refused.exit()).as(refused.err()).isEqualTo(3);
    List<String> lines = refused.errLines();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .matches("tandem: episode 1 is cut to its first \\d+ steps: corrupted record at offset .*");
    assertThat(lines.get(1)).startsWith("tandem: episode 2 is unreadable and left out: ");
    assertThat(lines.get(2))
        .isEqualTo(
            "tandem: export refused: 2 damaged episode(s) listed above; --allow-partial exports"
                + " what is readable");
    assertThat(out).doesNotExist();

    CliRuns.Run partial =
        tandem("dataset", "export", "--quiet", "--allow-partial", ds.toString(), out.toString());
    assertThat(partial.exit()).as(partial.err()).isZero();
    assertThat(partial.out())
        .contains("2 demos")
        .containsPattern("partial: episode 1 is cut to its first \\d+ steps")
        .contains("partial: episode 2 is unreadable and left out");
    assertThat(out).isNotEmptyFile();
    assertThat(dir.resolve("out.hdf5.partial")).doesNotExist();
  }

  private static void flip(Path file, long offset) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      for (int i = 0; i < 4; i++) {
        f.seek(offset + i);
        int b = f.read();
        f.seek(offset + i);
        f.write(b ^ 0xff);
      }
    }
  }
}
