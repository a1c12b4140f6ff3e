package dev.tandem.intervention.language;

import dev.tandem.core.config.ConfigChecks;

/**
 * How a {@link Correction} becomes an action bias for the arbiter.
 *
 * @param metersPerActionUnit how far one EE-delta action unit moves per step (0.05: 5 cm/step)
 * @param biasSpeedUnits the bias per step, in action units, a motion is spread over (the horizon is
 *     the distance over this speed; the last step's share is spread evenly)
 * @param minHorizonSteps fewest steps a correction lasts
 * @param maxHorizonSteps most steps a motion correction lasts
 * @param gripperHorizonSteps steps a gripper command is held (long enough to open or close)
 * @param holdHorizonSteps steps a stop, a speed change or a continue lasts
 */
public record BiasSettings(
    Double metersPerActionUnit,
    Double biasSpeedUnits,
    Integer minHorizonSteps,
    Integer maxHorizonSteps,
    Integer gripperHorizonSteps,
    Integer holdHorizonSteps) {

  public BiasSettings {
    metersPerActionUnit = ConfigChecks.orDefault(metersPerActionUnit, 0.05);
    biasSpeedUnits = ConfigChecks.orDefault(biasSpeedUnits, 0.3);
    minHorizonSteps = ConfigChecks.orDefault(minHorizonSteps, 2);
    maxHorizonSteps = ConfigChecks.orDefault(maxHorizonSteps, 20);
    gripperHorizonSteps = ConfigChecks.orDefault(gripperHorizonSteps, 10);
    holdHorizonSteps = ConfigChecks.orDefault(holdHorizonSteps, 20);
    ConfigChecks.inRange(metersPerActionUnit, 1e-4, 1.0, "metersPerActionUnit");
    ConfigChecks.inRange(biasSpeedUnits, 0.01, 1.0, "biasSpeedUnits");
    ConfigChecks.positive(minHorizonSteps, "minHorizonSteps");
    ConfigChecks.positive(maxHorizonSteps, "maxHorizonSteps");
    ConfigChecks.positive(gripperHorizonSteps, "gripperHorizonSteps");
    ConfigChecks.positive(holdHorizonSteps, "holdHorizonSteps");
    if (maxHorizonSteps < minHorizonSteps) {
      throw new IllegalArgumentException(
          "maxHorizonSteps: found "
              + maxHorizonSteps
              + ", expected at least minHorizonSteps ("
              + minHorizonSteps
              + ")");
    }
  }

  public static BiasSettings defaults() {
    return new BiasSettings(null, null, null, null, null, null);
  }
}
