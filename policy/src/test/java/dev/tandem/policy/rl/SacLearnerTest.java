package dev.tandem.policy.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.SampleClass;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.policy.checkpoint.Checkpoint;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.checkpoint.StoredPolicy;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.data.ArraySampleView;
import dev.tandem.policy.infer.DirectPolicy;
import dev.tandem.policy.infer.Engines;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SacLearnerTest {

  /** SAC on a one-step bandit: the greedy action goes to the best one, Q ranks actions. */
  @Test
  void learnsTheBestActionOfABandit() {
    ArraySampleView prior = RlFixtures.randomBandit(256, 1);
    ReplayBuffer online = new ReplayBuffer(10_000, 1, 1);
    SacConfig config = RlFixtures.small(7);
    RlpdSampler sampler = new RlpdSampler(prior, online, config.priorFraction(), 11);
    SplittableRandom env = new SplittableRandom(3);
    try (SacLearner sac =
        SacLearner.create(
            RlFixtures.runtime(),
            config,
            RlFixtures.BANDIT,
            SacLearner.fitStateNormalizer(prior))) {
      SacLosses first = null;
      SacLosses last = null;
      for (int t = 0; t < 400; t++) {
        float[] s = {(float) env.nextDouble(-1, 1)};
        float[] a = sac.sampleAction(s, env);
        online.add(s, a, RlFixtures.reward(a[0]), s, true, true, SampleClass.ROBOT);
        last = sac.update(sampler);
        if (first == null) {
          first = last;
        }
      }
      assertThat(last.criticLoss()).isLessThan(first.criticLoss());
      for (float s : new float[] {-0.8f, 0f, 0.7f}) {
        float greedy = sac.greedyAction(new float[] {s})[0];
        assertThat(greedy).isCloseTo(RlFixtures.BEST_ACTION, within(0.15f));
        float[] q = sac.qValues(new float[] {s, s}, new float[] {RlFixtures.BEST_ACTION, -1.5f}, 2);
        int e = config.criticEnsembleSize();
        for (int c = 0; c < e; c++) {
          assertThat(q[c]).isGreaterThan(q[e + c] + 1f);
          // Terminal one-step data: Q approximates the reward itself.
          assertThat(q[c]).isCloseTo(RlFixtures.reward(RlFixtures.BEST_ACTION), within(0.3f));
        }
      }
    }
  }

  /** terminal=true cuts the bootstrap: the target is the reward exactly. */
  @Test
  void terminalTargetsAreTheRewardOnly() {
    SacConfig config = RlFixtures.small(5).withGamma(0.99);
    try (SacLearner sac =
        SacLearner.create(
            RlFixtures.runtime(),
            config,
            RlFixtures.BANDIT,
            SacLearner.fitStateNormalizer(RlFixtures.randomBandit(32, 2)))) {
      SacBatch b =
          new SacBatch(
              4,
              1,
              1,
              new float[] {0.1f, -0.5f, 0.9f, 0.3f},
              new float[] {0.5f, 1f, -1f, 0f},
              new float[] {1f, 2f, -3f, 0.5f},
              new float[] {0.2f, -0.4f, 0.8f, 0.3f},
              new boolean[] {true, false, true, false},
              4);
      float[] y = sac.targets(b);
      assertThat(y[0]).isEqualTo(1f);
      assertThat(y[2]).isEqualTo(-3f);
      // Not terminal: the target bootstraps (gamma * (min Q' - alpha log pi), not 0 here).
      assertThat(Math.abs(y[1] - 2f)).isGreaterThan(1e-4f);
      assertThat(Math.abs(y[3] - 0.5f)).isGreaterThan(1e-4f);
      assertThat(sac.lastTargetCriticCount()).isEqualTo(config.targetSubsetSize());
      SacBatch bad =
          new SacBatch(
              1,
              1,
              1,
              new float[] {Float.NaN},
              new float[] {0},
              new float[] {0},
              new float[] {0},
              new boolean[] {false},
              1);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> sac.update(bad))
          .hasMessageContaining("batch row 0: state[0] is NaN");
    }
  }

  /** Automatic temperature: alpha falls while entropy exceeds the target, rises when below. */
  @Test
  void temperatureMovesTowardTheTargetEntropy() {
    ArraySampleView prior = RlFixtures.randomBandit(256, 4);
    ReplayBuffer empty = new ReplayBuffer(10, 1, 1);
    for (double targetEntropy : new double[] {Double.NaN, 2.0}) {
      SacConfig config =
          RlFixtures.small(9)
              .withLearningRates(3e-3, 3e-3, 1e-2)
              .withTemperature(true, 0.1, targetEntropy);
      RlpdSampler sampler = new RlpdSampler(prior, empty, 0.5, 1);
      try (SacLearner sac =
          SacLearner.create(
              RlFixtures.runtime(),
              config,
              RlFixtures.BANDIT,
              SacLearner.fitStateNormalizer(prior))) {
        double before = sac.temperature();
        // Adam moves log alpha by about the learning rate per step while the sign holds:
        // 40 steps of 1e-2 is a factor of about exp(0.4).
        SacLosses l = null;
        for (int k = 0; k < 40; k++) {
          l = sac.update(sampler);
        }
        if (Double.isNaN(targetEntropy)) {
          assertThat(sac.targetEntropy()).isEqualTo(-1.0);
          // Entropy of a fresh tanh-Gaussian is above -1 nat: alpha must fall.
          assertThat(l.entropy()).isGreaterThan(sac.targetEntropy());
          assertThat(sac.temperature()).isLessThan(before * 0.8);
        } else {
          // A tanh-squashed 1-D action has entropy below log 2 < 2 nats: alpha must rise.
          assertThat(l.entropy()).isLessThan(targetEntropy);
          assertThat(sac.temperature()).isGreaterThan(before * 1.25);
        }
      }
    }
  }

  /** The exported actor is served by the inference engines with action tanh(mean). */
  @Test
  void exportedActorIsServedFromTheRegistry(@TempDir Path dir) {
    ArraySampleView prior = RlFixtures.randomBandit(128, 6);
    SacConfig config = RlFixtures.small(13);
    RlpdSampler sampler = new RlpdSampler(prior, new ReplayBuffer(4, 1, 1), 0.5, 2);
    try (SacLearner sac =
        SacLearner.create(
            RlFixtures.runtime(),
            config,
            RlFixtures.BANDIT,
            SacLearner.fitStateNormalizer(prior))) {
      for (int k = 0; k < 20; k++) {
        sac.update(sampler);
      }
      Checkpoint c = sac.exportCheckpoint(Map.of("note", "test"));
      PolicyRegistry registry = new PolicyRegistry(dir);
      PolicyVersion v = registry.publish(c);
      StoredPolicy stored = registry.load(v);
      assertThat(stored.checkpoint().info()).containsEntry("trainer", "sac");
      for (InferenceConfig.Engine engine :
          new InferenceConfig.Engine[] {InferenceConfig.Engine.DJL, InferenceConfig.Engine.JAVA}) {
        try (DirectPolicy p =
            new DirectPolicy(
                Engines.create(engine, RlFixtures.runtime(), stored.checkpoint()), v)) {
          for (float s : new float[] {-0.9f, 0.2f, 0.6f}) {
            Action a = p.act(new Observation(new float[] {s}, Map.of(), 0));
            assertThat(a.values()[0])
                .isCloseTo(sac.greedyAction(new float[] {s})[0], within(1e-4f));
          }
        }
      }
    }
  }

  /** Same seed and data: the same losses and actions; UTD runs that many critic steps. */
  @Test
  void seededRunsRepeatAndUtdCountsCriticSteps() {
    ArraySampleView prior = RlFixtures.randomBandit(128, 8);
    float[][] actions = new float[2][];
    double[] losses = new double[2];
    for (int run = 0; run < 2; run++) {
      SacConfig config = RlFixtures.small(21).withUtd(3);
      RlpdSampler sampler = new RlpdSampler(prior, new ReplayBuffer(4, 1, 1), 0.5, 5);
      try (SacLearner sac =
          SacLearner.create(
              RlFixtures.runtime(),
              config,
              RlFixtures.BANDIT,
              SacLearner.fitStateNormalizer(prior))) {
        SacLosses l = null;
        for (int k = 0; k < 4; k++) {
          l = sac.update(sampler);
        }
        assertThat(sac.updates()).isEqualTo(12);
        losses[run] = l.criticLoss() + l.actorLoss();
        actions[run] = sac.greedyAction(new float[] {0.3f});
      }
    }
    assertThat(losses[1]).isEqualTo(losses[0]);
    assertThat(actions[1]).containsExactly(actions[0]);
  }

  /**
   * A two-step chain: from state 0 any action leads (reward 0) to state 1, where the bandit reward
   * ends the episode. The critic must bootstrap: Q(0, a) is about gamma times the value of state 1
   * for every a.
   */
  @Test
  void bootstrapsThroughANonTerminalStep() {
    ArraySampleView prior = RlFixtures.chain(256, 4);
    SacConfig config = RlFixtures.small(17).withGamma(0.9).withTemperature(true, 0.01, Double.NaN);
    RlpdSampler sampler = new RlpdSampler(prior, new ReplayBuffer(4, 1, 1), 0.5, 6);
    try (SacLearner sac =
        SacLearner.create(
            RlFixtures.runtime(),
            config,
            RlFixtures.BANDIT,
            SacLearner.fitStateNormalizer(prior))) {
      for (int k = 0; k < 500; k++) {
        sac.update(sampler);
      }
      float best = RlFixtures.BEST_ACTION;
      float[] q = sac.qValues(new float[] {0, 0, 1}, new float[] {-1.5f, best, best}, 3);
      int e = config.criticEnsembleSize();
      for (int c = 0; c < e; c++) {
        float q0bad = q[c];
        float q0best = q[e + c];
        float q1best = q[2 * e + c];
        assertThat(q1best).isCloseTo(1f, within(0.25f));
        // The first action does not matter; its value is the discounted value of state 1.
        assertThat(q0bad).isCloseTo(0.9f * q1best, within(0.25f));
        assertThat(q0best).isCloseTo(0.9f * q1best, within(0.25f));
      }
    }
  }
}
