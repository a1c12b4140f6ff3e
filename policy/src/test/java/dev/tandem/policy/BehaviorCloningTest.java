package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.policy.checkpoint.PolicyFeatures;
import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.TrainConfig;
import dev.tandem.policy.data.ArraySampleView;
import dev.tandem.policy.infer.DirectPolicy;
import dev.tandem.policy.infer.Engines;
import dev.tandem.policy.train.BcTrainer;
import dev.tandem.policy.train.TrainingResult;
import org.junit.jupiter.api.Test;

class BehaviorCloningTest {

  @Test
  void bcOnScriptedDemosReachesTheGoal() {
    ArraySampleView demos = Fixtures.reachDemos(50, 1000);
    BcConfig config =
        BcConfig.defaults().withTrain(TrainConfig.defaults().withSteps(1500).withSeed(3));
    TrainingResult r =
        new BcTrainer(Fixtures.runtime())
            .train(demos, PolicyFeatures.of(PointReachEnv.SPEC, config.network()), config);

    assertThat(r.history()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(r.last().trainLoss())
        .as("training loss falls")
        .isLessThan(r.first().trainLoss() / 3);
    assertThat(r.last().validationLoss()).isLessThan(r.first().validationLoss());

    try (DirectPolicy policy =
        new DirectPolicy(
            Engines.create(InferenceConfig.Engine.AUTO, Fixtures.runtime(), r.checkpoint()),
            PolicyVersion.NONE)) {
      double success =
          PolicyEvaluation.evaluate(policy, PointReachEnv::new, PolicyEvaluation.seeds(1, 50))
              .successRate();
      assertThat(success).as("success rate on unseen seeds").isGreaterThanOrEqualTo(0.9);
    }
  }
}
