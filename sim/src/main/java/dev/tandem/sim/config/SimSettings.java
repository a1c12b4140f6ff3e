package dev.tandem.sim.config;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.spec.ActionSpec.ActionMode;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Settings every simulated task shares.
 *
 * @param seed seed for the environment's first episodes
 * @param physicsRateHz Bullet steps per second (500 as in panda-gym)
 * @param substeps physics steps per control step: 20 gives panda-gym's 25 Hz, 25 gives 20 Hz
 * @param solverIterations Bullet constraint-solver iterations per physics step
 * @param rewardType sparse (-1/0) or dense (minus the distance)
 * @param actionMode end-effector deltas (panda-gym), joint positions or joint velocities
 * @param rotationControl in end-effector mode, whether the action also rotates the hand (3 more
 *     values: a rotation vector, scaled to at most {@code maxRotationStepRad}); otherwise the hand
 *     keeps pointing down
 * @param maxEeStepMeters end-effector translation of an action value of 1 (panda-gym: 0.05 m)
 * @param maxEpisodeSteps time limit in control steps
 * @param cameras cameras rendered into the observation (empty: state only)
 */
@RecordBuilder
public record SimSettings(
    long seed,
    double physicsRateHz,
    int substeps,
    int solverIterations,
    RewardType rewardType,
    ActionMode actionMode,
    boolean rotationControl,
    double maxEeStepMeters,
    int maxEpisodeSteps,
    List<CameraConfig> cameras)
    implements SimSettingsBuilder.With {

  /** Rotation of an action value of 1 when {@code rotationControl} is on (rad per step). */
  public static final double MAX_ROTATION_STEP_RAD = 0.2;

  public SimSettings {
    ConfigChecks.inRange(physicsRateHz, 100, 5000, "physicsRateHz");
    ConfigChecks.intInRange(substeps, 1, 1000, "substeps");
    ConfigChecks.intInRange(solverIterations, 1, 500, "solverIterations");
    rewardType = rewardType == null ? RewardType.SPARSE : rewardType;
    actionMode = actionMode == null ? ActionMode.EE_DELTA : actionMode;
    ConfigChecks.inRange(maxEeStepMeters, 0.001, 0.2, "maxEeStepMeters");
    ConfigChecks.intInRange(maxEpisodeSteps, 1, 100_000, "maxEpisodeSteps");
    cameras = cameras == null ? List.of() : List.copyOf(cameras);
    if (rotationControl && actionMode != ActionMode.EE_DELTA) {
      throw new IllegalArgumentException(
          "rotationControl: found true with actionMode "
              + actionMode
              + ", expected it only with EE_DELTA");
    }
    Set<String> names = new HashSet<>();
    for (CameraConfig c : cameras) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException(
            "cameras: found the name '" + c.name() + "' twice, expected unique names");
      }
    }
  }

  /** panda-gym's setup: 500 Hz physics, 20 substeps (25 Hz control), 50 steps, sparse reward. */
  public static SimSettings defaults() {
    return new SimSettings(
        0, 500, 20, 10, RewardType.SPARSE, ActionMode.EE_DELTA, false, 0.05, 50, List.of());
  }

  /** Control rate (Hz) = physics rate / substeps. */
  public double controlRateHz() {
    return physicsRateHz / substeps;
  }

  /** Another action mode; rotation control stays on only in end-effector mode. */
  public SimSettings withActionMode(ActionMode mode) {
    return with(
        b -> b.actionMode(mode).rotationControl(rotationControl && mode == ActionMode.EE_DELTA));
  }
}
