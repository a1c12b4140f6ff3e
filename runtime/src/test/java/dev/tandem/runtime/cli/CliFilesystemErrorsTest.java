package dev.tandem.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk and a read-only file system, for real: {@code tandem} runs in a child JVM inside a
 * private mount namespace ({@code unshare -rm}, no privileges needed where user namespaces are on)
 * over a tmpfs of 64 KiB or one mounted read-only, so the kernel itself answers ENOSPC and EROFS.
 * The mount is gone with the child; nothing on the real disk fills up.
 */
class CliFilesystemErrorsTest {
  @TempDir Path dir;

  @BeforeAll
  static void namespacesAvailable() throws Exception {
    Process p = new ProcessBuilder("unshare", "-rm", "true").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    Assumptions.assumeTrue(
        ok, "needs 'unshare -rm' (util-linux, user namespaces) to mount a tmpfs: " + out.strip());
  }

  /** What the child printed, and the files left on the mounted file system. */
  private record Child(int exit, String out, List<String> err, List<String> files) {}

  /**
   * Mounts a tmpfs with {@code options} at {@code mount} (private to the child), runs {@code tandem
   * args} there and lists what the mount holds afterwards.
   */
  private Child tandemOn(String options, Path mount, String... args) throws Exception {
    Files.createDirectories(mount);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String script =
        "mount -t tmpfs -o \"$1\" tmpfs \"$2\" || exit 99; m=\"$2\"; shift 2; \"$@\"; rc=$?;"
            + " find \"$m\" -mindepth 1 > \"$m.files\" 2>&1; exit $rc";
    List<String> command =
        new ArrayList<>(
            List.of(
                "unshare",
                "-rm",
                "sh",
                "-c",
                script,
                "sh",
                options,
                mount.toString(),
                java,
                "-Xmx1g",
                "-cp",
                classPath,
                TandemCli.class.getName()));
    command.addAll(List.of(args));
    Path out = dir.resolve("child.out");
    Path err = dir.resolve("child.err");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    p.getOutputStream().close();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
    assertThat(p.exitValue()).as("tmpfs mounted: %s", Files.readString(err)).isNotEqualTo(99);
    List<String> files =
        Files.readAllLines(Path.of(mount + ".files")).stream()
            .map(f -> f.substring(mount.toString().length() + 1))
            .toList();
    return new Child(
        p.exitValue(),
        Files.readString(out),
        Files.readAllLines(err).stream().filter(l -> !l.isBlank()).toList(),
        files);
  }

  private static void noStackTraces(List<String> err) {
    assertThat(err)
        .noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by") || l.contains("\tat "));
  }

  @Test
  void aFullDiskDuringExportIsOneLineNamingTheFileAndLeavesNothingBehind() throws Exception {
    Path ds = CliRuns.dataset(dir.resolve("ds"), 5, 400);
    Path mount = dir.resolve("full");
    Path target = mount.resolve("out.hdf5");
    Child c =
        tandemOn(
            "size=64k", mount, "dataset", "export", "--quiet", ds.toString(), target.toString());
    assertThat(c.exit()).as(String.join("\n", c.err())).isEqualTo(2);
    assertThat(c.err()).hasSize(1);
    assertThat(c.err().get(0)).startsWith("tandem: no space left on device: writing " + target);
    assertThat(c.files()).as("no out.hdf5.partial left").isEmpty();
  }

  @Test
  void aFullDiskDuringAnExperimentEndsWithOneLineNamingTheFile() throws Exception {
    Path config = dir.resolve("tiny.yaml");
    Files.writeString(
        config,
        """
        type: experiment
        name: tiny
        tasks:
          - {type: Reach, goalRangeMeters: 0.3, distanceThresholdMeters: 0.05}
        seeds: [0]
        demos: 2
        rounds: 0
        evalEpisodes: 1
        methods:
          - {name: bc, weighting: bc}
        training: {steps: 5}
        """);
    Path mount = dir.resolve("full");
    Child c =
        tandemOn(
            "size=64k",
            mount,
            "experiment",
            config.toString(),
            "--runs",
            mount.resolve("runs").toString(),
            "--quiet");
    assertThat(c.exit()).as(String.join("\n", c.err())).isEqualTo(2);
    noStackTraces(c.err());
    assertThat(c.err().get(c.err().size() - 1))
        .startsWith("tandem: no space left on device: round 0 (demos): training failed: writing ")
        .contains(mount.resolve("runs").toString())
        .endsWith(".policy.tmp");
    assertThat(c.files()).as("no half-written policy left").noneMatch(f -> f.endsWith(".tmp"));
  }

  @Test
  void aReadOnlyRunsDirectoryOrExportTargetIsOneLine() throws Exception {
    Path mount = dir.resolve("ro");
    Child runs =
        tandemOn(
            "ro,size=64k",
            mount,
            "experiment",
            "../configs/experiments/quick.yaml",
            "--runs",
            mount.resolve("runs").toString());
    assertThat(runs.exit()).as(String.join("\n", runs.err())).isEqualTo(2);
    assertThat(runs.err())
        .containsExactly(
            "tandem: --runs "
                + mount.resolve("runs")
                + ": cannot write there: "
                + mount.resolve("runs")
                + ": read-only file system");
    assertThat(runs.out()).doesNotContain("writing");

    Path ds = CliRuns.dataset(dir.resolve("ds"), 1, 5);
    Path target = mount.resolve("out.hdf5");
    Child export =
        tandemOn(
            "ro,size=64k", mount, "dataset", "export", "--quiet", ds.toString(), target.toString());
    assertThat(export.exit()).isEqualTo(2);
    assertThat(export.err())
        .containsExactly("tandem: " + target + ": cannot write it: read-only file system");
  }
}
