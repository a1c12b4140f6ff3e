package dev.tandem.policy.rl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.policy.GarbageCollection;
import dev.tandem.policy.data.ArraySampleView;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A garbage collection between any forward pass and its backward pass must not change what SAC
 * learns. Before the constants of the losses were made native ({@code NdScalars}), a collection
 * there freed the memory of the temperature and the head's constants while the graph still needed
 * them: the actor's gradients became garbage and the learner went NaN within a few updates, which
 * in a long JVM happened at random (one collection in a few hundred landing in that window).
 */
class CollectionSafetyTest {

  @Test
  void aCollectionBeforeEveryBackwardPassChangesNothing() {
    assertThat(run(true)).containsExactlyElementsOf(run(false));
  }

  @Test
  void alsoWithTheActorBcTermAndPretraining() {
    assertThat(runWithBc(true)).containsExactlyElementsOf(runWithBc(false));
  }

  /** Losses of a few updates and the Q values and actions after them, as one list of numbers. */
  private static List<Double> run(boolean collect) {
    ArraySampleView prior = RlFixtures.chain(64, 3);
    RlpdSampler sampler = new RlpdSampler(prior, new ReplayBuffer(4, 1, 1), 0.5, 3);
    List<Double> out = new ArrayList<>();
    try (SacLearner sac =
        SacLearner.create(
            RlFixtures.runtime(),
            RlFixtures.small(21).withBatchSize(16).withHiddenSizes(List.of(32, 32)),
            RlFixtures.BANDIT,
            SacLearner.fitStateNormalizer(prior))) {
      if (collect) {
        sac.beforeBackward(GarbageCollection::collect);
      }
      for (int k = 0; k < 4; k++) {
        SacLosses l = sac.update(sampler);
        out.add(l.criticLoss());
        out.add(l.actorLoss());
        out.add(l.temperature());
      }
      addOutputs(sac, out);
    }
    return out;
  }

  private static List<Double> runWithBc(boolean collect) {
    ArraySampleView prior = RlFixtures.chain(64, 4);
    RlpdSampler sampler = new RlpdSampler(prior, new ReplayBuffer(4, 1, 1), 0.5, 4);
    List<Double> out = new ArrayList<>();
    try (SacLearner sac =
        SacLearner.create(
            RlFixtures.runtime(),
            RlFixtures.small(22).withBatchSize(16).withHiddenSizes(List.of(32, 32)),
            RlFixtures.BANDIT,
            SacLearner.fitStateNormalizer(prior))) {
      if (collect) {
        sac.beforeBackward(GarbageCollection::collect);
      }
      out.add(sac.pretrainActor(prior, 2));
      sac.setActorBcWeight(2.5);
      for (int k = 0; k < 3; k++) {
        SacLosses l = sac.update(sampler);
        out.add(l.criticLoss());
        out.add(l.actorLoss());
      }
      addOutputs(sac, out);
    }
    return out;
  }

  private static void addOutputs(SacLearner sac, List<Double> out) {
    for (float q : sac.qValues(new float[] {0, 1}, new float[] {0.6f, -1f}, 2)) {
      out.add((double) q);
    }
    out.add((double) sac.greedyAction(new float[] {1})[0]);
    assertThat(out).allMatch(Double::isFinite);
  }
}
