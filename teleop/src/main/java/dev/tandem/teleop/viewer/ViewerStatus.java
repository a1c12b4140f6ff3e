package dev.tandem.teleop.viewer;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.List;
import java.util.Objects;

/**
 * What the viewer shows besides the scene. Set by whoever knows it (the runtime, from the arbiter
 * and the episode loop); a value, replaced as a whole.
 *
 * @param mode who drives, or why nothing does
 * @param episode episode number within the session
 * @param round correction round (data collection / retraining cycle)
 * @param interventions interventions so far in this episode
 * @param policyVersion e.g. {@code v12@1a2b3c4d}
 * @param eePosition end-effector position (world, m), or null when unknown (no arrows)
 * @param proposedDelta the policy's proposed translation (dx, dy, dz in action units), or null
 * @param appliedDelta the translation actually applied, or null
 * @param metersPerActionUnit how far one action unit moves per step (0.05 for EE_DELTA)
 * @param correctionText the last correction as typed, empty if none
 * @param correctionInterpretation how it was understood (or why not)
 * @param correctionReply whether it was understood and applied
 * @param notice a message the operator must see (device lost, ...), empty if none
 * @param lastEpisode how the last episode ended (e.g. "episode 3 ended: object fell off the table
 *     after 57 steps"), empty before the first one ends
 * @param noticeIsAlarm whether the notice is an alarm (a lost device, an emergency stop: drawn on
 *     red) rather than a routine message (drawn on grey)
 * @param gripperWidthMeters the gripper's opening (m), NaN when unknown
 * @param controlRateHz control steps per second (to show motion in m/s), NaN when unknown
 * @param speedFactor the speed a correction asked for (1: unchanged)
 * @param correctionStepsLeft steps the last correction still acts (0: none acts)
 * @param timeline the episode's steps, markers and the last episodes' outcomes
 * @param trainingFraction how far a training has come, 0..1, NaN when none runs or unknown
 * @param jointWarning which joint is near its limit and how near (drawn in amber), empty if none
 * @param jointWarningParts the names of the scene's objects moved by that joint (its links), drawn
 *     amber in the scene; empty when none is near a limit or its links are unknown
 */
@RecordBuilder
public record ViewerStatus(
    ControlMode mode,
    int episode,
    int round,
    int interventions,
    String policyVersion,
    double[] eePosition,
    double[] proposedDelta,
    double[] appliedDelta,
    double metersPerActionUnit,
    String correctionText,
    String correctionInterpretation,
    CorrectionReply correctionReply,
    String notice,
    String lastEpisode,
    boolean noticeIsAlarm,
    double gripperWidthMeters,
    double controlRateHz,
    double speedFactor,
    int correctionStepsLeft,
    Timeline timeline,
    double trainingFraction,
    String jointWarning,
    List<String> jointWarningParts)
    implements ViewerStatusBuilder.With {

  /** What became of a typed correction. */
  public enum CorrectionReply {
    /** Understood and applied. */
    UNDERSTOOD,
    /** Not understood: the interpretation says why and gives examples. */
    NOT_UNDERSTOOD,
    /** Not applied now (no episode runs): the interpretation says why. */
    NOT_APPLIED
  }

  public ViewerStatus {
    Objects.requireNonNull(mode, "mode");
    policyVersion = policyVersion == null ? "" : policyVersion;
    eePosition = vector(eePosition, "eePosition");
    proposedDelta = vector(proposedDelta, "proposedDelta");
    appliedDelta = vector(appliedDelta, "appliedDelta");
    if (!(metersPerActionUnit > 0)) {
      throw new IllegalArgumentException(
          "metersPerActionUnit must be positive, found " + metersPerActionUnit);
    }
    correctionText = correctionText == null ? "" : correctionText;
    correctionInterpretation = correctionInterpretation == null ? "" : correctionInterpretation;
    correctionReply = correctionReply == null ? CorrectionReply.NOT_UNDERSTOOD : correctionReply;
    notice = notice == null ? "" : notice;
    lastEpisode = lastEpisode == null ? "" : lastEpisode;
    if (!(speedFactor > 0)) {
      throw new IllegalArgumentException("speedFactor must be positive, found " + speedFactor);
    }
    correctionStepsLeft = Math.max(0, correctionStepsLeft);
    timeline = timeline == null ? Timeline.empty() : timeline;
    jointWarning = jointWarning == null ? "" : jointWarning;
    jointWarningParts = jointWarningParts == null ? List.of() : List.copyOf(jointWarningParts);
  }

  /** Idle, episode 0, nothing else known. */
  public static ViewerStatus initial() {
    return new ViewerStatus(
        ControlMode.IDLE,
        0,
        0,
        0,
        "",
        null,
        null,
        null,
        0.05,
        "",
        "",
        null,
        "",
        "",
        false,
        Double.NaN,
        Double.NaN,
        1.0,
        0,
        Timeline.empty(),
        Double.NaN,
        "",
        List.of());
  }

  public ViewerStatus withProgress(int ep, int rnd, int interventionCount, String version) {
    return with(
        b -> b.episode(ep).round(rnd).interventions(interventionCount).policyVersion(version));
  }

  /** The end effector and the policy's proposed and the applied motion (any may be null). */
  public ViewerStatus withMotion(double[] ee, double[] proposed, double[] applied) {
    return with(b -> b.eePosition(ee).proposedDelta(proposed).appliedDelta(applied));
  }

  public ViewerStatus withCorrection(String text, String interpretation, CorrectionReply reply) {
    return with(
        b ->
            b.correctionText(text).correctionInterpretation(interpretation).correctionReply(reply));
  }

  /** A routine message (grey), or none when empty. */
  @Override
  public ViewerStatus withNotice(String text) {
    return with(b -> b.notice(text).noticeIsAlarm(false));
  }

  /** An alarm the operator must act on (red): a lost device, an emergency stop. */
  public ViewerStatus withAlarm(String text) {
    return with(b -> b.notice(text).noticeIsAlarm(true));
  }

  /**
   * The joint near its limit ({@code text}, empty if none) and the scene objects it moves ({@code
   * parts}: its links, drawn amber).
   */
  public ViewerStatus withJointWarning(String text, List<String> parts) {
    return with(b -> b.jointWarning(text).jointWarningParts(parts));
  }

  /** A correction acting for {@code steps} more steps at {@code factor} times the speed. */
  public ViewerStatus withCorrectionHorizon(int steps, double factor) {
    return with(b -> b.correctionStepsLeft(steps).speedFactor(factor));
  }

  @Override
  public double[] eePosition() {
    return eePosition == null ? null : eePosition.clone();
  }

  @Override
  public double[] proposedDelta() {
    return proposedDelta == null ? null : proposedDelta.clone();
  }

  @Override
  public double[] appliedDelta() {
    return appliedDelta == null ? null : appliedDelta.clone();
  }

  private static double[] vector(double[] v, String field) {
    if (v == null) {
      return null;
    }
    if (v.length != 3) {
      throw new IllegalArgumentException(field + " needs 3 values, found " + v.length);
    }
    return v.clone();
  }
}
