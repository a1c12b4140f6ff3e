package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.policy.checkpoint.PolicyFeatures;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.checkpoint.StoredPolicy;
import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.config.TrainConfig;
import dev.tandem.policy.data.ArraySampleView;
import dev.tandem.policy.infer.DirectPolicy;
import dev.tandem.policy.infer.Engines;
import dev.tandem.policy.infer.PolicyEngine;
import dev.tandem.policy.train.BcTrainer;
import dev.tandem.policy.train.TrainingResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code network.stateInputs}: the network reads the named state elements in the given order, in
 * training and in both inference engines, and the selection survives a checkpoint round trip.
 */
class StateInputsTest {
  @TempDir Path dir;

  @Test
  void aNetworkReadingReorderedStateElementsLearnsAndServesTheSameOrder() {
    ArraySampleView demos = Fixtures.reachDemos(40, 2000);
    // the goal first, then the point: a different order than the environment's [x, y, gx, gy]
    List<String> inputs = List.of("goal.y", "goal.x", "y", "x");
    BcConfig config =
        BcConfig.defaults()
            .withNetwork(NetworkConfig.mlp(64, 64).withStateInputs(inputs))
            .withTrain(TrainConfig.defaults().withSteps(1200).withSeed(5));
    TrainingResult r =
        new BcTrainer(Fixtures.runtime())
            .train(demos, PolicyFeatures.of(PointReachEnv.SPEC, config.network()), config);
    assertThat(r.checkpoint().stateNormalizer().size()).isEqualTo(4);
    PolicyRegistry registry = new PolicyRegistry(dir);
    PolicyVersion v = registry.publish(r.checkpoint());
    StoredPolicy loaded = registry.load(v);
    assertThat(loaded.checkpoint().config().network().stateInputs()).isEqualTo(inputs);

    Observation o = Observation.of(new float[] {0.1f, -0.2f, 0.3f, 0.25f});
    try (PolicyEngine java =
            Engines.create(InferenceConfig.Engine.JAVA, Fixtures.runtime(), loaded.checkpoint());
        PolicyEngine djl =
            Engines.create(InferenceConfig.Engine.DJL, Fixtures.runtime(), loaded.checkpoint())) {
      Action a = java.act(List.of(o))[0];
      Action b = djl.act(List.of(o))[0];
      for (int k = 0; k < a.dim(); k++) {
        assertThat(a.get(k)).isCloseTo(b.get(k), within(2e-4f));
      }
    }
    try (DirectPolicy policy =
        new DirectPolicy(
            Engines.create(InferenceConfig.Engine.AUTO, Fixtures.runtime(), loaded.checkpoint()),
            PolicyVersion.NONE)) {
      double success =
          PolicyEvaluation.evaluate(policy, PointReachEnv::new, PolicyEvaluation.seeds(1, 40))
              .successRate();
      assertThat(success).isGreaterThanOrEqualTo(0.9);
    }
  }

  @Test
  void unknownStateInputsAreRefusedNamingThemAndTheStateNames() {
    NetworkConfig net = NetworkConfig.mlp(8).withStateInputs(List.of("x", "object.x"));
    PolicyFeatures features = PolicyFeatures.of(PointReachEnv.SPEC, net);
    BcConfig config = BcConfig.defaults().withNetwork(net);
    assertThatThrownBy(
            () ->
                new BcTrainer(Fixtures.runtime())
                    .train(Fixtures.reachDemos(2, 1), features, config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("network.stateInputs")
        .hasMessageContaining("[object.x]")
        .hasMessageContaining("goal.y");
    assertThatThrownBy(() -> NetworkConfig.mlp(8).withStateInputs(List.of("x", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("distinct");
  }
}
