package dev.tandem.web;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.tandem.core.scene.SceneDescription;
import java.util.List;
import java.util.Objects;

/**
 * What the page shows of one robot after a recorded step (or an episode's start or end): who drives
 * and the banner colour, progress, the policy's proposal and the applied action, the scene, the
 * policy's camera images and a timeline event when something changed.
 *
 * @param mode the banner mode (the viewer's {@code ControlMode} name)
 * @param modeRgb its colour, RGB in [0, 1] (the viewer's colour)
 * @param source who drove this step (POLICY, HUMAN, CORRECTED, ...), empty before the first step
 * @param proposed the policy's proposal (null: none yet)
 * @param applied the action applied (null: none yet)
 * @param inputSeq the browser input applied in this step ({@code -1}: none)
 * @param event what happened at this step for the timeline (empty: nothing new)
 * @param notice a line for the operator (why nothing can be driven, how an episode ended)
 * @param scene what to draw (null: unchanged); on the wire it travels once, as the frame's list of
 *     objects three.js builds ({@code Wire.WireObject}), not again inside the status
 * @param cameras the policy's camera images at this step (empty when it reads none, or not this
 *     step)
 */
public record RobotFrame(
    String mode,
    float[] modeRgb,
    int episode,
    int round,
    int step,
    int interventions,
    String source,
    String policyVersion,
    double[] proposed,
    double[] applied,
    long inputSeq,
    String event,
    String notice,
    @JsonIgnore SceneDescription scene,
    List<CameraImage> cameras) {

  public RobotFrame {
    Objects.requireNonNull(mode, "mode");
    if (modeRgb == null || modeRgb.length != 3) {
      throw new IllegalArgumentException("modeRgb: expected 3 values");
    }
    source = source == null ? "" : source;
    policyVersion = policyVersion == null ? "" : policyVersion;
    event = event == null ? "" : event;
    notice = notice == null ? "" : notice;
    cameras = cameras == null ? List.of() : List.copyOf(cameras);
  }

  /** One camera image as PNG bytes, base64 (what an {@code <img src="data:...">} shows). */
  public record CameraImage(String name, int width, int height, String pngBase64) {}
}
