package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.policy.checkpoint.PolicyFeatures;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.config.TrainConfig;
import dev.tandem.policy.data.ArraySampleView;
import dev.tandem.policy.train.BcTrainer;
import dev.tandem.policy.train.EvaluationPoint;
import dev.tandem.policy.train.TrainingListener;
import dev.tandem.policy.train.TrainingResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproducibilityAndSelectionTest {

  static final ArraySampleView DEMOS = Fixtures.reachDemos(20, 500);

  static BcConfig small(int steps, long seed) {
    return BcConfig.defaults()
        .withNetwork(NetworkConfig.mlp(64, 64))
        .withTrain(
            TrainConfig.defaults()
                .withSteps(steps)
                .withBatchSize(64)
                .withEvaluateEverySteps(50)
                .withSeed(seed));
  }

  static PolicyFeatures features() {
    return PolicyFeatures.of(PointReachEnv.SPEC, NetworkConfig.defaults());
  }

  @Test
  void sameSeedSameParametersDifferentSeedDifferent() {
    BcTrainer trainer = new BcTrainer(Fixtures.runtime());
    TrainingResult a = trainer.train(DEMOS, features(), small(150, 1));
    TrainingResult b = trainer.train(DEMOS, features(), small(150, 1));
    TrainingResult c = trainer.train(DEMOS, features(), small(150, 2));
    assertThat(b.checkpoint().parameters()).isEqualTo(a.checkpoint().parameters());
    assertThat(b.history()).isEqualTo(a.history());
    assertThat(c.checkpoint().parameters()).isNotEqualTo(a.checkpoint().parameters());
    assertThat(a.checkpoint().dataHash()).isEqualTo(c.checkpoint().dataHash()).hasSize(64);
  }

  @Test
  void concurrentTrainingRunsTakeTurnsAndMatchSequentialOnes() throws Exception {
    BcTrainer trainer = new BcTrainer(Fixtures.runtime());
    TrainingResult sequential = trainer.train(DEMOS, features(), small(60, 9));
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var a =
          pool.submit(
              () -> new BcTrainer(Fixtures.runtime()).train(DEMOS, features(), small(60, 9)));
      var b =
          pool.submit(
              () -> new BcTrainer(Fixtures.runtime()).train(DEMOS, features(), small(60, 9)));
      assertThat(a.get().checkpoint().parameters()).isEqualTo(sequential.checkpoint().parameters());
      assertThat(b.get().checkpoint().parameters()).isEqualTo(sequential.checkpoint().parameters());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void validationLossSelectionKeepsTheBestEvaluation() {
    List<EvaluationPoint> seen = new ArrayList<>();
    TrainingResult r =
        new BcTrainer(Fixtures.runtime())
            .addListener(
                new TrainingListener() {
                  @Override
                  public void onEvaluation(EvaluationPoint point, Snapshot snapshot) {
                    seen.add(point);
                  }
                })
            .train(DEMOS, features(), small(300, 3));
    assertThat(seen).isEqualTo(r.history()).hasSize(6);
    EvaluationPoint best =
        seen.stream()
            .min(Comparator.comparingDouble(EvaluationPoint::validationLoss))
            .orElseThrow();
    assertThat(r.selectedStep()).isEqualTo(best.step());
    assertThat(r.checkpoint().info()).containsEntry("step", Integer.toString(best.step()));
  }

  @Test
  void rolloutSelectionUsesTheRuntimesEvaluator(@TempDir Path dir) {
    BcConfig config =
        small(200, 4)
            .withTrain(small(200, 4).train().withSelection(TrainConfig.Selection.ROLLOUT, 0.1));
    List<Double> scores = new ArrayList<>();
    Policies.TrainOptions options =
        new Policies.TrainOptions(
            null,
            null,
            policy -> {
              double s =
                  Policies.evaluate(policy, PointReachEnv::new, PolicyEvaluation.seeds(900, 10));
              scores.add(s);
              return s;
            },
            java.util.Map.of("round", "1"));
    PolicyRegistry registry = new PolicyRegistry(dir);
    PolicyVersion v =
        Policies.train(Fixtures.runtime(), DEMOS, features(), config, registry, options);
    assertThat(scores).hasSize(4);
    assertThat(v.number()).isEqualTo(1);
    var stored = registry.load(v).checkpoint();
    assertThat(stored.info()).containsEntry("round", "1");
    assertThatThrownBy(() -> new BcTrainer(Fixtures.runtime()).train(DEMOS, features(), config))
        .hasMessageContaining("rollout evaluator");
  }
}
