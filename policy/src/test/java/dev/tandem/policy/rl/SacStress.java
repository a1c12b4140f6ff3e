package dev.tandem.policy.rl;

import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.config.HeadType;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.config.NormalizationConfig;
import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.policy.config.TrainConfig;
import dev.tandem.policy.data.ArraySampleView;
import dev.tandem.policy.train.BcTrainer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stress harness for non-finite SAC updates (not a unit test: run it by hand). Runs many small SAC
 * learners back to back in one JVM (different seeds, batch 16-64, small networks), optionally
 * interleaved with behavior cloning (tanh-Gaussian and GMM heads, like a long experiment JVM), and
 * counts divergences. Options ({@code key=value}):
 *
 * <ul>
 *   <li>{@code learners} (default 40), {@code updates} per learner (default 2000);
 *   <li>{@code churnMbPerSecond}: a background thread allocating that much garbage per second, so
 *       garbage collections happen at arbitrary points of the updates, as in a long JVM where other
 *       work allocates (default 0);
 *   <li>{@code gcBeforeBackward=true}: a garbage collection forced between every forward pass and
 *       its backward pass (the deterministic worst case);
 *   <li>{@code bcEvery}: a short behavior-cloning run after every that many learners (default 0:
 *       none);
 *   <li>{@code debug=true}: after every update, checks every parameter, gradient and Adam moment
 *       and reports the first update (and tensor) that holds a non-finite value.
 * </ul>
 *
 * <p>Prints one JSON-like line per divergence and a summary.
 */
public final class SacStress {

  private SacStress() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("expected key=value, found " + a);
      }
      opt.put(a.substring(0, eq), a.substring(eq + 1));
    }
    int learners = Integer.parseInt(opt.getOrDefault("learners", "40"));
    int updates = Integer.parseInt(opt.getOrDefault("updates", "2000"));
    int churn = Integer.parseInt(opt.getOrDefault("churnMbPerSecond", "0"));
    boolean gcBeforeBackward = Boolean.parseBoolean(opt.getOrDefault("gcBeforeBackward", "false"));
    int bcEvery = Integer.parseInt(opt.getOrDefault("bcEvery", "0"));
    boolean debug = Boolean.parseBoolean(opt.getOrDefault("debug", "false"));
    long firstSeed = Long.parseLong(opt.getOrDefault("seed", "1"));
    System.out.println("options " + opt);

    DjlRuntime runtime = DjlRuntime.start(new RuntimeConfig(RuntimeConfig.DeviceChoice.CPU, 1, 1));
    Thread churner = churn > 0 ? startChurn(churn) : null;
    long gcsBefore = gcCount();
    long start = System.nanoTime();
    long totalUpdates = 0;
    int diverged = 0;
    int bcRuns = 0;
    int bcDiverged = 0;
    List<String> events = new ArrayList<>();
    for (int i = 0; i < learners; i++) {
      long seed = firstSeed + i;
      int batch = new int[] {16, 32, 64}[i % 3];
      List<Integer> hidden = i % 2 == 0 ? List.of(32, 32) : List.of(64, 64);
      SacConfig config =
          SacConfig.defaults()
              .withCritics(4, 2, true)
              .withHiddenSizes(hidden)
              .withBatchSize(batch)
              .withGamma(0.9)
              .withLearningRates(3e-3, 3e-3, 3e-3)
              .withTemperature(true, 0.05, Double.NaN)
              .withSeed(seed);
      ArraySampleView prior = RlFixtures.chain(256, seed);
      RlpdSampler sampler = new RlpdSampler(prior, new ReplayBuffer(4, 1, 1), 0.5, seed);
      try (SacLearner sac =
          SacLearner.create(
              runtime, config, RlFixtures.BANDIT, SacLearner.fitStateNormalizer(prior))) {
        if (gcBeforeBackward) {
          sac.beforeBackward(SacStress::collectGarbage);
        }
        String firstBad = null;
        for (int k = 1; k <= updates; k++) {
          try {
            sac.update(sampler);
          } catch (IllegalStateException e) {
            diverged++;
            String event =
                "{learner: "
                    + i
                    + ", seed: "
                    + seed
                    + ", batch: "
                    + batch
                    + ", hidden: "
                    + hidden
                    + ", update: "
                    + k
                    + (firstBad != null ? ", firstNonFinite: \"" + firstBad + "\"" : "")
                    + ", message: \""
                    + e.getMessage()
                    + "\"}";
            events.add(event);
            System.out.println("diverged " + event);
            totalUpdates += k;
            break;
          }
          if (debug && firstBad == null) {
            String bad = sac.firstNonFinite();
            if (bad != null) {
              firstBad = "after update " + k + ": " + bad;
            }
          }
          if (k == updates) {
            totalUpdates += k;
          }
        }
      }
      if (bcEvery > 0 && (i + 1) % bcEvery == 0) {
        bcRuns++;
        try {
          behaviorCloning(runtime, seed, bcRuns % 2 == 0 ? HeadType.GMM : HeadType.TANH_GAUSSIAN);
        } catch (IllegalStateException e) {
          bcDiverged++;
          System.out.println(
              "bc diverged {seed: " + seed + ", message: \"" + e.getMessage() + "\"}");
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (churner != null) {
      churner.interrupt();
      churner.join();
    }
    System.out.printf(
        "summary {learners: %d, updates: %d, diverged: %d, divergedPer100kUpdates: %.2f,"
            + " bcRuns: %d, bcDiverged: %d, gcs: %d, seconds: %.1f}%n",
        learners,
        totalUpdates,
        diverged,
        diverged * 1e5 / Math.max(1, totalUpdates),
        bcRuns,
        bcDiverged,
        gcCount() - gcsBefore,
        seconds);
  }

  private static void behaviorCloning(DjlRuntime runtime, long seed, HeadType head) {
    NetworkConfig net = new NetworkConfig(List.of(64, 64), false, head, 3, 1e-2, null);
    BcConfig config =
        BcConfig.defaults()
            .withNetwork(net)
            .withNormalization(
                new NormalizationConfig(
                    NormalizationConfig.Kind.MEAN_STD, NormalizationConfig.Kind.MIN_MAX, 1e-2))
            .withTrain(
                TrainConfig.defaults()
                    .withSteps(300)
                    .withBatchSize(64)
                    .withEvaluateEverySteps(300)
                    .withSeed(seed));
    new BcTrainer(runtime).train(RlFixtures.randomBandit(512, seed), RlFixtures.BANDIT, config);
  }

  /** A full collection, then a pause for the reference handler to free unreachable buffers. */
  static void collectGarbage() {
    System.gc();
    try {
      Thread.sleep(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread startChurn(int mbPerSecond) {
    Thread t =
        new Thread(
            () -> {
              Object[] ring = new Object[64];
              int chunk = 64 * 1024;
              long perMilli = Math.max(1, (long) mbPerSecond * 1024 * 1024 / 1000 / chunk);
              int at = 0;
              while (!Thread.currentThread().isInterrupted()) {
                for (long c = 0; c < perMilli; c++) {
                  ring[at++ & 63] = new byte[chunk];
                }
                try {
                  Thread.sleep(1);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "garbage-churn");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static long gcCount() {
    long n = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, b.getCollectionCount());
    }
    return n;
  }
}
