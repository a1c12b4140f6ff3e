package dev.tandem.runtime.cli;

import static dev.tandem.runtime.cli.CliRuns.tandem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.Episode;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.interop.NodeTools;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem dataset export --format lerobot} and {@code tandem dataset import}: both ways,
 * training on what was imported, and bad input as one line with exit code 2 and nothing left.
 */
class DatasetInteropCliTest {

  @TempDir Path tmp;

  static final String MAPPING =
      """
      environment: lerobot/so100_fixture
      robot: so100
      joints: [j0, j1, j2, j3, j4, gripper]
      actionMode: JOINT_POSITION
      cameras: {top: observation.images.top}
      """;

  @Test
  void exportImportAndTrain() throws Exception {
    Path ds = CliRuns.dataset(tmp.resolve("ds"), 3, 30);
    CliRuns.Run ex = exportLeRobot(ds.toString(), tmp.resolve("lr").toString());
    assertThat(ex.exit()).as(ex.err()).isZero();
    assertThat(ex.out()).contains("LeRobot v3.0, 3 episodes, 90 frames");
    CliRuns.Run in =
        tandem(
            "dataset",
            "import",
            "--quiet",
            tmp.resolve("lr").toString(),
            tmp.resolve("back").toString());
    assertThat(in.exit()).as(in.err()).isZero();
    assertThat(in.out()).contains("exported by Tandem").contains("3 episodes, 90 steps");
    try (EpisodeStore a = EpisodeStore.openReadOnly(ds);
        EpisodeStore b = EpisodeStore.openReadOnly(tmp.resolve("back"))) {
      for (int e = 0; e < 3; e++) {
        Episode x = a.readEpisode(a.readableEpisodeIds().get(e));
        Episode y = b.readEpisode(b.readableEpisodeIds().get(e));
        assertThat(y.steps()).isEqualTo(x.steps());
      }
    }
    // robomimic both ways through the CLI too
    assertThat(
            tandem("dataset", "export", "--quiet", ds.toString(), tmp.resolve("x.hdf5").toString())
                .exit())
        .isZero();
    CliRuns.Run rm =
        tandem(
            "dataset",
            "import",
            "--quiet",
            tmp.resolve("x.hdf5").toString(),
            tmp.resolve("rm").toString());
    assertThat(rm.exit()).as(rm.err()).isZero();
    assertThat(rm.out()).contains("robomimic, exported by Tandem").contains("3 episodes, 90 steps");

    CliRuns.Run train =
        tandem(
            "train",
            tmp.resolve("back").toString(),
            "--out",
            tmp.resolve("reg").toString(),
            "--set",
            "steps=20",
            "--threads",
            "2");
    assertThat(train.exit()).as(train.err()).isZero();
  }

  @Test
  void foreignLeRobotDatasetImportsThroughAMappingAndTrains() throws Exception {
    NodeTools.node("write-lerobot-fixture.mjs", tmp.resolve("fx").toString(), "3");
    Path yaml = tmp.resolve("so100.yaml");
    Files.writeString(yaml, MAPPING);
    CliRuns.Run in =
        tandem(
            "dataset",
            "import",
            "--quiet",
            "--mapping",
            yaml.toString(),
            tmp.resolve("fx").toString(),
            tmp.resolve("store").toString());
    assertThat(in.exit()).as(in.err()).isZero();
    assertThat(in.out()).contains("3 episodes, 48 steps").doesNotContain("exported by Tandem");
    CliRuns.Run train =
        tandem(
            "train",
            tmp.resolve("store").toString(),
            "--out",
            tmp.resolve("reg").toString(),
            "--set",
            "steps=20");
    assertThat(train.exit()).as(train.err()).isZero();
    assertThat(tandem("dataset", "info", tmp.resolve("store").toString()).out())
        .contains("lerobot/so100_fixture")
        .contains("SCRIPTED=48");
  }

  /** {@code tandem dataset export --format lerobot --quiet} with {@code args}. */
  private static CliRuns.Run exportLeRobot(String... args) {
    String[] all = new String[args.length + 5];
    System.arraycopy(
        new String[] {"dataset", "export", "--format", "lerobot", "--quiet"}, 0, all, 0, 5);
    System.arraycopy(args, 0, all, 5, args.length);
    return tandem(all);
  }

  private void assertRefused(CliRuns.Run r, String... parts) {
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.errLines().get(0)).contains(parts);
    assertThat(tmp.resolve("out")).doesNotExist();
    assertThat(tmp.resolve("out.partial")).doesNotExist();
  }

  @Test
  void badInputIsOneLineAndLeavesNothing() throws Exception {
    Path ds = CliRuns.dataset(tmp.resolve("ds"), 2, 12);
    Path lr = tmp.resolve("lr");
    assertThat(exportLeRobot(ds.toString(), lr.toString()).exit()).isZero();
    String out = tmp.resolve("out").toString();

    // not a LeRobot dataset
    Files.createDirectories(tmp.resolve("empty"));
    assertRefused(
        tandem("dataset", "import", "--quiet", tmp.resolve("empty").toString(), out),
        "empty",
        "not a LeRobot dataset",
        "meta/info.json");

    // a feature the mapping names is missing
    Path yaml = tmp.resolve("m.yaml");
    Files.writeString(
        yaml,
        "environment: x\nrobot: r\njoints: [x]\nactionMode: JOINT_VELOCITY\nstate: [observation.joints]\n");
    assertRefused(
        tandem("dataset", "import", "--quiet", "--mapping", yaml.toString(), lr.toString(), out),
        "info.json",
        "feature 'observation.joints' is missing");

    // shape mismatch: info.json says the state has 9 values
    Path info = lr.resolve("meta/info.json");
    String original = Files.readString(info);
    Files.writeString(info, original.replaceFirst("\"shape\" : \\[ 8 \\]", "\"shape\" : [ 9 ]"));
    assertRefused(
        tandem("dataset", "import", "--quiet", lr.toString(), out),
        "info.json",
        "'observation.state' has shape [9]",
        "[8]");
    Files.writeString(info, original);

    // corrupted parquet: the data file cut short
    Path data = lr.resolve("data/chunk-000/file-000.parquet");
    try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }
    assertRefused(
        tandem("dataset", "import", "--quiet", lr.toString(), out),
        data.toString(),
        "not a parquet file");

    // a damaged page: the file's name and the column in one line
    CliRuns.dataset(tmp.resolve("ds2"), 2, 12);
    Path lr2 = tmp.resolve("lr2");
    exportLeRobot(tmp.resolve("ds2").toString(), lr2.toString());
    Path data2 = lr2.resolve("data/chunk-000/file-000.parquet");
    byte[] b = Files.readAllBytes(data2);
    for (int i = 4; i < 60; i++) {
      b[i] = (byte) 0xee;
    }
    Files.write(data2, b);
    assertRefused(
        tandem("dataset", "import", "--quiet", lr2.toString(), out),
        data2.toString(),
        "column 'observation.state",
        "damaged");

    // video options that do not go together
    String out2 = tmp.resolve("out2").toString();
    assertRefused(
        tandem("dataset", "export", "--quiet", "--video", ds.toString(), out2),
        "--video and --video-codec are for --format lerobot");
    assertRefused(
        exportLeRobot("--video-codec", "libx264", ds.toString(), out2),
        "--video-codec libx264: give --video as well");
    assertRefused(
        exportLeRobot("--video", "--video-codec", "no-such-encoder", ds.toString(), out2),
        "video codec 'no-such-encoder'",
        "has no such encoder");
    assertThat(tmp.resolve("out2")).doesNotExist();

    // an export into an existing directory is refused before any work
    CliRuns.Run again = exportLeRobot(ds.toString(), lr.toString());
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.errLines()).hasSize(1);
    assertThat(again.errLines().get(0)).contains(lr.toString(), "already exists");
    assertThat(tmp.resolve("lr.partial")).doesNotExist();
    assertThat(List.of(1)).isNotEmpty();
  }
}
