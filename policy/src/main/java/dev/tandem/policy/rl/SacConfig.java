package dev.tandem.policy.rl;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.List;

/**
 * Soft actor-critic settings, RLPD-style by default: an ensemble of {@code criticEnsembleSize} Q
 * networks with LayerNorm, the bootstrap target taking the minimum over a random subset of {@code
 * targetSubsetSize} target critics, Polyak-averaged targets ({@code tau}), automatic entropy
 * temperature (target entropy {@code -actionDim} unless {@code targetEntropy} is set), and batches
 * mixing prior (demonstrations, interventions) and online data ({@code priorFraction}, 0.5 in
 * RLPD). {@code utd} is the number of critic updates per environment step (RLPD uses high values).
 *
 * @param targetEntropy NaN for the default -actionDim
 */
@RecordBuilder
public record SacConfig(
    int criticEnsembleSize,
    int targetSubsetSize,
    boolean criticLayerNorm,
    List<Integer> hiddenSizes,
    double gamma,
    double tau,
    double actorLearningRate,
    double criticLearningRate,
    double temperatureLearningRate,
    int batchSize,
    int utd,
    boolean autoTemperature,
    double initialTemperature,
    double targetEntropy,
    double priorFraction,
    long seed)
    implements SacConfigBuilder.With {

  public SacConfig {
    if (criticEnsembleSize < 1 || criticEnsembleSize > 128) {
      throw new IllegalArgumentException(
          "criticEnsembleSize: expected 1..128, found " + criticEnsembleSize);
    }
    if (targetSubsetSize < 1 || targetSubsetSize > criticEnsembleSize) {
      throw new IllegalArgumentException(
          "targetSubsetSize: expected 1..criticEnsembleSize ("
              + criticEnsembleSize
              + "), found "
              + targetSubsetSize);
    }
    hiddenSizes = hiddenSizes == null ? List.of() : List.copyOf(hiddenSizes);
    if (hiddenSizes.isEmpty()) {
      throw new IllegalArgumentException("hiddenSizes: expected at least one layer size");
    }
    for (Integer h : hiddenSizes) {
      if (h == null || h < 1 || h > 65536) {
        throw new IllegalArgumentException(
            "hiddenSizes: expected sizes in 1..65536, found " + hiddenSizes);
      }
    }
    if (!(gamma >= 0) || gamma >= 1) {
      throw new IllegalArgumentException("gamma: expected [0, 1), found " + gamma);
    }
    if (!(tau > 0) || tau > 1) {
      throw new IllegalArgumentException("tau: expected (0, 1], found " + tau);
    }
    requireRate("actorLearningRate", actorLearningRate);
    requireRate("criticLearningRate", criticLearningRate);
    requireRate("temperatureLearningRate", temperatureLearningRate);
    if (batchSize < 2 || batchSize > 1 << 20) {
      throw new IllegalArgumentException("batchSize: expected 2..1048576, found " + batchSize);
    }
    if (utd < 1 || utd > 1000) {
      throw new IllegalArgumentException("utd: expected 1..1000, found " + utd);
    }
    if (!(initialTemperature > 0) || !Double.isFinite(initialTemperature)) {
      throw new IllegalArgumentException(
          "initialTemperature: expected a finite value > 0, found " + initialTemperature);
    }
    if (Double.isInfinite(targetEntropy)) {
      throw new IllegalArgumentException(
          "targetEntropy: expected a finite value or NaN (= -actionDim), found " + targetEntropy);
    }
    if (!(priorFraction >= 0) || priorFraction > 1) {
      throw new IllegalArgumentException("priorFraction: expected [0, 1], found " + priorFraction);
    }
  }

  private static void requireRate(String name, double value) {
    if (!(value > 0) || value > 1) {
      throw new IllegalArgumentException(name + ": expected (0, 1], found " + value);
    }
  }

  /**
   * 10 LayerNorm critics, min over 2, 2x256, gamma 0.99, tau 0.005, learning rates 3e-4, batch 256,
   * UTD 1, automatic temperature from 1.0, 50/50 prior/online, seed 0.
   */
  public static SacConfig defaults() {
    return new SacConfig(
        10,
        2,
        true,
        List.of(256, 256),
        0.99,
        0.005,
        3e-4,
        3e-4,
        3e-4,
        256,
        1,
        true,
        1.0,
        Double.NaN,
        0.5,
        0);
  }

  /** The target entropy for {@code actionDim} action elements. */
  public double targetEntropyFor(int actionDim) {
    return Double.isNaN(targetEntropy) ? -actionDim : targetEntropy;
  }

  public SacConfig withCritics(int ensemble, int subset, boolean layerNorm) {
    return with(
        b -> b.criticEnsembleSize(ensemble).targetSubsetSize(subset).criticLayerNorm(layerNorm));
  }

  public SacConfig withLearningRates(double actor, double critic, double temperature) {
    return with(
        b ->
            b.actorLearningRate(actor)
                .criticLearningRate(critic)
                .temperatureLearningRate(temperature));
  }

  public SacConfig withTemperature(boolean auto, double initial, double target) {
    return with(b -> b.autoTemperature(auto).initialTemperature(initial).targetEntropy(target));
  }
}
