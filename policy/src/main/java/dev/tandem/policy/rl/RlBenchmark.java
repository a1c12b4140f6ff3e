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
import dev.tandem.policy.data.Normalizer;
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
            new ActionSpec(ActionSpec.ActionMode.EE_DELTA, names, lo, hi),
            Map.of());
    SacConfig config =
        SacConfig.defaults()
            .withCritics(o.criticEnsembleSize(), o.targetSubsetSize(), true)
            .withHiddenSizes(List.of(o.hidden(), o.hidden()))
            .withBatchSize(o.batchSize());
    RlpdSampler sampler = new RlpdSampler(prior, online, config.priorFraction(), 2);
    // Both critic ensemble forms, alternating in rounds so that load changes hit both alike; the
    // top-level figures are those of the form the learner gets by default.
    CriticEnsemble.Form chosen = CriticEnsemble.Form.forDevice(runtime.onGpu());
    Map<CriticEnsemble.Form, List<double[]>> rounds =
        new java.util.EnumMap<>(CriticEnsemble.Form.class);
    Normalizer norm = SacLearner.fitStateNormalizer(prior);
    try (SacLearner batched =
            SacLearner.create(runtime, config, features, norm, CriticEnsemble.Form.BATCHED);
        SacLearner looped =
            SacLearner.create(runtime, config, features, norm, CriticEnsemble.Form.LOOPED)) {
      for (SacLearner sac : List.of(batched, looped)) {
        for (int k = 0; k < o.warmupUpdates(); k++) {
          sac.update(sampler);
        }
      }
      int perRound = Math.max(1, o.timedUpdates() / ROUNDS);
      for (int r = 0; r < ROUNDS; r++) {
        for (SacLearner sac : List.of(batched, looped)) {
          rounds
              .computeIfAbsent(sac.criticForm(), f -> new ArrayList<>())
              .add(timeUpdates(sac, sampler, config.batchSize(), perRound));
        }
      }
      out.put("critic_form", chosen.name().toLowerCase());
      Map<String, Object> forms = new LinkedHashMap<>();
      for (var e : rounds.entrySet()) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("updates_per_s", round(median(e.getValue(), 0)));
        f.put("updates_per_cpu_s", round(median(e.getValue(), 1)));
        f.put("updates_per_s_rounds", e.getValue().stream().map(v -> round(v[0])).toList());
        forms.put(e.getKey().name().toLowerCase(), f);
      }
      List<double[]> b = rounds.get(CriticEnsemble.Form.BATCHED);
      List<double[]> l = rounds.get(CriticEnsemble.Form.LOOPED);
      List<Double> ratio = new ArrayList<>();
      for (int r = 0; r < b.size(); r++) {
        ratio.add(round(l.get(r)[1] / b.get(r)[1]));
      }
      forms.put("looped_vs_batched_cpu_per_round", ratio);
      List<double[]> mine = rounds.get(chosen);
      out.put("updates", perRound * ROUNDS);
      out.put("updates_per_s", round(median(mine, 0)));
      out.put("updates_per_cpu_s", round(median(mine, 1)));
      out.put("ms_per_update", round(1e3 / median(mine, 0)));
      out.put("batch_sampling_ms_per_update", round(median(mine, 2)));
      out.put("critic_loss_last", round(median(mine, 3)));
      out.put("critic_forms", forms);
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

  private static final int ROUNDS = 3;

  /**
   * {@code n} timed updates: {updates per second, updates per CPU-second of this thread, batch
   * sampling ms per update, last critic loss}.
   */
  private static double[] timeUpdates(SacLearner sac, RlpdSampler sampler, int batchSize, int n) {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sampleNanos = 0;
    long cpu0 = mx.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    SacLosses last = null;
    for (int k = 0; k < n; k++) {
      long t0 = System.nanoTime();
      SacBatch batch = sampler.sample(batchSize);
      sampleNanos += System.nanoTime() - t0;
      last = sac.update(batch);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
    return new double[] {n / seconds, n / cpu, sampleNanos / 1e6 / n, last.criticLoss()};
  }

  private static double median(List<double[]> rows, int column) {
    double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
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
