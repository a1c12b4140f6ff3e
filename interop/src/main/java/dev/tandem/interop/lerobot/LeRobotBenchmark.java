package dev.tandem.interop.lerobot;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.Episode;
import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.data.EpisodeOutcome;
import dev.tandem.core.data.ImageFrame;
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
import dev.tandem.interop.ImportTarget;
import dev.tandem.interop.parquet.ParquetFile;
import dev.tandem.interop.parquet.ParquetWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * {@code tandem bench store}'s LeRobot figures:
 *
 * <ul>
 *   <li>{@code lerobot_export_steps_per_s}, {@code lerobot_import_steps_per_s}: a recorded store
 *       (64-float state, 8-float action as the store benchmark's steps, takeovers every 50 steps)
 *       exported to a LeRobot v3.0 directory and imported back into a new store, with {@code
 *       lerobot_steps}, {@code store_mb} and {@code lerobot_mb} (bytes on disk);
 *   <li>the same with one 84x84 camera, suffixed {@code _camera84} (PNG encoding and decoding
 *       included);
 *   <li>{@code parquet_write_mb_per_s}, {@code parquet_read_mb_per_s}: the parquet writer and
 *       reader alone on a data table of the plain store's size (MB of float and int values), with
 *       {@code parquet_file_mb} (snappy).
 * </ul>
 *
 * <p>Every figure is of a correct run: the imported store must hold every step, with the recorded
 * state, actions and source of each episode's last step bit for bit, and the parquet table must
 * read back equal, else {@link #run} throws instead of reporting a speed.
 */
public final class LeRobotBenchmark {

  /**
   * Sizes: state-only episodes, steps per episode, camera episodes (of the same length), and where
   * the benchmark's temporary directory goes (the system one when null; deleted afterwards).
   */
  public record Config(int episodes, int stepsPerEpisode, int cameraEpisodes, Path directory) {
    public Config {
      if (episodes <= 0 || stepsPerEpisode <= 0 || cameraEpisodes < 0) {
        throw new IllegalArgumentException(
            "benchmark sizes must be positive, found "
                + episodes
                + " episodes, "
                + stepsPerEpisode
                + " steps, "
                + cameraEpisodes
                + " camera episodes");
      }
    }

    /** 40 episodes of 1000 steps, 4 of them again with a camera, in the system temp directory. */
    public static Config defaults() {
      return new Config(40, 1000, 4, null);
    }
  }

  private static final int STATE = 64;
  private static final int ACTION = 8;
  private static final int SIDE = 84;
  private static final double MB = 1024.0 * 1024.0;

  private LeRobotBenchmark() {}

  public static Map<String, Object> run(Config c) {
    Path dir = null;
    try {
      dir =
          c.directory() == null
              ? Files.createTempDirectory("tandem-lerobot-bench")
              : Files.createTempDirectory(c.directory(), "tandem-lerobot-bench");
      Map<String, Object> out = new LinkedHashMap<>();
      roundTrip(dir.resolve("plain"), c.episodes(), c.stepsPerEpisode(), false, "", out);
      if (c.cameraEpisodes() > 0) {
        roundTrip(
            dir.resolve("cam"), c.cameraEpisodes(), c.stepsPerEpisode(), true, "_camera84", out);
      }
      parquet(dir.resolve("table.parquet"), c.episodes() * c.stepsPerEpisode(), out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (dir != null) {
        try {
          ImportTarget.deleteTree(dir);
        } catch (IOException e) {
          System.err.println("benchmark: could not delete " + dir + ": " + e.getMessage());
        }
      }
    }
  }

  private static EnvironmentSpec spec(boolean camera) {
    List<FeatureSpec> features = new ArrayList<>();
    features.add(FeatureSpec.vector(FeatureSpec.STATE, STATE, "", List.of()));
    if (camera) {
      features.add(FeatureSpec.image("front", SIDE, SIDE));
    }
    List<String> names = new ArrayList<>();
    double[] lo = new double[ACTION];
    double[] hi = new double[ACTION];
    for (int i = 0; i < ACTION; i++) {
      names.add("a" + i);
      lo[i] = -1;
      hi[i] = 1;
    }
    return new EnvironmentSpec(
        "bench/Store",
        new RobotSpec(
            "bench",
            List.of(new JointSpec("j", JointSpec.JointType.REVOLUTE, -1, 1, 1, 1)),
            "ee",
            Optional.empty(),
            new RobotSpec.CartesianLimits(1, new double[] {-1, -1, -1}, new double[] {1, 1, 1})),
        features,
        new ActionSpec(ActionSpec.ActionMode.EE_DELTA, names, lo, hi),
        25,
        10_000,
        Map.of());
  }

  /** Records, exports, imports and checks; puts speeds and sizes into {@code out}. */
  private static void roundTrip(
      Path dir, int episodes, int steps, boolean camera, String suffix, Map<String, Object> out)
      throws IOException {
    Path storeDir = dir.resolve("store");
    Path lerobot = dir.resolve("lerobot");
    Path back = dir.resolve("back");
    Files.createDirectories(dir);
    record(storeDir, episodes, steps, camera);
    long total = (long) episodes * steps;
    try (EpisodeStore store = EpisodeStore.openReadOnly(storeDir)) {
      long t0 = System.nanoTime();
      LeRobotExporter.export(store, lerobot, LeRobotExporter.Options.defaults(), (d, t) -> {});
      long t1 = System.nanoTime();
      LeRobotImporter.Report r =
          LeRobotImporter.importDataset(lerobot, back, Optional.empty(), (d, t) -> {});
      long t2 = System.nanoTime();
      check(store, back, r, total);
      out.put("lerobot_export_steps_per_s" + suffix, Math.round(total / ((t1 - t0) / 1e9)));
      out.put("lerobot_import_steps_per_s" + suffix, Math.round(total / ((t2 - t1) / 1e9)));
      out.put("lerobot_steps" + suffix, total);
      out.put("store_mb" + suffix, round1(bytes(storeDir) / MB));
      out.put("lerobot_mb" + suffix, round1(bytes(lerobot) / MB));
    }
  }

  private static void record(Path storeDir, int episodes, int steps, boolean camera)
      throws IOException {
    SplittableRandom rnd = new SplittableRandom(7);
    try (EpisodeStore store = EpisodeStore.create(storeDir, DatasetSpec.of(spec(camera)))) {
      byte[] px = new byte[SIDE * SIDE * 3];
      for (int e = 0; e < episodes; e++) {
        EpisodeWriter w =
            store.beginEpisode(
                new EpisodeMeta("bench/Store", e, null, "", "", Instant.EPOCH, Map.of()));
        for (int i = 0; i < steps; i++) {
          float[] s = new float[STATE];
          for (int k = 0; k < STATE; k++) {
            s[k] = (float) rnd.nextGaussian();
          }
          float[] a = new float[ACTION];
          for (int k = 0; k < ACTION; k++) {
            a[k] = (float) rnd.nextDouble(-1, 1);
          }
          Map<String, ImageFrame> img = Map.of();
          if (camera) {
            // a smooth image that moves each step (PNG compresses it as it would a rendered scene)
            for (int p = 0; p < px.length; p++) {
              px[p] = (byte) ((p / 3 % SIDE) * 2 + (p / (3 * SIDE)) + i);
            }
            img = Map.of("front", new ImageFrame(SIDE, SIDE, 3, px.clone()));
          }
          boolean human = i % 50 > 40;
          w.append(
              new Step(
                  i,
                  new Observation(s, img, i),
                  Action.of(a),
                  Action.of(a),
                  human ? ControlSource.HUMAN : ControlSource.POLICY,
                  human ? i / 50 : Step.NO_INTERVENTION,
                  0f,
                  false,
                  i == steps - 1,
                  List.of(),
                  i));
        }
        w.end(EpisodeOutcome.of(EndReason.TIME_LIMIT, false), Optional.empty());
      }
    }
  }

  /** The import holds every step, and each episode's last step is the recorded one. */
  private static void check(EpisodeStore store, Path back, LeRobotImporter.Report r, long total)
      throws IOException {
    if (r.steps() != total) {
      throw new IllegalStateException(
          "benchmark: imported " + r.steps() + " steps of " + total + " exported");
    }
    try (EpisodeStore in = EpisodeStore.openReadOnly(back)) {
      List<Long> ids = store.readableEpisodeIds();
      List<Long> backIds = in.readableEpisodeIds();
      if (ids.size() != backIds.size()) {
        throw new IllegalStateException(
            "benchmark: imported " + backIds.size() + " episodes of " + ids.size());
      }
      for (int e = 0; e < ids.size(); e++) {
        Step a = last(store.readEpisode(ids.get(e)));
        Step b = last(in.readEpisode(backIds.get(e)));
        if (!Arrays.equals(a.observation().state(), b.observation().state())
            || !a.applied().equals(b.applied())
            || !a.proposed().equals(b.proposed())
            || a.source() != b.source()
            || a.interventionId() != b.interventionId()) {
          throw new IllegalStateException(
              "benchmark: episode " + ids.get(e) + " came back with another last step");
        }
      }
    }
  }

  private static Step last(Episode e) {
    return e.steps().get(e.length() - 1);
  }

  /** Writes and reads a data table of {@code rows} steps and checks it reads back equal. */
  private static void parquet(Path file, int rows, Map<String, Object> out) throws IOException {
    SplittableRandom rnd = new SplittableRandom(11);
    float[][] state = new float[rows][STATE];
    float[][] action = new float[rows][ACTION];
    long[] index = new long[rows];
    float[] reward = new float[rows];
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < STATE; k++) {
        state[r][k] = (float) rnd.nextGaussian();
      }
      for (int k = 0; k < ACTION; k++) {
        action[r][k] = (float) rnd.nextDouble(-1, 1);
      }
      index[r] = r;
      reward[r] = r % 1000 == 999 ? 1 : 0;
    }
    double mb = rows * (4.0 * (STATE + ACTION + 1) + 8) / MB;
    long t0 = System.nanoTime();
    ParquetWriter.snappy(rows)
        .float32Lists(FeatureSpec.STATE, state)
        .float32Lists(FeatureSpec.ACTION, action)
        .int64(LeRobotFormat.INDEX, index)
        .float32(LeRobotFormat.REWARD, reward)
        .write(file);
    long t1 = System.nanoTime();
    ParquetFile f = ParquetFile.open(file);
    float[][] stateBack = f.column(FeatureSpec.STATE).floatLists(STATE);
    float[][] actionBack = f.column(FeatureSpec.ACTION).floatLists(ACTION);
    long[] indexBack = f.column(LeRobotFormat.INDEX).longs();
    float[] rewardBack = f.column(LeRobotFormat.REWARD).floats();
    long t2 = System.nanoTime();
    if (!Arrays.deepEquals(state, stateBack)
        || !Arrays.deepEquals(action, actionBack)
        || !Arrays.equals(index, indexBack)
        || !Arrays.equals(reward, rewardBack)) {
      throw new IllegalStateException("benchmark: " + file + " read back other values");
    }
    out.put("parquet_table_rows", rows);
    out.put("parquet_table_mb", round1(mb));
    out.put("parquet_file_mb", round1(Files.size(file) / MB));
    out.put("parquet_write_mb_per_s", round1(mb / ((t1 - t0) / 1e9)));
    out.put("parquet_read_mb_per_s", round1(mb / ((t2 - t1) / 1e9)));
  }

  private static long bytes(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      long sum = 0;
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        sum += Files.size(p);
      }
      return sum;
    }
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
