package dev.tandem.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.SampleClass;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.policy.checkpoint.Checkpoint;
import dev.tandem.policy.checkpoint.PolicyFeatures;
import dev.tandem.policy.checkpoint.StoredPolicy;
import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.policy.config.TrainConfig;
import dev.tandem.policy.data.ArraySampleView;
import dev.tandem.policy.data.Normalizer;
import dev.tandem.policy.infer.HybridEngine;
import dev.tandem.policy.infer.InferencePolicy;
import dev.tandem.policy.infer.PolicyEngine;
import dev.tandem.policy.net.PolicyModel;
import dev.tandem.policy.train.BcTrainer;
import dev.tandem.policy.train.TrainingResult;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Measures the policy figures for a 2x256 ReLU MLP on a 25-dim state with a 4-dim action:
 * single-observation latency of {@code Policy.act()} through the {@link InferencePolicy} and of the
 * engine called directly, batch-64 throughput, and behavior-cloning training throughput at batch
 * 256. Both inference engines are measured; the top-level figures are those of the engine {@code
 * auto} picks; image policies have their own figures ({@link ImageBenchmark}). Training is measured
 * with 1 and 2 intra-op threads, and with the matrix-product precision {@code
 * train.matmulPrecision: auto} resolves to here against {@code highest} (plain float32 through
 * MKL): {@code trainRepetitions} rounds, each running every setting once in a fixed order, so that
 * load changes hit all alike; medians are reported, and the run-by-run ratios within each round
 * ({@code *_per_pair}).
 *
 * <p>Every throughput is also given as a fraction of its limit: the workload's matrix-product FLOPs
 * at the rate libtorch's 256-cube float32 product reaches on this machine ({@link MatmulLimit},
 * measured before and after the workloads, with 1 and 2 threads). Figures are wall-clock on
 * whatever else the machine is running; the system load average is reported alongside, and training
 * CPU time per sample, which load does not inflate as much.
 */
public final class PolicyBenchmark {

  /**
   * What to run; {@link #defaults()} is what {@code tandem bench policy} uses. {@code
   * matmulPrecision} is the training precision measured against plain float32 ({@code auto}
   * resolves from the CPU's flags; {@code highest} or {@code medium} force either branch on any
   * CPU), {@code runtime} the runtime whose training thread count is reported as the default.
   */
  @RecordBuilder
  public record Options(
      int stateSize,
      int actionSize,
      int hidden,
      int latencyCalls,
      double batchSeconds,
      int trainSteps,
      int trainSamples,
      int trainRepetitions,
      int imageTrainSteps,
      int imageLatencyCalls,
      TrainConfig.MatmulPrecision matmulPrecision,
      RuntimeConfig runtime)
      implements PolicyBenchmarkOptionsBuilder.With {
    public Options {
      if (trainRepetitions < 1) {
        throw new IllegalArgumentException(
            "trainRepetitions: expected >= 1, found " + trainRepetitions);
      }
      if (imageTrainSteps < 0 || imageLatencyCalls < 1) {
        throw new IllegalArgumentException(
            "imageTrainSteps, imageLatencyCalls: expected >= 0 (0: no image figures), >= 1, found "
                + imageTrainSteps
                + ", "
                + imageLatencyCalls);
      }
      java.util.Objects.requireNonNull(matmulPrecision, "matmulPrecision");
      java.util.Objects.requireNonNull(runtime, "runtime");
    }

    public static Options defaults() {
      return new Options(
          25,
          4,
          256,
          20_000,
          2.0,
          400,
          2_500,
          3,
          20,
          200,
          TrainConfig.MatmulPrecision.AUTO,
          RuntimeConfig.defaults());
    }

    public static Options quick() {
      return new Options(
          25,
          4,
          256,
          2_000,
          0.3,
          40,
          1_000,
          1,
          3,
          20,
          TrainConfig.MatmulPrecision.AUTO,
          RuntimeConfig.defaults());
    }
  }

  private PolicyBenchmark() {}

  public static Map<String, Object> run(Options o) {
    DjlRuntime runtime = DjlRuntime.start(o.runtime());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("network", o.stateSize() + "-" + o.hidden() + "-" + o.hidden() + "-" + o.actionSize());
    out.put(
        "load_average_start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    out.put("cpus", Runtime.getRuntime().availableProcessors());

    PolicyFeatures features = features(o.stateSize(), o.actionSize());
    NetworkConfig net = NetworkConfig.mlp(o.hidden(), o.hidden());
    Checkpoint checkpoint = randomCheckpoint(runtime, features, net);
    StoredPolicy stored = new StoredPolicy(new PolicyVersion(1, "benchmark"), checkpoint);

    TrainConfig.MatmulPrecision precision = runtime.resolveMatmulPrecision(o.matmulPrecision());
    List<Integer> widths = List.of(o.stateSize(), o.hidden(), o.hidden(), o.actionSize());
    long inferenceFlops = MatmulLimit.forwardFlops(widths);
    long trainingFlops = MatmulLimit.trainingFlops(widths);
    out.put("matmul_flops_per_obs", inferenceFlops);
    out.put("matmul_flops_per_training_sample", trainingFlops);
    // The yardstick, measured before the workloads and again after them (the machine's load moves).
    Map<String, Double> limitStart = matmulLimits(runtime, o, precision);

    Map<String, Object> engines = new LinkedHashMap<>();
    for (InferenceConfig.Engine engine :
        List.of(
            InferenceConfig.Engine.JAVA, InferenceConfig.Engine.DJL, InferenceConfig.Engine.AUTO)) {
      engines.put(engine.name().toLowerCase(), inference(runtime, stored, engine, o));
    }
    String auto =
        dev.tandem.policy.infer.Engines.resolve(InferenceConfig.Engine.AUTO, runtime, checkpoint)
            .name()
            .toLowerCase();
    @SuppressWarnings("unchecked")
    Map<String, Object> chosen = (Map<String, Object>) engines.get("auto");
    out.put(
        "inference_engine",
        auto.equals("java")
            ? "auto (java below batch "
                + HybridEngine.DEFAULT_THRESHOLD
                + ", djl from "
                + HybridEngine.DEFAULT_THRESHOLD
                + ")"
            : auto);
    out.put("act_latency_us_p50", chosen.get("act_latency_us_p50"));
    out.put("act_latency_us_p99", chosen.get("act_latency_us_p99"));
    out.put("batch64_obs_per_s", chosen.get("batch64_obs_per_s"));
    out.put("engines", engines);

    ArraySampleView data = randomData(o);
    // The resolved precision's runs are "threadsN"; where it is not plain float32, float32 runs
    // ("threadsN_fp32") are measured beside them.
    List<TrainConfig.MatmulPrecision> precisions =
        precision == TrainConfig.MatmulPrecision.HIGHEST
            ? List.of(TrainConfig.MatmulPrecision.HIGHEST)
            : List.of(precision, TrainConfig.MatmulPrecision.HIGHEST);
    Map<String, Object> training = new LinkedHashMap<>();
    // Every setting once per repetition, in a fixed order, so that load changes hit all alike.
    int[] threadCounts = {1, 2};
    Map<String, List<Map<String, Object>>> runs = new LinkedHashMap<>();
    for (int rep = 0; rep < o.trainRepetitions(); rep++) {
      for (int threads : threadCounts) {
        for (TrainConfig.MatmulPrecision p : precisions) {
          runs.computeIfAbsent(trainingKey(threads, p, precision), k -> new ArrayList<>())
              .add(train(runtime, data, features, net, o, threads, p));
        }
      }
    }
    for (int threads : threadCounts) {
      for (TrainConfig.MatmulPrecision p : precisions) {
        String key = trainingKey(threads, p, precision);
        training.put(key, medians(runs.get(key)));
      }
      if (precisions.size() == 2) {
        training.put(
            "threads" + threads + "_speedup_per_pair",
            ratios(runs.get("threads" + threads), runs.get("threads" + threads + "_fp32")));
      }
    }
    training.put(
        "threads2_vs_threads1_per_pair", ratios(runs.get("threads2"), runs.get("threads1")));
    int defaultThreads = Math.min(2, runtime.config().trainingThreads());
    @SuppressWarnings("unchecked")
    Map<String, Object> chosenTraining =
        (Map<String, Object>) training.get("threads" + defaultThreads);
    @SuppressWarnings("unchecked")
    Map<String, Object> fp32Training =
        (Map<String, Object>)
            training.get(
                trainingKey(defaultThreads, TrainConfig.MatmulPrecision.HIGHEST, precision));
    out.put("train_samples_per_s", chosenTraining.get("samples_per_s"));
    out.put("train_samples_per_s_fp32", fp32Training.get("samples_per_s"));
    out.put("train_matmul_precision", precision.name().toLowerCase());
    Map<String, Double> limitEnd = matmulLimits(runtime, o, precision);
    Map<String, Object> limits = new LinkedHashMap<>();
    for (String k : limitStart.keySet()) {
      limits.put(k, round((limitStart.get(k) + limitEnd.get(k)) / 2));
      limits.put(k + "_start_end", List.of(round(limitStart.get(k)), round(limitEnd.get(k))));
    }
    double fp32one = (double) limits.get("matmul_gflops_1thread");
    out.put("matmul_gflops_1thread", limits.get("matmul_gflops_1thread"));
    out.put("matmul_gflops_2threads", limits.get("matmul_gflops_2threads"));
    out.put("matmul", limits);
    // Each workload against its limit: matrix-product FLOPs over the measured product rate.
    double fp32oneCpu = (double) limits.get("matmul_gflops_per_cpu_s_1thread");
    for (Object e : engines.values()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) e;
      m.put(
          "batch64_fraction_of_limit",
          fraction(((Number) m.get("batch64_obs_per_s")).doubleValue(), fp32one, inferenceFlops));
      m.put(
          "batch64_fraction_of_limit_cpu",
          fraction(
              ((Number) m.get("batch64_obs_per_cpu_s")).doubleValue(), fp32oneCpu, inferenceFlops));
    }
    out.put("batch64_fraction_of_limit", chosen.get("batch64_fraction_of_limit"));
    out.put("batch64_fraction_of_limit_cpu", chosen.get("batch64_fraction_of_limit_cpu"));
    String suffix = precision == TrainConfig.MatmulPrecision.HIGHEST ? "" : "_medium";
    for (int threads : threadCounts) {
      for (TrainConfig.MatmulPrecision p : precisions) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m =
            (Map<String, Object>) training.get(trainingKey(threads, p, precision));
        String limitKey =
            "matmul_gflops_"
                + threads
                + (threads == 1 ? "thread" : "threads")
                + (p == TrainConfig.MatmulPrecision.HIGHEST ? "" : suffix);
        m.put(
            "fraction_of_limit",
            fraction(
                ((Number) m.get("samples_per_s")).doubleValue(),
                (double) limits.get(limitKey),
                trainingFlops));
        if (threads == 1) {
          m.put(
              "fraction_of_limit_cpu",
              fraction(
                  ((Number) m.get("samples_per_caller_cpu_s")).doubleValue(),
                  (double) limits.get(limitKey.replace("gflops_", "gflops_per_cpu_s_")),
                  trainingFlops));
        }
      }
    }
    // One thread, the precision training runs with, against that precision's product rate.
    out.put(
        "train_fraction_of_limit", ((Map<?, ?>) training.get("threads1")).get("fraction_of_limit"));
    out.put("train_threads", defaultThreads);
    out.put("train_repetitions", o.trainRepetitions());
    out.put("training", training);
    if (o.imageTrainSteps() > 0) {
      Map<String, Object> images =
          ImageBenchmark.run(runtime, o.imageTrainSteps(), o.imageLatencyCalls());
      out.put("image_train_samples_per_s", images.get("image_train_samples_per_s"));
      out.put("image_latency_ms_p99", images.get("image_latency_ms_p99"));
      out.put("conv_gflops", images.get("conv_gflops"));
      out.put("images", images);
    }
    out.put(
        "load_average_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    return out;
  }

  /**
   * The measured product rates: float32 with 1 and 2 threads, and with the training precision too
   * where that is not float32 ({@code _medium}).
   */
  private static Map<String, Double> matmulLimits(
      DjlRuntime runtime, Options o, TrainConfig.MatmulPrecision precision) {
    double roundSeconds = o.batchSeconds() / 10;
    Map<String, Double> m = new LinkedHashMap<>();
    for (TrainConfig.MatmulPrecision p :
        precision == TrainConfig.MatmulPrecision.HIGHEST
            ? List.of(TrainConfig.MatmulPrecision.HIGHEST)
            : List.of(TrainConfig.MatmulPrecision.HIGHEST, precision)) {
      String suffix = p == TrainConfig.MatmulPrecision.HIGHEST ? "" : "_medium";
      MatmulLimit.Rate one = MatmulLimit.measure(runtime, o.hidden(), 1, p, 5, roundSeconds);
      m.put("matmul_gflops_1thread" + suffix, one.gflops());
      m.put("matmul_gflops_per_cpu_s_1thread" + suffix, one.gflopsPerCpuSecond());
      m.put(
          "matmul_gflops_2threads" + suffix,
          MatmulLimit.measure(runtime, o.hidden(), 2, p, 5, roundSeconds).gflops());
    }
    return m;
  }

  /** A rate (rows per second) over the limit a product rate sets for {@code flopsPerRow}. */
  private static double fraction(double rowsPerSecond, double gflops, long flopsPerRow) {
    return Math.round(rowsPerSecond * flopsPerRow / (gflops * 1e9) * 1000) / 1000.0;
  }

  /**
   * The key of a training setting: {@code threadsN} for the resolved precision, {@code
   * threadsN_fp32} for the plain float32 runs measured beside a resolved {@code medium}.
   */
  static String trainingKey(
      int threads, TrainConfig.MatmulPrecision p, TrainConfig.MatmulPrecision resolved) {
    return "threads" + threads + (p != resolved ? "_fp32" : "");
  }

  private static Map<String, Object> inference(
      DjlRuntime runtime, StoredPolicy stored, InferenceConfig.Engine engine, Options o) {
    SplittableRandom rng = new SplittableRandom(1);
    List<Observation> obs = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      float[] s = new float[o.stateSize()];
      for (int j = 0; j < s.length; j++) {
        s[j] = (float) rng.nextGaussian();
      }
      obs.add(Observation.of(s));
    }
    Map<String, Object> r = new LinkedHashMap<>();
    try (InferencePolicy policy =
        InferencePolicy.start(
            runtime, stored, null, InferenceConfig.defaults().withEngine(engine))) {
      for (int i = 0; i < Math.max(2_000, o.latencyCalls() / 4); i++) {
        policy.act(obs.get(i & 63));
      }
      long[] nanos = new long[o.latencyCalls()];
      for (int i = 0; i < nanos.length; i++) {
        Observation x = obs.get(i & 63);
        long t0 = System.nanoTime();
        policy.act(x);
        nanos[i] = System.nanoTime() - t0;
      }
      Arrays.sort(nanos);
      r.put("act_latency_us_p50", round(nanos[nanos.length / 2] / 1e3));
      r.put("act_latency_us_p99", round(nanos[(int) (nanos.length * 0.99)] / 1e3));
      r.put("act_latency_us_max", round(nanos[nanos.length - 1] / 1e3));

      for (int i = 0; i < 300; i++) {
        policy.act(obs);
      }
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      long cpu0 = mx.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      long batches = 0;
      long until = t0 + (long) (o.batchSeconds() * 1e9);
      while (System.nanoTime() < until) {
        policy.act(obs);
        batches++;
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
      r.put("batch64_obs_per_s", Math.round(batches * 64 / seconds));
      // act() runs the engine on this thread (one intra-op thread for DJL): per CPU-second of it
      r.put("batch64_obs_per_cpu_s", Math.round(batches * 64 / cpu));
    }
    // The engine itself, called on this thread without the policy around it: what act() adds.
    try (PolicyEngine e =
        dev.tandem.policy.infer.Engines.create(engine, runtime, stored.checkpoint())) {
      List<Observation> one = new ArrayList<>(List.of(obs.get(0)));
      for (int i = 0; i < Math.max(2_000, o.latencyCalls() / 4); i++) {
        one.set(0, obs.get(i & 63));
        e.act(one);
      }
      long[] nanos = new long[o.latencyCalls()];
      for (int i = 0; i < nanos.length; i++) {
        one.set(0, obs.get(i & 63));
        long t0 = System.nanoTime();
        e.act(one);
        nanos[i] = System.nanoTime() - t0;
      }
      Arrays.sort(nanos);
      r.put("engine_latency_us_p50", round(nanos[nanos.length / 2] / 1e3));
      r.put("engine_latency_us_p99", round(nanos[(int) (nanos.length * 0.99)] / 1e3));
    }
    return r;
  }

  private static Map<String, Object> train(
      DjlRuntime runtime,
      ArraySampleView data,
      PolicyFeatures features,
      NetworkConfig net,
      Options o,
      int threads,
      TrainConfig.MatmulPrecision precision) {
    BcConfig config =
        BcConfig.defaults()
            .withNetwork(net)
            .withTrain(
                TrainConfig.defaults()
                    .withSteps(o.trainSteps())
                    .withBatchSize(256)
                    .withSelection(TrainConfig.Selection.LAST, 0.0)
                    .withMatmulPrecision(precision));
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    // A training run sets the intra-op thread count from its runtime's config (an outer
    // withIntraOpThreads is overridden), so each thread count gets a runtime handle of its own.
    RuntimeConfig rc = runtime.config();
    DjlRuntime trainingRuntime =
        DjlRuntime.start(new RuntimeConfig(rc.device(), rc.inferenceThreads(), threads));
    return trainingRuntime.training(
        () -> {
          // Warm-up run (JIT, allocator), then the measured one.
          new BcTrainer(trainingRuntime)
              .train(data, features, config.withTrain(config.train().withSteps(30)));
          DjlRuntime.takeTrainingThreadChoices();
          long cpu0 = mx.getCurrentThreadCpuTime();
          long process0 = processCpuNanos();
          TrainingResult r = new BcTrainer(trainingRuntime).train(data, features, config);
          long cpu = mx.getCurrentThreadCpuTime() - cpu0;
          long process = processCpuNanos() - process0;
          long[] chosen = DjlRuntime.takeTrainingThreadChoices();
          String used = r.checkpoint().info().get("trainMatmulPrecision");
          if (!precision.name().toLowerCase().equals(used)) {
            throw new IllegalStateException(
                "asked for matmul precision " + precision + ", the run recorded " + used);
          }
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("samples_per_s", Math.round(r.samplesPerSecond()));
          m.put("steps_per_s", round(o.trainSteps() / r.seconds()));
          m.put("caller_thread_cpu_us_per_step", round(cpu / 1e3 / o.trainSteps()));
          // With one intra-op thread all training work runs on the caller thread: throughput per
          // CPU-second, which other load on the machine does not inflate.
          m.put("samples_per_caller_cpu_s", Math.round(256.0 * o.trainSteps() / (cpu / 1e9)));
          // With two, the OpenMP worker's time counts too: per CPU-second of the whole process.
          m.put("samples_per_process_cpu_s", Math.round(256.0 * o.trainSteps() / (process / 1e9)));
          m.put("seconds_for_3000_steps", round(3000.0 * 256 / r.samplesPerSecond()));
          if (threads > 1) {
            // Training adds threads only while other processes leave CPUs free: how many steps
            // ran on how many.
            for (int n = 1; n <= threads; n++) {
              m.put("steps_on_" + n + (n == 1 ? "_thread" : "_threads"), chosen[n]);
            }
          }
          return m;
        });
  }

  /** CPU time of the whole process (every thread), or 0 where the JVM does not report it. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  /** Per figure, the median over the runs (each run a map of the same numeric figures). */
  private static Map<String, Object> medians(List<Map<String, Object>> runs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String key : runs.get(0).keySet()) {
      double[] v = runs.stream().mapToDouble(r -> ((Number) r.get(key)).doubleValue()).toArray();
      Arrays.sort(v);
      double median =
          v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
      m.put(
          key, runs.get(0).get(key) instanceof Long ? (Object) Math.round(median) : round(median));
    }
    if (runs.size() > 1) {
      m.put("samples_per_s_runs", runs.stream().map(r -> r.get("samples_per_s")).toList());
    }
    return m;
  }

  /** samples_per_s of run i of {@code a} over that of run i of {@code b}, for each i. */
  private static List<Double> ratios(List<Map<String, Object>> a, List<Map<String, Object>> b) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      double r =
          ((Number) a.get(i).get("samples_per_s")).doubleValue()
              / ((Number) b.get(i).get("samples_per_s")).doubleValue();
      out.add(Math.round(r * 100) / 100.0);
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  static PolicyFeatures features(int state, int action) {
    return new PolicyFeatures(
        "benchmark",
        FeatureSpec.vector(FeatureSpec.STATE, state, "", List.of()),
        List.of(),
        new ActionSpec(
            ActionSpec.ActionMode.EE_DELTA,
            IntStream.range(0, action).mapToObj(i -> "a" + i).toList(),
            IntStream.range(0, action).mapToDouble(i -> -1).toArray(),
            IntStream.range(0, action).mapToDouble(i -> 1).toArray()),
        Map.of());
  }

  private static Checkpoint randomCheckpoint(
      DjlRuntime runtime, PolicyFeatures features, NetworkConfig net) {
    try (PolicyModel m =
        PolicyModel.create(
            runtime, net, features.stateSize(), List.of(), features.actionDim(), 1L)) {
      return new Checkpoint(
          features,
          BcConfig.defaults().withNetwork(net),
          Normalizer.identity(features.stateSize()),
          Normalizer.identity(features.actionDim()),
          "",
          m.exportParameters(),
          Map.of());
    }
  }

  private static ArraySampleView randomData(Options o) {
    SplittableRandom rng = new SplittableRandom(2);
    ArraySampleView.Builder b = ArraySampleView.builder(o.stateSize(), o.actionSize());
    for (int i = 0; i < o.trainSamples(); i++) {
      float[] s = new float[o.stateSize()];
      float[] a = new float[o.actionSize()];
      for (int j = 0; j < s.length; j++) {
        s[j] = (float) rng.nextGaussian();
      }
      for (int j = 0; j < a.length; j++) {
        a[j] = (float) Math.tanh(s[j] + s[(j + 1) % s.length]);
      }
      b.add(s, a, 1f, SampleClass.DEMO);
      if (i % 50 == 49) {
        b.endEpisode();
      }
    }
    return b.build();
  }

  /** Prints the figures as one JSON object. {@code --quick} for a short smoke run. */
  public static void main(String[] args) throws Exception {
    Options o = Arrays.asList(args).contains("--quick") ? Options.quick() : Options.defaults();
    Map<String, Object> figures = run(o);
    System.out.println(
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(figures));
    System.exit(0);
  }
}
