package dev.tandem.runtime.actors;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.tandem.core.env.Environment;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.store.DatasetSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.intervention.Segmenter;
import dev.tandem.intervention.memory.Memory;
import dev.tandem.intervention.weighting.PlainBc;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.policy.infer.InferencePolicy;
import dev.tandem.runtime.training.Demonstrations;
import dev.tandem.runtime.training.TrainingSettings;
import dev.tandem.sim.config.ReachConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A learner trains on recorded episodes of a real store with DJL, publishes the version, and every
 * subscribed policy actor loads it from the registry: the version number is all that travels.
 */
class LearnerActorTest {
  /** Every message is serialized on the way (as across a cluster). */
  static final ActorTestKit kit =
      ActorTestKit.create(
          ConfigFactory.parseString("pekko.actor.serialize-messages = on")
              .withFallback(ConfigFactory.load()));

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  @TempDir Path dir;

  @Test
  void retrainingPublishesAVersionThatSubscribedPoliciesDeploy() throws Exception {
    DjlRuntime djl = DjlRuntime.start(RuntimeConfig.cpu());
    ReachConfig task = ReachConfig.defaults();
    try (Environment env = task.create();
        EpisodeStore store = EpisodeStore.create(dir.resolve("ds"), DatasetSpec.of(env.spec()))) {
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ids.add(Demonstrations.record(env, store, 100 + i, Map.of(), Clock.systemUTC()));
      }
      PolicyRegistry registry = new PolicyRegistry(dir.resolve("policies"));
      var learner =
          kit.spawn(
              LearnerActor.create(
                  new LearnerActor.Setup(
                      djl,
                      store,
                      registry,
                      env.spec(),
                      Segmenter.defaults(),
                      new PlainBc(null),
                      Memory.unlimited(),
                      new TrainingSettings(60, 64, null, null, null, null, null, "cpu", null))),
              "learner",
              LearnerActor.DISPATCHER);
      ActorRef<PolicyActor.Command> policy =
          kit.spawn(
              PolicyActor.create(
                  ArbiterActorTest.constant(0f),
                  v ->
                      InferencePolicy.start(
                          djl, registry.load(v), env.spec(), InferenceConfig.defaults())),
              "policy",
              Props.empty());
      learner.tell(new LearnerActor.Subscribe(policy));

      TestProbe<LearnerActor.Trained> trained = kit.createTestProbe();
      learner.tell(new LearnerActor.Retrain(ids, 3, Map.of("round", "1"), trained.getRef()));
      LearnerActor.Trained t = trained.receiveMessage(Duration.ofSeconds(120));
      assertThat(t.ok()).as(t.error()).isTrue();
      assertThat(t.version().number()).isEqualTo(1);
      assertThat(t.trainSamples()).isPositive();
      assertThat(t.classCounts()).containsKey("DEMO");
      assertThat(registry.load(t.version()).checkpoint().info()).containsEntry("round", "1");

      // the deploy was sent before the reply: the next proposal comes from the new version
      TestProbe<PolicyActor.Proposal> proposals = kit.createTestProbe();
      policy.tell(
          new PolicyActor.Act(
              env.reset(7), dev.tandem.core.data.ControlSource.POLICY, proposals.getRef()));
      PolicyActor.Proposal p = proposals.receiveMessage(Duration.ofSeconds(10));
      assertThat(p.ok()).as(p.error()).isTrue();
      assertThat(p.version()).isEqualTo(t.version());

      // a failed training answers with the error and leaves the deployed version serving
      learner.tell(new LearnerActor.Retrain(List.of(999L), 3, Map.of(), trained.getRef()));
      LearnerActor.Trained failed = trained.receiveMessage(Duration.ofSeconds(30));
      assertThat(failed.ok()).isFalse();
      assertThat(failed.version()).isEqualTo(PolicyVersion.NONE);
      assertThat(failed.error()).isNotBlank();

      // a version the registry does not have is refused, the current one keeps serving
      TestProbe<PolicyActor.Swapped> swapped = kit.createTestProbe();
      policy.tell(new PolicyActor.Deploy(new PolicyVersion(42, "nope"), swapped.getRef()));
      PolicyActor.Swapped s = swapped.receiveMessage(Duration.ofSeconds(10));
      assertThat(s.ok()).isFalse();
      assertThat(s.to()).isEqualTo(t.version());
      assertThat(s.error()).contains("42");
      kit.stop(policy);
      kit.stop(learner);
    }
  }
}
