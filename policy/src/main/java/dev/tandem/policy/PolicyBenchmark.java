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
import dev.tandem.policy.infer.InferencePolicy;
import dev.tandem.policy.net.PolicyModel;
import dev.tandem.policy.train.BcTrainer;
import dev.tandem.policy.train.TrainingResult;
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
 * single-observation latency through the {@link InferencePolicy} (end-to-end {@code act()},
 * including the hand-off to the inference thread), batch-64 throughput, and behavior-cloning
 * training throughput at batch 256. Both inference engines are measured; the top-level figures are
 * those of the engine {@code auto} picks. Training is measured with 1 and 2 intra-op threads.
 *
 * <p>Figures are wall-clock on whatever else the machine is running; the system load average is
 * reported alongside, and training CPU time per sample, which load does not inflate as much.
 */
public final class PolicyBenchmark {

  /** What to run; {@link #defaults()} is what {@code tandem bench policy} uses. */
  public record Options(
      int stateSize,
      int actionSize,
      int hidden,
      int latencyCalls,
      double batchSeconds,
      int trainSteps,
      int trainSamples) {
    public static Options defaults() {
      return new Options(25, 4, 256, 20_000, 2.0, 400, 2_500);
    }

    public static Options quick() {
      return new Options(25, 4, 256, 2_000, 0.3, 40, 1_000);
    }
  }

  private PolicyBenchmark() {}

  public static Map<String, Object> run(Options o) {
    DjlRuntime runtime = DjlRuntime.start(RuntimeConfig.defaults());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("network", o.stateSize() + "-" + o.hidden() + "-" + o.hidden() + "-" + o.actionSize());
    out.put(
        "load_average_start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    out.put("cpus", Runtime.getRuntime().availableProcessors());

    PolicyFeatures features = features(o.stateSize(), o.actionSize());
    NetworkConfig net = NetworkConfig.mlp(o.hidden(), o.hidden());
    Checkpoint checkpoint = randomCheckpoint(runtime, features, net);
    StoredPolicy stored = new StoredPolicy(new PolicyVersion(1, "benchmark"), checkpoint);

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
        "inference_engine", auto.equals("java") ? "auto (java below batch 16, djl from 16)" : auto);
    out.put("latency_us_p50", chosen.get("latency_us_p50"));
    out.put("latency_us_p99", chosen.get("latency_us_p99"));
    out.put("batch64_obs_per_s", chosen.get("batch64_obs_per_s"));
    out.put("engines", engines);

    ArraySampleView data = randomData(o);
    Map<String, Object> training = new LinkedHashMap<>();
    for (int threads : new int[] {1, 2}) {
      training.put("threads" + threads, train(runtime, data, features, net, o, threads));
    }
    int defaultThreads = runtime.config().trainingThreads();
    @SuppressWarnings("unchecked")
    Map<String, Object> chosenTraining =
        (Map<String, Object>) training.get("threads" + Math.min(2, defaultThreads));
    out.put("train_samples_per_s", chosenTraining.get("samples_per_s"));
    out.put("train_threads", Math.min(2, defaultThreads));
    out.put("training", training);
    out.put(
        "load_average_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    return out;
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
      r.put("latency_us_p50", round(nanos[nanos.length / 2] / 1e3));
      r.put("latency_us_p99", round(nanos[(int) (nanos.length * 0.99)] / 1e3));
      r.put("latency_us_max", round(nanos[nanos.length - 1] / 1e3));

      for (int i = 0; i < 300; i++) {
        policy.act(obs);
      }
      long t0 = System.nanoTime();
      long batches = 0;
      long until = t0 + (long) (o.batchSeconds() * 1e9);
      while (System.nanoTime() < until) {
        policy.act(obs);
        batches++;
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      r.put("batch64_obs_per_s", Math.round(batches * 64 / seconds));
    }
    return r;
  }

  private static Map<String, Object> train(
      DjlRuntime runtime,
      ArraySampleView data,
      PolicyFeatures features,
      NetworkConfig net,
      Options o,
      int threads) {
    BcConfig config =
        BcConfig.defaults()
            .withNetwork(net)
            .withTrain(
                TrainConfig.defaults()
                    .withSteps(o.trainSteps())
                    .withBatchSize(256)
                    .withSelection(TrainConfig.Selection.LAST, 0.0));
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    return runtime.withIntraOpThreads(
        threads,
        () -> {
          // Warm-up run (JIT, allocator), then the measured one.
          new BcTrainer(runtime)
              .train(data, features, config.withTrain(config.train().withSteps(30)));
          long cpu0 = mx.getCurrentThreadCpuTime();
          TrainingResult r = new BcTrainer(runtime).train(data, features, config);
          long cpu = mx.getCurrentThreadCpuTime() - cpu0;
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("samples_per_s", Math.round(r.samplesPerSecond()));
          m.put("steps_per_s", round(o.trainSteps() / r.seconds()));
          m.put("caller_thread_cpu_us_per_step", round(cpu / 1e3 / o.trainSteps()));
          // With one intra-op thread all training work runs on the caller thread: throughput per
          // CPU-second, which other load on the machine does not inflate.
          m.put("samples_per_caller_cpu_s", Math.round(256.0 * o.trainSteps() / (cpu / 1e9)));
          m.put("seconds_for_3000_steps", round(3000.0 * 256 / r.samplesPerSecond()));
          return m;
        });
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
            IntStream.range(0, action).mapToDouble(i -> 1).toArray()));
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
