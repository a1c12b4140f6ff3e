package dev.tandem.interop;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.core.spec.JointSpec;
import dev.tandem.core.spec.RobotSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a dataset Tandem did not write maps onto a robot ({@code tandem dataset import --mapping
 * robot.yaml}): the environment and robot it records, which source features make {@code
 * observation.state} (concatenated in order), which is the action, which are cameras, and the
 * action's mode and bounds.
 *
 * <pre>
 * environment: lerobot/so100_pick     # name of the environment the store records
 * robot: so100
 * joints: [shoulder_pan, shoulder_lift, elbow_flex, wrist_flex, wrist_roll, gripper]
 * endEffectorLink: gripper            # default "ee"
 * actionMode: JOINT_POSITION          # JOINT_POSITION | JOINT_VELOCITY | EE_DELTA
 * state: [observation.state]          # robomimic: [obs/robot0_eef_pos, obs/robot0_gripper_qpos]
 * action: action                      # robomimic: actions
 * cameras: {front: observation.images.top}   # Tandem camera name: source feature
 * controlRateHz: 30                   # default: LeRobot's fps; required for robomimic
 * maxEpisodeSteps: 500                # default: the longest episode
 * actionLow: [-1, ...]                # default: the dataset's minimum per dimension
 * actionHigh: [1, ...]                # default: its maximum
 * </pre>
 */
public record ImportMapping(
    String environment,
    String robot,
    List<String> joints,
    String endEffectorLink,
    ActionSpec.ActionMode actionMode,
    List<String> state,
    String action,
    Map<String, String> cameras,
    Double controlRateHz,
    Integer maxEpisodeSteps,
    List<Double> actionLow,
    List<Double> actionHigh) {

  public ImportMapping {
    ConfigChecks.required(environment, "environment");
    ConfigChecks.required(robot, "robot");
    ConfigChecks.required(joints, "joints");
    if (joints.isEmpty()) {
      throw new IllegalArgumentException("field 'joints': list at least one joint name");
    }
    joints = List.copyOf(joints);
    endEffectorLink = ConfigChecks.orDefault(endEffectorLink, "ee");
    ConfigChecks.required(actionMode, "actionMode");
    state = List.copyOf(ConfigChecks.orDefault(state, List.of(FeatureSpec.STATE)));
    if (state.isEmpty()) {
      throw new IllegalArgumentException("field 'state': name at least one source feature");
    }
    action = ConfigChecks.orDefault(action, FeatureSpec.ACTION);
    cameras = Map.copyOf(new LinkedHashMap<>(ConfigChecks.orDefault(cameras, Map.of())));
    if (controlRateHz != null) {
      ConfigChecks.positive(controlRateHz, "controlRateHz");
    }
    if (maxEpisodeSteps != null) {
      ConfigChecks.positive(maxEpisodeSteps, "maxEpisodeSteps");
    }
    actionLow = actionLow == null ? null : List.copyOf(actionLow);
    actionHigh = actionHigh == null ? null : List.copyOf(actionHigh);
    if ((actionLow == null) != (actionHigh == null)) {
      throw new IllegalArgumentException(
          "fields 'actionLow' and 'actionHigh': give both or neither");
    }
    if (actionLow != null && actionLow.size() != actionHigh.size()) {
      throw new IllegalArgumentException(
          "fields 'actionLow' and 'actionHigh' have "
              + actionLow.size()
              + " and "
              + actionHigh.size()
              + " values");
    }
  }

  /** Camera names in a stable order. */
  public List<String> cameraNames() {
    return cameras.keySet().stream().sorted().toList();
  }

  /**
   * The environment the imported store records.
   *
   * @param imageShapes camera name to [height, width, 3]
   * @param low the action's lower bounds when the mapping gives none (the data's minimum)
   */
  public EnvironmentSpec environmentSpec(
      int stateSize,
      int actionSize,
      Map<String, List<Integer>> imageShapes,
      double fallbackRateHz,
      int longestEpisode,
      double[] low,
      double[] high,
      String source) {
    List<JointSpec> js = new ArrayList<>();
    for (String j : joints) {
      js.add(
          new JointSpec(
              j,
              JointSpec.JointType.REVOLUTE,
              Double.NEGATIVE_INFINITY,
              Double.POSITIVE_INFINITY,
              Double.POSITIVE_INFINITY,
              Double.POSITIVE_INFINITY));
    }
    double inf = Double.POSITIVE_INFINITY;
    RobotSpec r =
        new RobotSpec(
            robot,
            js,
            endEffectorLink,
            Optional.empty(),
            new RobotSpec.CartesianLimits(
                inf, new double[] {-inf, -inf, -inf}, new double[] {inf, inf, inf}));
    List<FeatureSpec> features = new ArrayList<>();
    features.add(FeatureSpec.vector(FeatureSpec.STATE, stateSize, "", List.of()));
    for (String cam : cameraNames()) {
      List<Integer> s = imageShapes.get(cam);
      features.add(FeatureSpec.image(cam, s.get(0), s.get(1)));
    }
    double[] lo = low;
    double[] hi = high;
    if (actionLow != null) {
      if (actionLow.size() != actionSize) {
        throw new IllegalArgumentException(
            "field 'actionLow' has " + actionLow.size() + " values, the action has " + actionSize);
      }
      lo = actionLow.stream().mapToDouble(Double::doubleValue).toArray();
      hi = actionHigh.stream().mapToDouble(Double::doubleValue).toArray();
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < actionSize; i++) {
      names.add(actionSize == joints.size() ? joints.get(i) : "a" + i);
    }
    return new EnvironmentSpec(
        environment,
        r,
        features,
        new ActionSpec(actionMode, names, lo, hi),
        controlRateHz != null ? controlRateHz : fallbackRateHz,
        maxEpisodeSteps != null ? maxEpisodeSteps : Math.max(1, longestEpisode),
        Map.of("importedFrom", source));
  }
}
