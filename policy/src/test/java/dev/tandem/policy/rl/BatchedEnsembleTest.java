package dev.tandem.policy.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.tandem.core.data.SampleClass;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.data.ArraySampleView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batched critic ensemble computes what E separate MLPs would (values and gradients), and a
 * saved learner state continues exactly where the original learner was.
 */
class BatchedEnsembleTest {

  private static final int E = 3;
  private static final int B = 6;
  private static final int S = 4;
  private static final int A = 2;
  private static final List<Integer> HIDDEN = List.of(5, 4);

  /**
   * Member e computed on its own, as one MLP (slices of the stacked weights: Linear, LayerNorm
   * written out by hand as (x - mean) / sqrt(var + eps) * gamma + beta, ReLU; Linear to 1).
   */
  private static NDArray memberByHand(Map<String, NDArray> p, NDArray x, int e, boolean layerNorm) {
    NDArray h = x;
    for (int l = 0; l < HIDDEN.size(); l++) {
      h = h.matMul(p.get("layer" + l + ".weight").get(e)).add(p.get("layer" + l + ".bias").get(e));
      if (layerNorm) {
        NDArray mean = h.mean(new int[] {1}, true);
        NDArray centred = h.sub(mean);
        NDArray var = centred.square().mean(new int[] {1}, true);
        h =
            centred
                .div(var.add(CriticEnsemble.LAYER_NORM_EPS).sqrt())
                .mul(p.get("layer" + l + ".gamma").get(e))
                .add(p.get("layer" + l + ".beta").get(e));
      }
      h = h.maximum(0f);
    }
    return h.matMul(p.get("out.weight").get(e)).add(p.get("out.bias").get(e)); // [B, 1]
  }

  /** Either form (both run on any CPU here, whichever the CPU gets by default). */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(CriticEnsemble.Form.class)
  void valuesAndGradientsEqualSeparateMembers(CriticEnsemble.Form form) {
    for (boolean layerNorm : new boolean[] {true, false}) {
      DjlRuntime runtime = RlFixtures.runtime();
      CriticEnsemble block = new CriticEnsemble(E, HIDDEN, layerNorm, form);
      try (Model model = runtime.newModel("ensemble-test")) {
        model.setBlock(block);
        runtime.seed(5);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, S), new Shape(1, A));
        try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()));
            NDManager m = model.getNDManager().newSubManager()) {
          // Non-trivial gains and shifts, so LayerNorm's affine part is exercised too.
          for (var p : block.getParameters()) {
            NDArray arr = p.getValue().getArray();
            arr.addi(m.randomUniform(-0.3f, 0.3f, arr.getShape()));
          }
          SplittableRandom rng = new SplittableRandom(9);
          NDArray s = m.create(random(rng, B * S), new Shape(B, S));
          NDArray a = m.create(random(rng, B * A), new Shape(B, A));
          NDArray mix = m.create(random(rng, B * E), new Shape(B, E));

          Map<String, float[]> batchedGrads;
          float[] batched;
          try (GradientCollector gc = trainer.newGradientCollector()) {
            NDArray q = trainer.forward(new NDList(s, a)).singletonOrThrow();
            assertThat(q.getShape()).isEqualTo(new Shape(B, E));
            gc.backward(q.mul(mix).sum());
            batched = q.toFloatArray();
          }
          batchedGrads = gradients(block, true);

          float[] separate;
          try (GradientCollector gc = trainer.newGradientCollector()) {
            Map<String, NDArray> p = new java.util.HashMap<>();
            for (var e : block.getParameters()) {
              p.put(e.getKey(), e.getValue().getArray());
            }
            NDArray x = s.concat(a, 1);
            NDList cols = new NDList();
            for (int e = 0; e < E; e++) {
              cols.add(memberByHand(p, x, e, layerNorm));
            }
            NDArray q = NDArrays.concat(cols, 1);
            gc.backward(q.mul(mix).sum());
            separate = q.toFloatArray();
          }
          Map<String, float[]> separateGrads = gradients(block, true);

          for (int i = 0; i < batched.length; i++) {
            assertThat(batched[i]).isCloseTo(separate[i], within(1e-5f));
          }
          assertThat(batchedGrads.keySet()).isEqualTo(separateGrads.keySet());
          for (String name : batchedGrads.keySet()) {
            float[] g1 = batchedGrads.get(name);
            float[] g2 = separateGrads.get(name);
            double norm = 0;
            for (float v : g1) {
              norm += v * v;
            }
            assertThat(norm).as("gradient of " + name + " is not zero").isGreaterThan(1e-8);
            for (int i = 0; i < g1.length; i++) {
              assertThat(g1[i]).as(name + "[" + i + "]").isCloseTo(g2[i], within(1e-4f));
            }
          }

          // A subset evaluates only the chosen members, in the given order.
          try (NDManager sub = m.newSubManager()) {
            runtime.noGradOnThisThread();
            float[] picked =
                block
                    .forward(new ParameterStore(sub, false), s, a, new int[] {2, 0}, false)
                    .toFloatArray();
            assertThat(block.lastEvaluated()).isEqualTo(2);
            float[] one =
                block
                    .forward(new ParameterStore(sub, false), s, a, new int[] {1}, false)
                    .toFloatArray();
            assertThat(one).hasSize(B);
            for (int b = 0; b < B; b++) {
              assertThat(one[b]).isCloseTo(batched[b * E + 1], within(1e-5f));
            }
            for (int b = 0; b < B; b++) {
              assertThat(picked[b * 2]).isCloseTo(batched[b * E + 2], within(1e-5f));
              assertThat(picked[b * 2 + 1]).isCloseTo(batched[b * E], within(1e-5f));
            }
          }
        }
      }
    }
  }

  /** The parameter gradients (copied), zeroing them afterwards when asked. */
  private static Map<String, float[]> gradients(CriticEnsemble block, boolean zero) {
    Map<String, float[]> out = new java.util.TreeMap<>();
    for (var p : block.getParameters()) {
      Parameter param = p.getValue();
      try (NDArray g = param.getArray().getGradient()) {
        out.put(p.getKey(), g.toFloatArray());
        if (zero) {
          g.subi(g);
        }
      }
    }
    return out;
  }

  private static float[] random(SplittableRandom rng, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) rng.nextDouble(-1, 1);
    }
    return v;
  }

  /**
   * Save after k updates, load into a new learner, continue: the same losses and actions as a
   * learner that never stopped (same JVM: bit-identical).
   */
  /**
   * The two forms train alike: the same seed and batches give the same losses within float
   * tolerance over several full updates (the forms differ only in summation order).
   */
  @Test
  void batchedAndLoopedLearnersTrainAlike() {
    ArraySampleView prior = RlFixtures.randomBandit(128, 31);
    SacConfig config = RlFixtures.small(23);
    List<List<Double>> losses = new ArrayList<>();
    for (CriticEnsemble.Form form : CriticEnsemble.Form.values()) {
      List<Double> l = new ArrayList<>();
      try (SacLearner sac =
          SacLearner.create(
              RlFixtures.runtime(),
              config,
              RlFixtures.BANDIT,
              SacLearner.fitStateNormalizer(prior),
              form)) {
        assertThat(sac.criticForm()).isEqualTo(form);
        for (int k = 0; k < 4; k++) {
          SacLosses x = sac.update(samplerFor(prior, k));
          l.add(x.criticLoss());
          l.add(x.actorLoss());
        }
      }
      losses.add(l);
    }
    for (int i = 0; i < losses.get(0).size(); i++) {
      assertThat(losses.get(1).get(i))
          .as("loss %d", i)
          .isCloseTo(losses.get(0).get(i), within(1e-4 * (1 + Math.abs(losses.get(0).get(i)))));
    }
  }

  /** Looped on a CPU, batched on a GPU; a learner created without a form gets its device's. */
  @Test
  void formForDevice() {
    assertThat(CriticEnsemble.Form.forDevice(false)).isEqualTo(CriticEnsemble.Form.LOOPED);
    assertThat(CriticEnsemble.Form.forDevice(true)).isEqualTo(CriticEnsemble.Form.BATCHED);
    ArraySampleView prior = RlFixtures.randomBandit(16, 1);
    try (SacLearner sac =
        SacLearner.create(
            RlFixtures.runtime(),
            RlFixtures.small(1),
            RlFixtures.BANDIT,
            SacLearner.fitStateNormalizer(prior))) {
      assertThat(sac.criticForm())
          .isEqualTo(CriticEnsemble.Form.forDevice(RlFixtures.runtime().onGpu()));
    }
  }

  @Test
  void savedStateContinuesExactly(@TempDir Path dir) throws Exception {
    ArraySampleView prior = RlFixtures.randomBandit(128, 31);
    SacConfig config = RlFixtures.small(23).withUtd(2);
    Path file = dir.resolve("learner.sac");
    List<Double> straight = new ArrayList<>();
    float[] straightAction;
    try (SacLearner sac =
        SacLearner.create(
            RlFixtures.runtime(),
            config,
            RlFixtures.BANDIT,
            SacLearner.fitStateNormalizer(prior))) {
      sac.pretrainActor(prior, 5);
      for (int k = 0; k < 6; k++) {
        RlpdSampler sampler = samplerFor(prior, k);
        SacLosses l = sac.update(sampler);
        straight.add(l.criticLoss() + l.actorLoss() + l.temperature());
        if (k == 2) {
          sac.saveState(file);
        }
      }
      straightAction = sac.greedyAction(new float[] {0.25f});
    }
    List<Double> resumed = new ArrayList<>();
    try (SacLearner sac = SacLearner.loadState(RlFixtures.runtime(), RlFixtures.BANDIT, file)) {
      assertThat(sac.updates()).isEqualTo(6); // 3 calls of utd 2
      assertThat(sac.config()).isEqualTo(config);
      for (int k = 3; k < 6; k++) {
        SacLosses l = sac.update(samplerFor(prior, k));
        resumed.add(l.criticLoss() + l.actorLoss() + l.temperature());
      }
      assertThat(resumed).containsExactlyElementsOf(straight.subList(3, 6));
      assertThat(sac.greedyAction(new float[] {0.25f})).containsExactly(straightAction);
    }
  }

  /** A sampler whose draws depend on the call index only (as the experiment's rounds do). */
  private static RlpdSampler samplerFor(ArraySampleView prior, int k) {
    ReplayBuffer online = new ReplayBuffer(64, 1, 1);
    SplittableRandom rng = new SplittableRandom(100 + k);
    for (int i = 0; i < 32; i++) {
      float[] s = {(float) rng.nextDouble(-1, 1)};
      float[] act = {(float) rng.nextDouble(-2, 2)};
      online.add(s, act, RlFixtures.reward(act[0]), s, true, true, SampleClass.ROBOT);
    }
    return new RlpdSampler(prior, online, 0.5, 7 + k);
  }
}
