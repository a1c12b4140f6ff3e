package dev.tandem.core.store;

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
import io.soabase.recordbuilder.core.RecordBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Measures the episode store ({@code tandem bench store}):
 *
 * <ul>
 *   <li>{@code append_steps_per_s}: steps appended per second with durability on (group commit,
 *       default options), timed from the first append until every step is forced to disk;
 *   <li>{@code read_steps_per_s}: training samples read per second through the {@link
 *       StoreSampleView} in random batches (state, applied action, next state, reward, terminal,
 *       episode end per sample);
 *   <li>{@code paced_max_durability_lag_ms}: the longest time from append to fsync while 16
 *       episodes record 20,000 steps/s in total (below what the disk absorbs), which the group
 *       commit keeps under 50 ms.
 * </ul>
 *
 * <p>CPU time per step is reported next to each rate, since on a shared machine the wall-clock
 * rates depend on what else runs.
 *
 * <p>Steps have a 64-float {@code observation.state} and an 8-float action (7 joints + gripper),
 * proposed and applied, no images.
 */
public final class StoreBenchmark {

  /**
   * What to measure. The benchmark works in a new temporary directory inside {@code directory} (the
   * system temporary directory when null) and deletes it afterwards.
   */
  @RecordBuilder
  public record Config(
      int stateSize,
      int actionSize,
      int writers,
      int episodesPerWriter,
      int stepsPerEpisode,
      int batchSize,
      long readSamples,
      double pacedSeconds,
      long seed,
      Path directory)
      implements StoreBenchmarkConfigBuilder.With {

    public Config {
      if (stateSize <= 0 || actionSize <= 0 || writers <= 0 || episodesPerWriter <= 0) {
        throw new IllegalArgumentException("benchmark sizes must be positive");
      }
      if (stepsPerEpisode < 2 || batchSize <= 0 || readSamples <= 0 || !(pacedSeconds > 0)) {
        throw new IllegalArgumentException(
            "stepsPerEpisode must be >= 2 and batchSize, readSamples, pacedSeconds positive");
      }
    }

    /**
     * 64-float state, 8-float action, one writer, 400 episodes of 1000 steps, 8 M samples read in
     * batches of 256, 2 s of paced recording.
     */
    public static Config defaults() {
      return new Config(64, 8, 1, 400, 1000, 256, 8_000_000, 2.0, 42, null);
    }
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private StoreBenchmark() {}

  public static Map<String, Object> run() {
    return run(Config.defaults());
  }

  public static Map<String, Object> run(Config c) {
    Path dir = null;
    try {
      dir =
          c.directory() == null
              ? Files.createTempDirectory("tandem-store-bench")
              : Files.createTempDirectory(c.directory(), "tandem-store-bench");
      Path data = dir.resolve("dataset");
      Map<String, Object> out = new LinkedHashMap<>();
      appendPhase(c, data, out);
      readPhase(c, data, out);
      pacedPhase(c, dir.resolve("paced"), out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("benchmark interrupted", e);
    } finally {
      if (dir != null) {
        deleteTree(dir);
      }
    }
  }

  private static void appendPhase(Config c, Path data, Map<String, Object> out)
      throws InterruptedException {
    EnvironmentSpec env = environment(c.stateSize(), c.actionSize());
    StoreOptions options = StoreOptions.defaults();
    int pool = 1024;
    Observation[] obs = new Observation[pool];
    Action[] actions = new Action[pool];
    SplittableRandom rnd = new SplittableRandom(c.seed());
    for (int i = 0; i < pool; i++) {
      float[] s = new float[c.stateSize()];
      for (int k = 0; k < s.length; k++) {
        s[k] = (float) rnd.nextGaussian();
      }
      float[] a = new float[c.actionSize()];
      for (int k = 0; k < a.length; k++) {
        a[k] = (float) rnd.nextDouble(-1, 1);
      }
      obs[i] = new Observation(s, Map.of(), i);
      actions[i] = new Action(a);
    }
    long steps = (long) c.writers() * c.episodesPerWriter() * c.stepsPerEpisode();
    try (EpisodeStore store = EpisodeStore.create(data, DatasetSpec.of(env), options)) {
      // Warm-up: one episode so the JIT has seen the path.
      EpisodeWriter warm = store.beginEpisode(meta(env, -1));
      int warmSteps = (int) Math.min(20_000, steps);
      for (int i = 0; i < warmSteps; i++) {
        warm.append(step(i, obs, actions, warmSteps));
      }
      warm.end(EpisodeOutcome.of(EndReason.TIME_LIMIT, false));
      store.sync();
      store.evict(warm.id(), "benchmark warm-up");

      Thread[] threads = new Thread[c.writers()];
      java.util.concurrent.atomic.AtomicLong cpuNanos =
          new java.util.concurrent.atomic.AtomicLong();
      long t0 = System.nanoTime();
      for (int t = 0; t < threads.length; t++) {
        int writer = t;
        threads[t] =
            new Thread(
                () -> {
                  long cpu0 = THREADS.getCurrentThreadCpuTime();
                  for (int e = 0; e < c.episodesPerWriter(); e++) {
                    EpisodeWriter w = store.beginEpisode(meta(env, writer * 1_000_000L + e));
                    for (int i = 0; i < c.stepsPerEpisode(); i++) {
                      w.append(step(i, obs, actions, c.stepsPerEpisode()));
                    }
                    w.end(
                        EpisodeOutcome.of(EndReason.TIME_LIMIT, false),
                        Optional.of(obs[c.stepsPerEpisode() % pool]));
                  }
                  cpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu0);
                },
                "bench-writer-" + t);
        threads[t].start();
      }
      for (Thread t : threads) {
        t.join();
      }
      long appended = System.nanoTime();
      store.sync();
      long durable = System.nanoTime();
      StoreStats stats = store.stats();
      double seconds = (durable - t0) / 1e9;
      out.put("append_steps_per_s", Math.round(steps / seconds));
      out.put("append_steps", steps);
      out.put("append_writers", c.writers());
      out.put("append_call_mean_us", round((appended - t0) / 1e3 / steps * c.writers(), 3));
      out.put("append_final_sync_ms", round((durable - appended) / 1e6, 1));
      out.put("append_cpu_us_per_step", round(cpuNanos.get() / 1e3 / steps, 3));
      out.put("group_commit_interval_ms", options.groupCommitInterval().toMillis());
      out.put("group_commits", stats.commits());
      out.put("p50_durability_lag_ms", round(stats.p50DurabilityLagMillis(), 1));
      out.put("max_durability_lag_ms", round(stats.maxDurabilityLagMillis(), 1));
      out.put("mean_commit_ms", round(stats.meanCommitMillis(), 1));
      out.put("max_commit_ms", round(stats.maxCommitMillis(), 1));
      out.put("files_forced", stats.filesForced());
      out.put("directory_syncs", stats.directorySyncs());
      out.put("dataset_bytes", store.info().bytesOnDisk());
      out.put(
          "bytes_per_step",
          round((double) store.info().bytesOnDisk() / Math.max(1, store.info().steps()), 1));
    }
  }

  private static void readPhase(Config c, Path data, Map<String, Object> out) {
    long opening = System.nanoTime();
    try (EpisodeStore store = EpisodeStore.openReadOnly(data)) {
      long t0 = System.nanoTime();
      out.put("open_ms", round((t0 - opening) / 1e6, 1));
      StoreSampleView view = store.sampleView();
      long built = System.nanoTime();
      int b = c.batchSize();
      float[] states = new float[b * view.stateSize()];
      float[] next = new float[b * view.stateSize()];
      float[] acts = new float[b * view.actionSize()];
      float[] rewards = new float[b];
      boolean[] terminal = new boolean[b];
      boolean[] ends = new boolean[b];
      int[] idx = new int[b];
      SplittableRandom rnd = new SplittableRandom(c.seed());
      double checksum = 0;
      // Warm-up.
      long warmBatches = Math.min(2000, Math.max(1, c.readSamples() / b));
      for (long r = 0; r < warmBatches; r++) {
        checksum += batch(view, rnd, idx, states, acts, next, rewards, terminal, ends);
      }
      long batches = Math.max(1, c.readSamples() / b);
      long t1 = System.nanoTime();
      long cpu0 = THREADS.getCurrentThreadCpuTime();
      for (long r = 0; r < batches; r++) {
        checksum += batch(view, rnd, idx, states, acts, next, rewards, terminal, ends);
      }
      long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
      long t2 = System.nanoTime();
      out.put("read_cpu_ns_per_step", round((double) cpu / (batches * b), 1));
      out.put("read_steps_per_s", Math.round(batches * b / ((t2 - t1) / 1e9)));
      out.put("read_samples", batches * b);
      out.put("read_batch_size", b);
      out.put("view_samples", view.size());
      out.put("view_build_ms", round((built - t0) / 1e6, 1));
      out.put("read_checksum", checksum);
    }
  }

  /**
   * Durability latency at a sustained, disk-friendly rate: {@code pacedWriters} episodes recording
   * at once, {@code pacedStepsPerSecond} steps per second in total, for {@code pacedSeconds}.
   */
  private static void pacedPhase(Config c, Path data, Map<String, Object> out)
      throws InterruptedException {
    EnvironmentSpec env = environment(c.stateSize(), c.actionSize());
    int writers = 16;
    int rate = 20_000;
    double seconds = c.pacedSeconds();
    Observation obs = new Observation(new float[c.stateSize()], Map.of(), 0);
    Action act = Action.zeros(c.actionSize());
    Observation[] obsPool = {obs};
    Action[] actPool = {act};
    try (EpisodeStore store = EpisodeStore.create(data, DatasetSpec.of(env))) {
      EpisodeWriter[] w = new EpisodeWriter[writers];
      int[] next = new int[writers];
      for (int k = 0; k < writers; k++) {
        w[k] = store.beginEpisode(meta(env, k));
      }
      int tickMillis = 10;
      int perTick = rate * tickMillis / 1000 / writers;
      long ticks = Math.round(seconds * 1000 / tickMillis);
      long t0 = System.nanoTime();
      for (long t = 0; t < ticks; t++) {
        for (int k = 0; k < writers; k++) {
          for (int j = 0; j < perTick; j++) {
            w[k].append(step(next[k]++, obsPool, actPool, Integer.MAX_VALUE));
          }
        }
        long wake = t0 + (t + 1) * tickMillis * 1_000_000L;
        long sleep = wake - System.nanoTime();
        if (sleep > 0) {
          Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
      }
      StoreStats stats = store.stats();
      out.put("paced_steps_per_s", rate);
      out.put("paced_writers", writers);
      out.put("paced_p50_durability_lag_ms", round(stats.p50DurabilityLagMillis(), 1));
      out.put("paced_p99_durability_lag_ms", round(stats.p99DurabilityLagMillis(), 1));
      out.put("paced_max_durability_lag_ms", round(stats.maxDurabilityLagMillis(), 1));
      out.put("paced_mean_commit_ms", round(stats.meanCommitMillis(), 1));
      out.put("paced_max_commit_ms", round(stats.maxCommitMillis(), 1));
    }
  }

  private static double batch(
      StoreSampleView view,
      SplittableRandom rnd,
      int[] idx,
      float[] states,
      float[] acts,
      float[] next,
      float[] rewards,
      boolean[] terminal,
      boolean[] ends) {
    int n = view.size();
    for (int j = 0; j < idx.length; j++) {
      idx[j] = rnd.nextInt(n);
    }
    view.readBatch(idx, states, acts, next, rewards, terminal, ends);
    return states[0] + acts[0] + next[next.length - 1] + rewards[0] + (ends[0] ? 1 : 0);
  }

  private static Step step(int i, Observation[] obs, Action[] actions, int length) {
    int p = i % obs.length;
    ControlSource src = (i / 50) % 4 == 3 ? ControlSource.HUMAN : ControlSource.POLICY;
    return new Step(
        i,
        obs[p],
        actions[p],
        actions[(p + 1) % actions.length],
        src,
        src == ControlSource.HUMAN ? i / 200 : Step.NO_INTERVENTION,
        -1f,
        false,
        i == length - 1,
        List.of(),
        i * 40_000_000L);
  }

  private static EpisodeMeta meta(EnvironmentSpec env, long seed) {
    return new EpisodeMeta(
        env.name(), seed, new byte[0], "v1@bench", "bench", Instant.EPOCH, Map.of());
  }

  static EnvironmentSpec environment(int stateSize, int actionSize) {
    List<JointSpec> joints = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      joints.add(new JointSpec("joint" + i, JointSpec.JointType.REVOLUTE, -2.9, 2.9, 2.6, 87));
    }
    RobotSpec robot =
        new RobotSpec(
            "bench-arm",
            joints,
            "hand",
            Optional.empty(),
            new RobotSpec.CartesianLimits(1, new double[] {-1, -1, 0}, new double[] {1, 1, 1}));
    List<String> names = new ArrayList<>();
    double[] lo = new double[actionSize];
    double[] hi = new double[actionSize];
    for (int i = 0; i < actionSize; i++) {
      names.add("a" + i);
      lo[i] = -1;
      hi[i] = 1;
    }
    return new EnvironmentSpec(
        "bench/Store",
        robot,
        List.of(FeatureSpec.vector(FeatureSpec.STATE, stateSize, "mixed", List.of())),
        new ActionSpec(ActionSpec.ActionMode.JOINT_POSITION, names, lo, hi),
        25,
        1_000_000,
        Map.of());
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // Best effort for a temp directory.
                }
              });
    } catch (IOException ignored) {
      // Best effort for a temp directory.
    }
  }

  /**
   * Runs with the default configuration and prints one JSON object; an optional argument names the
   * directory (and so the disk) to benchmark in.
   */
  public static void main(String[] args) throws IOException {
    Config d = Config.defaults();
    Config c =
        args.length == 0
            ? d
            : new Config(
                d.stateSize(),
                d.actionSize(),
                d.writers(),
                d.episodesPerWriter(),
                d.stepsPerEpisode(),
                d.batchSize(),
                d.readSamples(),
                d.pacedSeconds(),
                d.seed(),
                Path.of(args[0]));
    Map<String, Object> result = run(c);
    System.out.println(SpecJson.MAPPER.writeValueAsString(result));
  }
}
