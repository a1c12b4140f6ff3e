package dev.tandem.core.spec;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a policy, a recorder or a dataset reader needs to know about an environment: its name
 * (e.g. {@code sim/PickAndPlace} or {@code ros2/panda}), the robot, the observation features, the
 * action spec, the control rate and the episode step limit, plus free-form parameters that make it
 * reproducible (task parameters, physics rate) and are stored with every dataset.
 */
@RecordBuilder
public record EnvironmentSpec(
    String name,
    RobotSpec robot,
    List<FeatureSpec> observationFeatures,
    ActionSpec action,
    double controlRateHz,
    int maxEpisodeSteps,
    Map<String, String> parameters)
    implements EnvironmentSpecBuilder.With {

  /**
   * The parameter naming how far (m) an end-effector delta action of 1 moves the end effector in
   * one step (panda-gym: 0.05); the safety filter's Cartesian speed limit needs it.
   */
  public static final String EE_STEP_METERS = "maxEeStepMeters";

  public EnvironmentSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(robot, "robot");
    Objects.requireNonNull(action, "action");
    observationFeatures = List.copyOf(observationFeatures);
    if (observationFeatures.stream().noneMatch(f -> f.key().equals(FeatureSpec.STATE))) {
      throw new IllegalArgumentException(
          "environment '" + name + "' has no '" + FeatureSpec.STATE + "' feature");
    }
    if (!(controlRateHz > 0)) {
      throw new IllegalArgumentException(
          "environment '" + name + "': control rate must be positive, found " + controlRateHz);
    }
    if (maxEpisodeSteps <= 0) {
      throw new IllegalArgumentException(
          "environment '"
              + name
              + "': max episode steps must be positive, found "
              + maxEpisodeSteps);
    }
    parameters = Map.copyOf(parameters);
  }

  /**
   * {@link #EE_STEP_METERS} of an end-effector delta environment, or 0 when the parameters do not
   * say (or say something that is not a positive number).
   */
  public double eeStepMeters() {
    try {
      double m = Double.parseDouble(parameters.getOrDefault(EE_STEP_METERS, "0"));
      return m > 0 && Double.isFinite(m) ? m : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  public FeatureSpec feature(String key) {
    return observationFeatures.stream()
        .filter(f -> f.key().equals(key))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "environment '" + name + "' has no feature '" + key + "'"));
  }

  /** Size of {@code observation.state}. */
  public int stateSize() {
    return feature(FeatureSpec.STATE).size();
  }

  /**
   * The parameter describing where {@code camera} is mounted and how it sees (fixed or on the hand,
   * pose, field of view), in words the environment chooses; a policy that reads the camera records
   * it and is refused where the same camera name is mounted otherwise.
   */
  public static String cameraMountParameter(String camera) {
    return "camera." + camera;
  }

  /** {@link #cameraMountParameter} of {@code camera}, or "" when this environment does not say. */
  public String cameraMount(String camera) {
    return parameters.getOrDefault(cameraMountParameter(camera), "");
  }

  public List<String> cameras() {
    return observationFeatures.stream()
        .filter(FeatureSpec::isImage)
        .map(f -> f.key().substring(FeatureSpec.IMAGES_PREFIX.length()))
        .toList();
  }
}
