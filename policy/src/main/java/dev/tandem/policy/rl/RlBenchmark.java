package dev.tandem.policy.rl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tandem.core.data.SampleClass;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.MatmulLimit;
import dev.tandem.policy.checkpoint.PolicyFeatures;
import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.policy.config.TrainConfig.MatmulPrecision;
import dev.tandem.policy.data.ArraySampleView;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * SAC learning speed: {@code updates_per_s} is full updates per second (critic ensemble, actor,
 * temperature, target averaging; UTD 1) on RLPD batches drawn half from a prior set and half from a
 * replay buffer of synthetic transitions. Defaults: batch 256, 10 LayerNorm critics of 2x256, min
 * over 2, state 25, action 7.
 */
public final class RlBenchmark {

  /** What to measure. */
  public record Options(
      int stateSize,
      int actionDim,
      int criticEnsembleSize,
      int targetSubsetSize,
      int hidden,
      int batchSize,
      int warmupUpdates,
      int timedUpdates,
      int trainingThreads) {

    public static Options defaults() {
      return new Options(25, 7, 10, 2, 256, 256, 20, 200, 1);
    }

    public static Options quick() {
      return new Options(25, 7, 10, 2, 256, 256, 5, 30, 1);
    }
  }

  private RlBenchmark() {}

  public static Map<String, Object> run(Options o) {
    DjlRuntime runtime =
        DjlRuntime.start(
            new RuntimeConfig(RuntimeConfig.DeviceChoice.AUTO, 1, o.trainingThreads()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("device", runtime.device().toString());
    out.put("training_threads", o.trainingThreads());
    out.put("cpus", Runtime.getRuntime().availableProcessors());
    out.put(
        "load_average_start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    out.put("state_size", o.stateSize());
    out.put("action_dim", o.actionDim());
    out.put("critics", o.criticEnsembleSize());
    out.put("target_subset", o.targetSubsetSize());
    out.put("hidden", o.hidden() + "x2");
    out.put("batch_size", o.batchSize());

    SplittableRandom rng = new SplittableRandom(1);
    int s = o.stateSize();
    int a = o.actionDim();
    ArraySampleView.Builder pb = ArraySampleView.builder(s, a);
    ReplayBuffer online = new ReplayBuffer(20_000, s, a);
    for (int i = 0; i < 10_000; i++) {
      float[] st = random(rng, s, 1);
      float[] ac = random(rng, a, 1);
      float[] nx = random(rng, s, 1);
      float r = (float) rng.nextDouble(-1, 1);
      boolean done = rng.nextInt(50) == 0;
      pb.add(st, ac, nx, r, done, 1f, SampleClass.DEMO);
      if (done) {
        pb.endEpisode();
      }
      online.add(st, ac, r, nx, done, done, SampleClass.ROBOT);
    }
    ArraySampleView prior = pb.build();
    double[] lo = new double[a];
    double[] hi = new double[a];
    Arrays.fill(lo, -1);
    Arrays.fill(hi, 1);
    List<String> names = new ArrayList<>();
    for (int j = 0; j < a; j++) {
      names.add("a" + j);
    }
    PolicyFeatures features =
        new PolicyFeatures(
            "benchmark",
            FeatureSpec.vector(FeatureSpec.STATE, s, "", List.of()),
            List.of(),
            new ActionSpec(ActionSpec.ActionMode.EE_DELTA, names, lo, hi));
    SacConfig config =
        SacConfig.defaults()
            .withCritics(o.criticEnsembleSize(), o.targetSubsetSize(), true)
            .withHiddenSizes(List.of(o.hidden(), o.hidden()))
            .withBatchSize(o.batchSize());
    RlpdSampler sampler = new RlpdSampler(prior, online, config.priorFraction(), 2);
    try (SacLearner sac =
        SacLearner.create(runtime, config, features, SacLearner.fitStateNormalizer(prior))) {
      for (int k = 0; k < o.warmupUpdates(); k++) {
        sac.update(sampler);
      }
      long sampleNanos = 0;
      java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      long cpu0 = mx.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      SacLosses last = null;
      for (int k = 0; k < o.timedUpdates(); k++) {
        long t0 = System.nanoTime();
        SacBatch batch = sampler.sample(config.batchSize());
        sampleNanos += System.nanoTime() - t0;
        last = sac.update(batch);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
      out.put("updates_per_cpu_s", round(o.timedUpdates() / cpuSeconds));
      out.put("updates", o.timedUpdates());
      out.put("seconds", round(seconds));
      out.put("updates_per_s", round(o.timedUpdates() / seconds));
      out.put("ms_per_update", round(1e3 * seconds / o.timedUpdates()));
      out.put("batch_sampling_ms_per_update", round(sampleNanos / 1e6 / o.timedUpdates()));
      out.put("critic_loss_last", round(last.criticLoss()));
    }
    // The yardstick: libtorch's 256-cube float32 product (what SAC trains with), 1 and 2 threads.
    MatmulLimit.Rate oneRate =
        MatmulLimit.measure(runtime, o.hidden(), 1, MatmulPrecision.HIGHEST, 5, 0.05);
    double one = oneRate.gflops();
    double two =
        MatmulLimit.measure(runtime, o.hidden(), 2, MatmulPrecision.HIGHEST, 5, 0.05).gflops();
    long flops = updateFlops(o);
    double limit = (o.trainingThreads() == 1 ? one : two) * 1e9 / flops;
    out.put("matmul_gflops_1thread", round(one));
    out.put("matmul_gflops_2threads", round(two));
    out.put("matmul_flops_per_update", flops);
    out.put("limit_updates_per_s", round(limit));
    out.put("fraction_of_limit", round((double) out.get("updates_per_s") / limit));
    if (o.trainingThreads() == 1) {
      // CPU-time figures: less inflated by other load on the machine than the wall-clock ones
      out.put("matmul_gflops_per_cpu_s_1thread", round(oneRate.gflopsPerCpuSecond()));
      out.put(
          "fraction_of_limit_cpu",
          round(
              (double) out.get("updates_per_cpu_s")
                  * flops
                  / (oneRate.gflopsPerCpuSecond() * 1e9)));
    }
    out.put(
        "load_average_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    return out;
  }

  /**
   * Matrix-product FLOPs of one update (UTD 1) per batch row, from the shapes: critic widths c =
   * [S+A, H, H, 1], actor widths p = [S, H, H, 2A], F(x) a forward pass, first(x) its first layer.
   * Critic step: E (3 F(c) - first(c)) (forward, weight and input gradients; the input needs none).
   * Targets: F(p) + K F(c) (actor on s', K target critics). Actor step: F(p) + 2 E F(c) (critics
   * forward, then back to the action input, no weight gradients) + 2 F(p) - first(p) (the actor's
   * gradients).
   */
  static long updateFlops(Options o) {
    List<Integer> critic = List.of(o.stateSize() + o.actionDim(), o.hidden(), o.hidden(), 1);
    List<Integer> actor = List.of(o.stateSize(), o.hidden(), o.hidden(), 2 * o.actionDim());
    long fc = MatmulLimit.forwardFlops(critic);
    long fa = MatmulLimit.forwardFlops(actor);
    long firstC = 2L * critic.get(0) * critic.get(1);
    long firstA = 2L * actor.get(0) * actor.get(1);
    int e = o.criticEnsembleSize();
    long perRow =
        e * (3 * fc - firstC)
            + fa
            + (long) o.targetSubsetSize() * fc
            + fa
            + 2L * e * fc
            + 2 * fa
            - firstA;
    return perRow * o.batchSize();
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static float[] random(SplittableRandom rng, int n, double scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) rng.nextDouble(-scale, scale);
    }
    return v;
  }

  public static void main(String[] args) throws Exception {
    Options o = Arrays.asList(args).contains("--quick") ? Options.quick() : Options.defaults();
    Map<String, Object> figures = run(o);
    System.out.println(
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(figures));
    System.exit(0);
  }
}
