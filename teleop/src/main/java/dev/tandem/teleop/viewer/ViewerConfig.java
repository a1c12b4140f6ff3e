package dev.tandem.teleop.viewer;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.scene.CameraSpec;
import java.util.List;

/**
 * The operator viewer's window ({@code configs/teleop/viewer.yaml}).
 *
 * @param title window title
 * @param width window width in screen pixels
 * @param height window height
 * @param frameRateHz how often the scene and overlays are drawn
 * @param inputPollRateHz how often joysticks are polled (keys arrive as events in between)
 * @param cameraEye where the viewer's camera is (world, m)
 * @param cameraTarget what it looks at
 * @param cameraFovYDegrees vertical field of view
 * @param arrowGain motion arrows are drawn this many steps long (a step's motion is small)
 * @param visible false for a hidden window (tests)
 */
public record ViewerConfig(
    String title,
    Integer width,
    Integer height,
    Double frameRateHz,
    Double inputPollRateHz,
    List<Double> cameraEye,
    List<Double> cameraTarget,
    Double cameraFovYDegrees,
    Double arrowGain,
    Boolean visible) {

  public ViewerConfig {
    title = ConfigChecks.orDefault(title, "Tandem operator");
    width = ConfigChecks.orDefault(width, 960);
    height = ConfigChecks.orDefault(height, 600);
    frameRateHz = ConfigChecks.orDefault(frameRateHz, 60.0);
    inputPollRateHz = ConfigChecks.orDefault(inputPollRateHz, 500.0);
    cameraEye = List.copyOf(ConfigChecks.orDefault(cameraEye, List.of(-0.55, -1.05, 0.95)));
    cameraTarget = List.copyOf(ConfigChecks.orDefault(cameraTarget, List.of(0.35, 0.0, 0.2)));
    cameraFovYDegrees = ConfigChecks.orDefault(cameraFovYDegrees, 50.0);
    arrowGain = ConfigChecks.orDefault(arrowGain, 4.0);
    visible = ConfigChecks.orDefault(visible, true);
    ConfigChecks.inRange(width, 160, 8192, "width");
    ConfigChecks.inRange(height, 120, 8192, "height");
    ConfigChecks.inRange(frameRateHz, 1.0, 240.0, "frameRateHz");
    ConfigChecks.inRange(inputPollRateHz, 10.0, 2000.0, "inputPollRateHz");
    point(cameraEye, "cameraEye");
    point(cameraTarget, "cameraTarget");
    if (cameraEye.equals(cameraTarget)) {
      throw new IllegalArgumentException(
          "cameraTarget: found the same point as cameraEye " + cameraEye + ", expected another");
    }
    ConfigChecks.inRange(cameraFovYDegrees, 10.0, 120.0, "cameraFovYDegrees");
    ConfigChecks.inRange(arrowGain, 0.1, 100.0, "arrowGain");
  }

  public static ViewerConfig defaults() {
    return new ViewerConfig(null, null, null, null, null, null, null, null, null, null);
  }

  /** A copy with another window size and visibility (tests). */
  public ViewerConfig withWindow(int w, int h, boolean show) {
    return new ViewerConfig(
        title,
        w,
        h,
        frameRateHz,
        inputPollRateHz,
        cameraEye,
        cameraTarget,
        cameraFovYDegrees,
        arrowGain,
        show);
  }

  /** The camera this config describes, for a window of its size. */
  public CameraSpec camera() {
    return new CameraSpec(
        "viewer",
        array(cameraEye),
        array(cameraTarget),
        new double[] {0, 0, 1},
        cameraFovYDegrees,
        width,
        height,
        0.02,
        50.0);
  }

  private static double[] array(List<Double> v) {
    return new double[] {v.get(0), v.get(1), v.get(2)};
  }

  private static void point(List<Double> v, String field) {
    if (v.size() != 3 || v.stream().anyMatch(d -> d == null || !Double.isFinite(d))) {
      throw new IllegalArgumentException(
          field + ": found " + v + ", expected three finite numbers [x, y, z] in m");
    }
  }
}
