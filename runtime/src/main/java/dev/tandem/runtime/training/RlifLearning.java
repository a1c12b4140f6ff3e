package dev.tandem.runtime.training;

import dev.tandem.core.data.SampleClass;
import dev.tandem.core.dataset.SampleView;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.intervention.EpisodeTimeline;
import dev.tandem.intervention.InterventionDataset;
import dev.tandem.intervention.Segmenter;
import dev.tandem.intervention.memory.Memory;
import dev.tandem.intervention.weighting.PlainBc;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.checkpoint.Checkpoint;
import dev.tandem.policy.checkpoint.PolicyFeatures;
import dev.tandem.policy.config.HeadType;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.config.TrainConfig;
import dev.tandem.policy.data.ArraySampleView;
import dev.tandem.policy.rl.RlpdSampler;
import dev.tandem.policy.rl.SacLearner;
import dev.tandem.policy.rl.SacLosses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * RLIF for one method on one task and seed, round after round: labels the recorded episodes with
 * intervention rewards, and continues one SAC learner across rounds. The learner's whole state
 * (actor, critics, targets, optimizer moments, temperature, update count) is saved after every
 * round as {@code round<r>.sac} in {@code stateDir}, so a resumed experiment continues from it.
 *
 * <p>Data per round: prior = demos + intervention (operator) steps of every deployed episode so
 * far; online = the policy's own deployed steps (robot and pre-intervention samples). Rewards and
 * terminals come from {@link dev.tandem.intervention.rlif.InterventionRewards}: the policy step
 * that triggered a takeover is penalized and terminal (what follows is the operator's control, not
 * the policy's); the operator's steps bootstrap normally; time-limit ends are not terminal.
 */
public final class RlifLearning implements AutoCloseable {
  private final DjlRuntime djl;
  private final RlifSettings settings;
  private final PolicyFeatures features;
  private final Path stateDir;
  private final long seed;
  private SacLearner learner;
  private int learnerRound = -1;

  public RlifLearning(
      DjlRuntime djl, RlifSettings settings, EnvironmentSpec spec, Path stateDir, long seed) {
    this.djl = djl;
    this.settings = settings;
    this.features =
        PolicyFeatures.of(
            spec,
            new NetworkConfig(
                settings.hiddenSizes(), false, HeadType.TANH_GAUSSIAN, 1, 1e-2, null));
    this.stateDir = stateDir;
    this.seed = seed;
  }

  /** Where the learner state after {@code round} is kept. */
  public Path statePath(int round) {
    return stateDir.resolve("round" + round + ".sac");
  }

  /** What one round of learning did. */
  public record RoundFigures(
      Checkpoint checkpoint,
      long priorSamples,
      long onlineSamples,
      long penalizedSteps,
      SacLosses last,
      boolean resumedFromState) {}

  /**
   * Learns round {@code round} (1-based) from {@code demoIds} and every deployed episode so far,
   * continuing from the state after round {@code round - 1} (kept in memory, or loaded from its
   * file when the run was resumed). Saves the state after this round and returns the actor as a
   * checkpoint carrying {@code info}.
   */
  public RoundFigures learnRound(
      EpisodeStore store,
      List<Long> demoIds,
      List<Long> deployedIds,
      Segmenter segmenter,
      int round,
      Map<String, String> info) {
    // the float32 matmul kernels BC training uses where they are faster (same arithmetic on CPUs
    // without AMX; see TrainConfig.MatmulPrecision)
    return djl.withMatmulPrecision(
        TrainConfig.MatmulPrecision.AUTO,
        () -> learn(store, demoIds, deployedIds, segmenter, round, info));
  }

  private RoundFigures learn(
      EpisodeStore store,
      List<Long> demoIds,
      List<Long> deployedIds,
      Segmenter segmenter,
      int round,
      Map<String, String> info) {
    List<Long> all = new ArrayList<>(demoIds);
    all.addAll(deployedIds);
    List<EpisodeTimeline> timelines = new ArrayList<>();
    for (long id : all) {
      timelines.add(EpisodeTimeline.of(store.readEpisode(id)));
    }
    ArraySampleView prior =
        samples(store, all, timelines, segmenter, SampleClass.DEMO, SampleClass.INTERVENTION);
    ArraySampleView online =
        samples(store, all, timelines, segmenter, SampleClass.ROBOT, SampleClass.PRE_INTERVENTION);
    long penalized = 0;
    for (int i = 0; i < online.size(); i++) {
      if (online.reward(i) < 0) {
        penalized++;
      }
    }
    Updates updates = update(round, prior, online);
    learnerRound = round;
    try {
      learner.saveState(statePath(round));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + statePath(round), e);
    }
    Map<String, String> all2 = new TreeMap<>(info);
    all2.put("rlif.round", Integer.toString(round));
    all2.put("rlif.prior_samples", Integer.toString(prior.size()));
    all2.put("rlif.online_samples", Integer.toString(online.size()));
    all2.put("rlif.penalized_steps", Long.toString(penalized));
    updates.describe(all2);
    Checkpoint c = learner.exportCheckpoint(all2);
    return new RoundFigures(
        c, prior.size(), online.size(), penalized, updates.last(), updates.resumed());
  }

  /** The samples of {@code classes} with RLIF's rewards. */
  private ArraySampleView samples(
      EpisodeStore store,
      List<Long> ids,
      List<EpisodeTimeline> timelines,
      Segmenter segmenter,
      SampleClass... classes) {
    return copy(
        InterventionDataset.build(
            store.sampleView(ids),
            timelines,
            segmenter,
            new PlainBc(List.of(classes)),
            Memory.unlimited(),
            Optional.of(settings.rewards())));
  }

  /**
   * How a round's updates went: the last losses ({@code null} when the round was skipped), whether
   * the learner was loaded from its saved state, and the divergence retried after or skipped on.
   */
  private record Updates(SacLosses last, boolean resumed, String retried, String skipped) {
    void describe(Map<String, String> info) {
      info.put("rlif.resumed_from_state", Boolean.toString(resumed));
      if (retried != null) {
        info.put("rlif.retried_after", retried);
      }
      if (skipped != null) {
        info.put("rlif.round_skipped_after", skipped);
      }
      if (last != null) {
        info.put(
            "rlif.last_losses",
            String.format(
                Locale.ROOT,
                "critic %.4g actor %.4g alpha %.4g meanQ %.4g",
                last.criticLoss(),
                last.actorLoss(),
                last.temperature(),
                last.meanQ()));
      }
    }
  }

  /** The round's critic warm-up (round 1) and updates, started over once if SAC diverges. */
  private Updates update(int round, ArraySampleView prior, ArraySampleView online) {
    boolean resumed = false;
    SacLosses last = null;
    String retried = null;
    for (int attempt = 0; ; attempt++) {
      try {
        resumed |= ensureLearner(round, prior);
        RlpdSampler sampler =
            new RlpdSampler(
                prior,
                online,
                settings.priorFraction(),
                seed * 1_000_003L + round * 7919L + 17,
                settings.actorBcData() == RlifSettings.BcData.DEMOS
                    ? Set.of(SampleClass.DEMO)
                    : null);
        if (round == 1) {
          for (int k = 0; k < settings.criticWarmupUpdates(); k++) {
            last = learner.updateCritics(sampler);
          }
        }
        for (int k = 0; k < settings.updatesPerRound(); k++) {
          last = learner.update(sampler);
        }
        return new Updates(last, resumed, retried, null);
      } catch (IllegalStateException e) {
        // A non-finite loss: start the round over once from the last saved state; if it diverges
        // again, the round keeps the previous learner (its policy stays deployed) and says so,
        // rather than ending the whole experiment.
        if (e.getMessage() == null || !e.getMessage().startsWith("SAC diverged")) {
          throw e;
        }
        closeLearner();
        if (attempt > 0) {
          String skipped = e.getMessage();
          System.err.println(
              "RLIF round " + round + ": " + skipped + "; keeping the previous learner");
          resumed |= ensureLearner(round, prior);
          return new Updates(null, resumed, retried, skipped);
        }
        retried = e.getMessage();
      }
    }
  }

  /**
   * Makes {@link #learner} the state after round {@code round - 1}: kept in memory, loaded from its
   * file, or (round 1) new with the actor pretrained on the demos. True when loaded from file.
   */
  private boolean ensureLearner(int round, ArraySampleView prior) {
    if (learner != null && learnerRound == round - 1) {
      return false;
    }
    closeLearner();
    if (round > 1) {
      Path previous = statePath(round - 1);
      if (!Files.isRegularFile(previous)) {
        throw new IllegalArgumentException(
            "RLIF round "
                + round
                + ": the learner state of round "
                + (round - 1)
                + " is missing ("
                + previous
                + "); cannot continue the learner");
      }
      try {
        learner = SacLearner.loadState(djl, features, previous);
        learner.setActorBcWeight(settings.actorBcWeight());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + previous, e);
      }
      learnerRound = round - 1;
      return true;
    }
    learner =
        SacLearner.create(
            djl, settings.toSacConfig(seed), features, SacLearner.fitStateNormalizer(prior));
    learner.setActorBcWeight(settings.actorBcWeight());
    if (settings.actorPretrainSteps() > 0) {
      learner.pretrainActor(demosOnly(prior), settings.actorPretrainSteps());
    }
    learnerRound = 0;
    return false;
  }

  /** The demo rows of a prior view (the actor's behavior-cloning initialisation). */
  private static SampleView demosOnly(ArraySampleView prior) {
    ArraySampleView.Builder b = ArraySampleView.builder(prior.stateSize(), prior.actionSize());
    float[] s = new float[prior.stateSize()];
    float[] a = new float[prior.actionSize()];
    float[] n = new float[prior.stateSize()];
    for (int i = 0; i < prior.size(); i++) {
      if (prior.sampleClass(i) != SampleClass.DEMO) {
        continue;
      }
      prior.state(i, s, 0);
      prior.action(i, a, 0);
      prior.nextState(i, n, 0);
      b.add(s, a, n, prior.reward(i), prior.terminal(i), 1f, SampleClass.DEMO);
      if (prior.episodeEnd(i)) {
        b.endEpisode();
      }
    }
    return b.build();
  }

  /** A heap copy of a (memory-mapped) view: batches are drawn from it thousands of times. */
  static ArraySampleView copy(SampleView v) {
    ArraySampleView.Builder b = ArraySampleView.builder(v.stateSize(), v.actionSize());
    float[] s = new float[v.stateSize()];
    float[] a = new float[v.actionSize()];
    float[] n = new float[v.stateSize()];
    for (int i = 0; i < v.size(); i++) {
      v.state(i, s, 0);
      v.action(i, a, 0);
      v.nextState(i, n, 0);
      b.add(s, a, n, v.reward(i), v.terminal(i), 1f, v.sampleClass(i));
      if (v.episodeEnd(i)) {
        b.endEpisode();
      }
    }
    return b.build();
  }

  private void closeLearner() {
    if (learner != null) {
      learner.close();
      learner = null;
      learnerRound = -1;
    }
  }

  @Override
  public void close() {
    closeLearner();
  }
}
