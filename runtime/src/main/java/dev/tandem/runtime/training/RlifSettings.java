package dev.tandem.runtime.training;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.intervention.rlif.InterventionRewards;
import dev.tandem.policy.rl.SacConfig;
import java.util.List;

/**
 * RLIF (Luo et al. 2023) as an experiment method: after each deployment round the method's episodes
 * are labelled with intervention rewards ({@code rewards}: -1 on the policy transition that made
 * the operator take over, 0 elsewhere, optional task reward on top) and an RLPD-style SAC learner
 * continues from the previous round: {@code updatesPerRound} updates (each {@code utd} critic steps
 * and one actor step) on batches of {@code priorFraction} prior data (demos + interventions) and
 * the rest online data (the method's deployed policy steps).
 *
 * <p>Round 1 creates the learner: states normalized by the prior data, the actor initialised by
 * {@code actorPretrainSteps} of behavior cloning on the demos (so RLIF starts where the others do),
 * then {@code criticWarmupUpdates} critic-only updates under that actor before the actor follows
 * the critics.
 *
 * <p>{@code actorBcWeight} (default 0: plain SAC as in RLPD/RLIF) adds a TD3+BC-style term pulling
 * the actor towards the prior data's actions, with Q scaled by its mean magnitude; it keeps a
 * small-data actor from following the critics' noise away from its start. {@code actorBcData} says
 * which prior actions: {@code prior} (default: demos and interventions) or {@code demos} (only the
 * demonstrations the actor started from — the operator's corrections then teach only through their
 * rewards, RLIF's premise when the operator is not an expert).
 */
public record RlifSettings(
    InterventionRewards rewards,
    Integer updatesPerRound,
    Integer utd,
    Integer batchSize,
    Integer critics,
    Integer targetSubset,
    Boolean layerNorm,
    List<Integer> hiddenSizes,
    Double gamma,
    Double tau,
    Double actorLearningRate,
    Double criticLearningRate,
    Double temperatureLearningRate,
    Double initialTemperature,
    Double targetEntropy,
    Double priorFraction,
    Integer actorPretrainSteps,
    Integer criticWarmupUpdates,
    Double actorBcWeight,
    String actorBcData)
    implements LearnerSettings {

  /** The {@code actorBcData} values. */
  public static final List<String> BC_DATA = List.of("prior", "demos");

  public RlifSettings {
    rewards = ConfigChecks.orDefault(rewards, InterventionRewards.defaults());
    updatesPerRound = ConfigChecks.orDefault(updatesPerRound, 1000);
    utd = ConfigChecks.orDefault(utd, 1);
    batchSize = ConfigChecks.orDefault(batchSize, 256);
    critics = ConfigChecks.orDefault(critics, 10);
    targetSubset = ConfigChecks.orDefault(targetSubset, 2);
    layerNorm = ConfigChecks.orDefault(layerNorm, true);
    hiddenSizes = hiddenSizes == null ? List.of(256, 256) : List.copyOf(hiddenSizes);
    gamma = ConfigChecks.orDefault(gamma, 0.99);
    tau = ConfigChecks.orDefault(tau, 0.005);
    actorLearningRate = ConfigChecks.orDefault(actorLearningRate, 3e-4);
    criticLearningRate = ConfigChecks.orDefault(criticLearningRate, 3e-4);
    temperatureLearningRate = ConfigChecks.orDefault(temperatureLearningRate, 3e-4);
    initialTemperature = ConfigChecks.orDefault(initialTemperature, 0.1);
    priorFraction = ConfigChecks.orDefault(priorFraction, 0.5);
    actorPretrainSteps = ConfigChecks.orDefault(actorPretrainSteps, 2000);
    criticWarmupUpdates = ConfigChecks.orDefault(criticWarmupUpdates, 200);
    actorBcWeight = ConfigChecks.orDefault(actorBcWeight, 0.0);
    ConfigChecks.inRange(actorBcWeight, 0.0, 1000.0, "learner.actorBcWeight");
    actorBcData = ConfigChecks.orDefault(actorBcData, "prior");
    if (!BC_DATA.contains(actorBcData)) {
      throw new IllegalArgumentException(
          "learner.actorBcData: found '" + actorBcData + "', expected one of " + BC_DATA);
    }
    ConfigChecks.positive(updatesPerRound, "learner.updatesPerRound");
    ConfigChecks.nonNegative(actorPretrainSteps, "learner.actorPretrainSteps");
    ConfigChecks.nonNegative(criticWarmupUpdates, "learner.criticWarmupUpdates");
    try {
      sac(
          critics,
          targetSubset,
          layerNorm,
          hiddenSizes,
          gamma,
          tau,
          actorLearningRate,
          criticLearningRate,
          temperatureLearningRate,
          batchSize,
          utd,
          initialTemperature,
          targetEntropy,
          priorFraction,
          0);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("learner." + e.getMessage(), e);
    }
  }

  /** RLIF with every default (reward -1 at takeovers, 10 critics, 1000 updates per round). */
  public static RlifSettings defaults() {
    return new RlifSettings(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null);
  }

  /** The SAC settings, seeded. */
  public SacConfig toSacConfig(long seed) {
    return sac(
        critics,
        targetSubset,
        layerNorm,
        hiddenSizes,
        gamma,
        tau,
        actorLearningRate,
        criticLearningRate,
        temperatureLearningRate,
        batchSize,
        utd,
        initialTemperature,
        targetEntropy,
        priorFraction,
        seed);
  }

  private static SacConfig sac(
      int critics,
      int targetSubset,
      boolean layerNorm,
      List<Integer> hiddenSizes,
      double gamma,
      double tau,
      double actorLearningRate,
      double criticLearningRate,
      double temperatureLearningRate,
      int batchSize,
      int utd,
      double initialTemperature,
      Double targetEntropy,
      double priorFraction,
      long seed) {
    return new SacConfig(
        critics,
        targetSubset,
        layerNorm,
        hiddenSizes,
        gamma,
        tau,
        actorLearningRate,
        criticLearningRate,
        temperatureLearningRate,
        batchSize,
        utd,
        true,
        initialTemperature,
        targetEntropy == null ? Double.NaN : targetEntropy,
        priorFraction,
        seed);
  }
}
