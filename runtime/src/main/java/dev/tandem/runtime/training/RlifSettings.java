package dev.tandem.runtime.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.config.YamlEnums;
import dev.tandem.intervention.rlif.InterventionRewards;
import dev.tandem.policy.rl.SacConfig;
import java.util.List;
import java.util.Objects;

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
 *
 * <p>In YAML the SAC settings sit beside the others under the names RLPD uses ({@code critics},
 * {@code targetSubset}, {@code layerNorm}, {@code hiddenSizes}, {@code gamma}, {@code tau}, the
 * three learning rates, {@code batchSize}, {@code utd}, {@code initialTemperature}, {@code
 * targetEntropy}, {@code priorFraction}); every key is optional and {@link #SAC_DEFAULTS} fills the
 * rest. They are held as the {@link SacConfig} they make.
 */
public record RlifSettings(
    InterventionRewards rewards,
    int updatesPerRound,
    int actorPretrainSteps,
    int criticWarmupUpdates,
    double actorBcWeight,
    BcData actorBcData,
    SacConfig sac)
    implements LearnerSettings {

  /** Which prior actions {@code actorBcWeight} pulls the actor towards. */
  public enum BcData {
    /** Demonstrations and interventions. */
    PRIOR,
    /** Only the demonstrations the actor started from. */
    DEMOS;

    @JsonCreator
    public static BcData of(String yamlName) {
      return YamlEnums.parse(BcData.class, yamlName);
    }

    @JsonValue
    @Override
    public String toString() {
      return YamlEnums.name(this);
    }
  }

  /**
   * RLPD's SAC: 10 LayerNorm critics, min over 2, 2x256, gamma 0.99, tau 0.005, learning rates
   * 3e-4, batch 256, UTD 1, automatic temperature from 0.1, 50/50 prior/online.
   */
  public static final SacConfig SAC_DEFAULTS = SacConfig.defaults().withInitialTemperature(0.1);

  public RlifSettings {
    Objects.requireNonNull(rewards, "learner.rewards");
    Objects.requireNonNull(actorBcData, "learner.actorBcData");
    Objects.requireNonNull(sac, "learner: the SAC settings");
    ConfigChecks.positive(updatesPerRound, "learner.updatesPerRound");
    ConfigChecks.nonNegative(actorPretrainSteps, "learner.actorPretrainSteps");
    ConfigChecks.nonNegative(criticWarmupUpdates, "learner.criticWarmupUpdates");
    ConfigChecks.inRange(actorBcWeight, 0.0, 1000.0, "learner.actorBcWeight");
  }

  /** The settings a {@code learner: {type: rlif, ...}} entry gives (absent keys: defaults). */
  @JsonCreator
  static RlifSettings fromYaml(
      @JsonProperty("rewards") InterventionRewards rewards,
      @JsonProperty("updatesPerRound") Integer updatesPerRound,
      @JsonProperty("utd") Integer utd,
      @JsonProperty("batchSize") Integer batchSize,
      @JsonProperty("critics") Integer critics,
      @JsonProperty("targetSubset") Integer targetSubset,
      @JsonProperty("layerNorm") Boolean layerNorm,
      @JsonProperty("hiddenSizes") List<Integer> hiddenSizes,
      @JsonProperty("gamma") Double gamma,
      @JsonProperty("tau") Double tau,
      @JsonProperty("actorLearningRate") Double actorLearningRate,
      @JsonProperty("criticLearningRate") Double criticLearningRate,
      @JsonProperty("temperatureLearningRate") Double temperatureLearningRate,
      @JsonProperty("initialTemperature") Double initialTemperature,
      @JsonProperty("targetEntropy") Double targetEntropy,
      @JsonProperty("priorFraction") Double priorFraction,
      @JsonProperty("actorPretrainSteps") Integer actorPretrainSteps,
      @JsonProperty("criticWarmupUpdates") Integer criticWarmupUpdates,
      @JsonProperty("actorBcWeight") Double actorBcWeight,
      @JsonProperty("actorBcData") BcData actorBcData) {
    SacConfig sac;
    try {
      sac =
          SAC_DEFAULTS.with(
              b -> {
                set(critics, b::criticEnsembleSize);
                set(targetSubset, b::targetSubsetSize);
                set(layerNorm, b::criticLayerNorm);
                set(hiddenSizes, b::hiddenSizes);
                set(gamma, b::gamma);
                set(tau, b::tau);
                set(actorLearningRate, b::actorLearningRate);
                set(criticLearningRate, b::criticLearningRate);
                set(temperatureLearningRate, b::temperatureLearningRate);
                set(batchSize, b::batchSize);
                set(utd, b::utd);
                set(initialTemperature, b::initialTemperature);
                set(targetEntropy, b::targetEntropy);
                set(priorFraction, b::priorFraction);
              });
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(yamlNames(e.getMessage()), e);
    }
    return new RlifSettings(
        ConfigChecks.orDefault(rewards, InterventionRewards.defaults()),
        ConfigChecks.orDefault(updatesPerRound, 1000),
        ConfigChecks.orDefault(actorPretrainSteps, 2000),
        ConfigChecks.orDefault(criticWarmupUpdates, 200),
        ConfigChecks.orDefault(actorBcWeight, 0.0),
        ConfigChecks.orDefault(actorBcData, BcData.PRIOR),
        sac);
  }

  /** A SacConfig message ("criticEnsembleSize: ...") under the YAML key it came from. */
  private static String yamlNames(String message) {
    String m = String.valueOf(message);
    for (String[] r :
        new String[][] {
          {"criticEnsembleSize", "critics"},
          {"targetSubsetSize", "targetSubset"},
          {"criticLayerNorm", "layerNorm"}
        }) {
      m = m.replace(r[0], r[1]);
    }
    return m;
  }

  private static <T> void set(T value, java.util.function.Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }

  /** RLIF with every default (reward -1 at takeovers, 10 critics, 1000 updates per round). */
  public static RlifSettings defaults() {
    return fromYaml(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null);
  }

  /** The SAC settings, seeded. */
  public SacConfig toSacConfig(long seed) {
    return sac.withSeed(seed);
  }

  /** The actor's hidden layer sizes (the critics' too). */
  public List<Integer> hiddenSizes() {
    return sac.hiddenSizes();
  }

  /** The share of each batch drawn from prior data. */
  public double priorFraction() {
    return sac.priorFraction();
  }
}
