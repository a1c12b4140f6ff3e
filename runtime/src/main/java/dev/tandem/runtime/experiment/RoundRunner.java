package dev.tandem.runtime.experiment;

import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.checkpoint.StoredPolicy;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.infer.InferencePolicy;
import dev.tandem.runtime.actors.RolloutPool;
import dev.tandem.runtime.training.RlifLearning;
import dev.tandem.runtime.training.RlifSettings;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rounds of one deployed method under one operator-skill group, on one task and seed: each
 * round deploys the current policy under the operator, trains the next one on the demos and all the
 * deployed data (weighted BC, or RLIF continuing its learner), and evaluates it without the
 * operator.
 */
final class RoundRunner {
  private final TaskSeed ts;
  private final MethodConfig method;
  private final TaskSeed.Group group;
  private final List<Long> demoIds;
  private final PolicyRegistry registry;
  private final List<Long> trainingIds;
  private final List<Long> deployedIds = new ArrayList<>();

  RoundRunner(TaskSeed ts, MethodConfig method, Double skill, List<Long> demoIds) {
    this.ts = ts;
    this.method = method;
    this.group = new TaskSeed.Group(method.name(), skill);
    this.demoIds = List.copyOf(demoIds);
    this.registry = ts.registry(group.label());
    this.trainingIds = new ArrayList<>(demoIds);
  }

  /** Runs rounds 1 to {@code rounds}, starting from the round-0 policy {@code initial}. */
  List<RoundResult> run(StoredPolicy initial) {
    List<RoundResult> out = new ArrayList<>();
    String label = group.label();
    try (RlifLearning rlif = rlif();
        InferencePolicy policy =
            InferencePolicy.start(ts.djl(), initial, ts.spec(), InferenceConfig.defaults());
        RolloutPool deploy =
            ts.pool("deploy-" + label, policy, Optional.of(ts.config().operatorOf(group.skill())));
        RolloutPool eval = ts.pool("eval-" + label, policy, Optional.empty())) {
      for (int round = 1; round <= ts.config().rounds(); round++) {
        out.add(round(round, rlif, policy, deploy, eval));
      }
    }
    return out;
  }

  /** RLIF's learner when the method has one ({@code null}: weighted BC retrains each round). */
  private RlifLearning rlif() {
    if (!(method.learner() instanceof RlifSettings rs)) {
      return null;
    }
    var dir = ts.runDir().resolve("learners").resolve(ts.key()).resolve(group.label());
    return new RlifLearning(ts.djl(), rs, ts.spec(), dir, ts.seed());
  }

  private RoundResult round(
      int round, RlifLearning rlif, InferencePolicy policy, RolloutPool deploy, RolloutPool eval) {
    long tRound = System.nanoTime();
    String what = ts.key() + " " + group.label() + " round " + round;
    List<EpisodeKey> deployKeys = new ArrayList<>();
    for (int i = 0; i < ts.config().deployEpisodes(); i++) {
      deployKeys.add(ts.episode(group, round, EpisodeKey.Phase.DEPLOY, i));
    }
    Figures deployed = ts.episodes(deploy, deployKeys, "deploy " + what);
    trainingIds.addAll(deployed.episodeIds());
    deployedIds.addAll(deployed.episodeIds());
    long tTrain = System.nanoTime();
    PolicyVersion v =
        rlif != null
            ? rlifOrReuse(rlif, round)
            : ts.trainOrReuse(
                registry,
                trainingIds,
                method.weighting(),
                method.memory(),
                group.label() + " round " + round);
    double trainSeconds = (System.nanoTime() - tTrain) / 1e9;
    policy.swap(registry.load(v)).join();
    Figures evaluated = ts.episodes(eval, ts.evaluation(group, round), "eval " + what);
    var trained = new TaskSeed.Trained(v, ts.sampleCount(trainingIds), trainSeconds);
    return ts.result(
        group, round, evaluated, deployed, trained, (System.nanoTime() - tRound) / 1e9);
  }

  /**
   * RLIF's round: reuses a published actor whose data matches and whose learner state was saved (a
   * resumed run), otherwise continues the learner (from memory or from the previous round's saved
   * state) on this round's data and publishes the actor.
   */
  private PolicyVersion rlifOrReuse(RlifLearning rlif, int round) {
    if (Files.isRegularFile(rlif.statePath(round))) {
      Optional<PolicyVersion> done = ResumeIndex.trained(registry, trainingIds);
      if (done.isPresent()) {
        return done.get(); // resumed: this round was learnt before the interruption
      }
    }
    var info =
        ResumeIndex.checkpointInfo(trainingIds, group.label() + " round " + round + " (rlif)");
    return registry.publish(
        rlif.learnRound(ts.store(), demoIds, deployedIds, ts.config().segmenter(), round, info)
            .checkpoint());
  }
}
