package dev.tandem.intervention.language;

import dev.tandem.core.data.Action;
import dev.tandem.core.spec.ActionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A language correction, understood: a motion (unit {@code direction} in {@code frame} and {@code
 * distanceMeters}), a gripper command, a speed factor and stop/continue, any of which may be absent
 * (zero direction and distance, {@link GripperCommand#NONE}, 1.0, {@link Flow#NONE}).
 *
 * @param text what the operator said or typed
 * @param frame the frame of {@code direction}
 * @param direction unit vector in {@code frame} (see {@link Frame} for the axes), zeros for none
 * @param directionWords the directions as understood, e.g. [left, down], for the interpretation
 * @param distanceMeters how far to move in total (0 without motion)
 * @param gripper open / close / nothing
 * @param speedFactor multiplies the policy's speed (1 = unchanged)
 * @param flow stop / continue / nothing
 */
public record Correction(
    String text,
    Frame frame,
    double[] direction,
    List<String> directionWords,
    double distanceMeters,
    GripperCommand gripper,
    double speedFactor,
    Flow flow) {

  public Correction {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(frame, "frame");
    Objects.requireNonNull(gripper, "gripper");
    Objects.requireNonNull(flow, "flow");
    if (direction.length != 3) {
      throw new IllegalArgumentException("direction needs 3 values, found " + direction.length);
    }
    direction = direction.clone();
    directionWords = List.copyOf(directionWords);
    if (!(distanceMeters >= 0) || !(speedFactor > 0)) {
      throw new IllegalArgumentException(
          "distance must be >= 0 and speed factor > 0, found "
              + distanceMeters
              + " m and "
              + speedFactor);
    }
  }

  @Override
  public double[] direction() {
    return direction.clone();
  }

  public boolean hasMotion() {
    return distanceMeters > 0 && CameraFrames.norm(direction) > 0;
  }

  /** How the correction was understood, for the operator and the timeline. */
  public String interpretation() {
    List<String> parts = new ArrayList<>();
    if (flow == Flow.STOP) {
      parts.add("stop and hold position");
    }
    if (hasMotion()) {
      parts.add(
          "move "
              + String.join(" and ", directionWords)
              + " "
              + formatDistance(distanceMeters)
              + " ("
              + frame.label()
              + ")");
    }
    if (gripper == GripperCommand.OPEN) {
      parts.add("open the gripper");
    } else if (gripper == GripperCommand.CLOSE) {
      parts.add("close the gripper");
    }
    if (speedFactor < 1) {
      parts.add(String.format(Locale.ROOT, "slow down to %.0f %%", speedFactor * 100));
    } else if (speedFactor > 1) {
      parts.add(String.format(Locale.ROOT, "speed up to %.0f %%", speedFactor * 100));
    }
    if (flow == Flow.CONTINUE) {
      parts.add("continue");
    }
    return String.join("; ", parts);
  }

  /** {@link #toBias(ActionSpec, double[][], double[][], BiasSettings)} with a top-down gripper. */
  public CorrectionBias toBias(ActionSpec spec, double[][] cameraToBase) {
    return toBias(spec, cameraToBase, CameraFrames.topDownTool(), BiasSettings.defaults());
  }

  public CorrectionBias toBias(ActionSpec spec, double[][] cameraToBase, double[][] eeToBase) {
    return toBias(spec, cameraToBase, eeToBase, BiasSettings.defaults());
  }

  /**
   * The end-effector delta bias this correction adds to the policy's action, and for how many
   * steps. The motion is spread evenly over the horizon so that the bias adds up to {@code
   * distanceMeters} (unless that would exceed the action bounds per step); the gripper bias is the
   * full gripper range (open: +range, close: -range).
   *
   * @param spec the environment's EE_DELTA action spec
   * @param cameraToBase the camera's orientation in the robot base frame (columns: image right,
   *     image up, toward the viewer; {@link CameraFrames#cameraToWorld})
   * @param eeToBase the end effector's orientation in the base frame (columns: tool x, y, z)
   * @throws IllegalArgumentException for a spec that is not an end-effector delta
   */
  public CorrectionBias toBias(
      ActionSpec spec, double[][] cameraToBase, double[][] eeToBase, BiasSettings settings) {
    ActionLayout layout = ActionLayout.of(spec);
    float[] bias = new float[spec.dim()];
    int horizon = settings.minHorizonSteps();
    double[] baseDirection = new double[3];
    double distance = 0;
    if (hasMotion()) {
      baseDirection = CameraFrames.normalize(toBase(cameraToBase, eeToBase));
      double perStepMeters = settings.biasSpeedUnits() * settings.metersPerActionUnit();
      horizon =
          (int)
              Math.max(
                  settings.minHorizonSteps(),
                  Math.min(
                      settings.maxHorizonSteps(),
                      Math.ceil(distanceMeters / perStepMeters - 1e-9)));
      double units = distanceMeters / (horizon * settings.metersPerActionUnit());
      for (int a = 0; a < 3; a++) {
        int i = layout.translation()[a];
        double limit = Math.min(spec.high()[i], -spec.low()[i]);
        double v = Math.max(-limit, Math.min(limit, baseDirection[a] * units));
        bias[i] = (float) v;
      }
      double applied = 0;
      for (int a = 0; a < 3; a++) {
        applied += bias[layout.translation()[a]] * baseDirection[a];
      }
      distance = applied * horizon * settings.metersPerActionUnit();
    }
    if (gripper != GripperCommand.NONE && layout.gripper() >= 0) {
      int g = layout.gripper();
      double range = spec.high()[g] - spec.low()[g];
      bias[g] = (float) (gripper == GripperCommand.OPEN ? range : -range);
      horizon = Math.max(horizon, settings.gripperHorizonSteps());
    }
    if (flow != Flow.NONE || speedFactor != 1.0) {
      if (!hasMotion() && gripper == GripperCommand.NONE) {
        horizon = settings.holdHorizonSteps();
      }
    }
    return new CorrectionBias(
        new Action(bias), horizon, speedFactor, flow, baseDirection, distance);
  }

  private double[] toBase(double[][] cameraToBase, double[][] eeToBase) {
    if (frame == Frame.END_EFFECTOR) {
      return CameraFrames.times(eeToBase, direction);
    }
    return CameraFrames.times(CameraFrames.levelled(cameraToBase), direction);
  }

  static String formatDistance(double meters) {
    double cm = meters * 100;
    if (cm < 1) {
      return String.format(Locale.ROOT, "%.0f mm", meters * 1000);
    }
    return Math.abs(cm - Math.rint(cm)) < 1e-9
        ? String.format(Locale.ROOT, "%.0f cm", cm)
        : String.format(Locale.ROOT, "%.1f cm", cm);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Correction c
        && text.equals(c.text)
        && frame == c.frame
        && java.util.Arrays.equals(direction, c.direction)
        && directionWords.equals(c.directionWords)
        && distanceMeters == c.distanceMeters
        && gripper == c.gripper
        && speedFactor == c.speedFactor
        && flow == c.flow;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        text,
        frame,
        java.util.Arrays.hashCode(direction),
        directionWords,
        distanceMeters,
        gripper,
        speedFactor,
        flow);
  }

  @Override
  public String toString() {
    return "Correction['" + text + "' -> " + interpretation() + "]";
  }
}
