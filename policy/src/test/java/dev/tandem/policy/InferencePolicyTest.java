package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.policy.checkpoint.Checkpoint;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.checkpoint.StoredPolicy;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.infer.DirectPolicy;
import dev.tandem.policy.infer.Engines;
import dev.tandem.policy.infer.InferencePolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InferencePolicyTest {

  @TempDir Path dir;

  static List<Observation> observations(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Observation> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          Observation.of(
              new float[] {
                (float) rng.nextDouble(-0.3, 0.3),
                (float) rng.nextDouble(-0.3, 0.3),
                (float) rng.nextDouble(-0.3, 0.3),
                (float) rng.nextDouble(-0.3, 0.3)
              }));
    }
    return out;
  }

  static List<Action> direct(Checkpoint c, List<Observation> obs) {
    try (DirectPolicy p =
        new DirectPolicy(
            Engines.create(InferenceConfig.Engine.JAVA, Fixtures.runtime(), c),
            PolicyVersion.NONE)) {
      return p.act(obs);
    }
  }

  private StoredPolicy publish(PolicyRegistry registry, long seed) {
    Checkpoint c =
        TestCheckpoints.random(TestCheckpoints.reachFeatures(), NetworkConfig.mlp(32, 32), seed);
    return registry.load(registry.publish(c));
  }

  @ParameterizedTest
  @EnumSource(
      value = InferenceConfig.Engine.class,
      names = {"AUTO", "JAVA", "DJL"})
  void servesSingleBatchedAndConcurrentRequests(InferenceConfig.Engine engine) throws Exception {
    PolicyRegistry registry = new PolicyRegistry(dir);
    StoredPolicy p1 = publish(registry, 1);
    List<Observation> obs = observations(64, 3);
    List<Action> expected = direct(p1.checkpoint(), obs);
    try (InferencePolicy policy =
        InferencePolicy.start(
            Fixtures.runtime(),
            p1,
            PointReachEnv.SPEC,
            InferenceConfig.defaults().withEngine(engine))) {
      assertThat(policy.version()).isEqualTo(p1.version());
      assertThat(policy.act(obs.get(5)).values())
          .containsExactly(expected.get(5).values(), org.assertj.core.data.Offset.offset(5e-4f));
      List<Action> batch = policy.act(obs);
      for (int i = 0; i < obs.size(); i++) {
        assertThat(batch.get(i).values())
            .containsExactly(expected.get(i).values(), org.assertj.core.data.Offset.offset(5e-4f));
      }
      // Four threads at once: requests are merged into batches and each gets its own answer.
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          final int offset = t;
          results.add(
              pool.submit(
                  () -> {
                    for (int k = 0; k < 200; k++) {
                      int i = (k * 4 + offset) % obs.size();
                      float[] a = policy.act(obs.get(i)).values();
                      float[] e = expected.get(i).values();
                      for (int j = 0; j < a.length; j++) {
                        if (Math.abs(a[j] - e[j]) > 5e-4f) {
                          return false;
                        }
                      }
                    }
                    return true;
                  }));
        }
        for (Future<Boolean> f : results) {
          assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /**
   * No hand-off on the control path: the engine reads the observations on the thread that called
   * {@code act} (a list that records who reads it), for both engines, single and batched.
   */
  @ParameterizedTest
  @EnumSource(
      value = InferenceConfig.Engine.class,
      names = {"JAVA", "DJL"})
  void actRunsTheEngineOnTheCallingThread(InferenceConfig.Engine engine) throws Exception {
    PolicyRegistry registry = new PolicyRegistry(dir);
    StoredPolicy p1 = publish(registry, 1);
    List<Observation> obs = observations(20, 4);
    try (InferencePolicy policy =
        InferencePolicy.start(
            Fixtures.runtime(),
            p1,
            PointReachEnv.SPEC,
            InferenceConfig.defaults().withEngine(engine))) {
      for (int n : new int[] {1, 20}) {
        java.util.Set<Thread> readers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Observation> recording =
            new java.util.AbstractList<>() {
              @Override
              public Observation get(int i) {
                readers.add(Thread.currentThread());
                return obs.get(i);
              }

              @Override
              public int size() {
                return n;
              }
            };
        Thread caller = new Thread(() -> policy.act(recording), "control-loop");
        caller.start();
        caller.join(30_000);
        assertThat(readers).as("threads that read the observations").containsExactly(caller);
      }
    }
  }

  @Test
  void hotSwapWhileServingWithoutErrors() throws Exception {
    PolicyRegistry registry = new PolicyRegistry(dir);
    StoredPolicy p1 = publish(registry, 1);
    StoredPolicy p2 = publish(registry, 2);
    Observation probe = observations(1, 9).get(0);
    Action before = direct(p1.checkpoint(), List.of(probe)).get(0);
    Action after = direct(p2.checkpoint(), List.of(probe)).get(0);
    assertThat(after).isNotEqualTo(before);

    try (InferencePolicy policy =
        InferencePolicy.start(
            Fixtures.runtime(), p1, PointReachEnv.SPEC, InferenceConfig.defaults())) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger served = new AtomicInteger();
      AtomicInteger unexpected = new AtomicInteger();
      Thread caller =
          new Thread(
              () -> {
                while (!stop.get()) {
                  Action a = policy.act(probe);
                  if (!a.equals(before) && !a.equals(after)) {
                    unexpected.incrementAndGet();
                  }
                  served.incrementAndGet();
                }
              });
      caller.start();
      while (served.get() < 100) {
        Thread.onSpinWait();
      }
      assertThat(policy.swap(p2).get(30, TimeUnit.SECONDS)).isEqualTo(p2.version());
      int atSwap = served.get();
      while (served.get() < atSwap + 100) {
        Thread.onSpinWait();
      }
      stop.set(true);
      caller.join(10_000);
      assertThat(unexpected.get()).isZero();
      assertThat(policy.version()).isEqualTo(p2.version());
      assertThat(policy.act(probe)).isEqualTo(after);

      // Rolling back is a swap to the older version.
      registry.rollback();
      policy.swap(registry.loadCurrent()).get(30, TimeUnit.SECONDS);
      assertThat(policy.act(probe)).isEqualTo(before);
    }
  }

  @Test
  void swapToAPolicyForOtherFeaturesIsRefusedAndOldKeepsServing() throws Exception {
    PolicyRegistry registry = new PolicyRegistry(dir);
    StoredPolicy p1 = publish(registry, 1);
    PolicyRegistry other = new PolicyRegistry(dir.resolve("other"));
    StoredPolicy wrong =
        other.load(
            other.publish(
                TestCheckpoints.random(
                    TestCheckpoints.wideFeatures(6, 2), NetworkConfig.mlp(8), 3)));
    try (InferencePolicy policy =
        InferencePolicy.start(
            Fixtures.runtime(), p1, PointReachEnv.SPEC, InferenceConfig.defaults())) {
      assertThat(policy.swap(wrong))
          .failsWithin(30, TimeUnit.SECONDS)
          .withThrowableThat()
          .withMessageContaining("observation.state: shape [6], environment has [4]");
      assertThat(policy.version()).isEqualTo(p1.version());
      assertThat(policy.act(observations(1, 1).get(0)).dim()).isEqualTo(2);
      assertThatThrownBy(() -> policy.act(Observation.of(new float[7])))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("7 state values");
      assertThat(policy.act(observations(1, 2).get(0)).dim()).isEqualTo(2);
    }
  }

  @Test
  void closedPolicyRefusesRequests() {
    PolicyRegistry registry = new PolicyRegistry(dir);
    StoredPolicy p1 = publish(registry, 1);
    InferencePolicy policy =
        InferencePolicy.start(Fixtures.runtime(), p1, null, InferenceConfig.defaults());
    policy.close();
    assertThatThrownBy(() -> policy.act(observations(1, 1).get(0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not running");
    assertThat(policy.swap(p1)).isCompletedExceptionally();
    policy.close();
  }
}
