package dev.tandem.render;

import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.scene.CameraSpec;
import dev.tandem.core.scene.Pose;
import dev.tandem.core.scene.SceneDescription;
import dev.tandem.core.scene.SceneObject;
import dev.tandem.core.scene.Shape;
import java.util.List;

/** Small scenes, cameras and pixel helpers shared by the renderer tests. */
final class Scenes {
  static final float[] RED = {1f, 0f, 0f, 1f};
  static final float[] GREEN = {0f, 1f, 0f, 1f};
  static final float[] BLUE = {0f, 0f, 1f, 1f};

  private Scenes() {}

  /** A camera at (1, 0, 0) looking at the origin along -x, z up: image right is world +y. */
  static CameraSpec frontCamera(String name, int width, int height) {
    return new CameraSpec(
        name,
        new double[] {1, 0, 0},
        new double[] {0, 0, 0},
        new double[] {0, 0, 1},
        60,
        width,
        height,
        0.05,
        10);
  }

  static CameraSpec camera(
      String name, double[] eye, double[] target, double[] up, int width, int height) {
    return new CameraSpec(name, eye, target, up, 60, width, height, 0.05, 10);
  }

  static SceneObject object(String name, Shape shape, Pose pose, float[] rgba) {
    return new SceneObject(name, shape, pose, rgba, false);
  }

  static SceneObject ghost(String name, Shape shape, Pose pose, float[] rgba) {
    return new SceneObject(name, shape, pose, rgba, true);
  }

  static SceneDescription scene(SceneObject... objects) {
    return new SceneDescription(List.of(objects));
  }

  /** A 20 cm red cube at the origin. */
  static SceneDescription redBox() {
    return scene(object("box", new Shape.Box(0.2, 0.2, 0.2), Pose.IDENTITY, RED));
  }

  /** The pixel at (row from the top, column from the left) as {r, g, b} in 0..255. */
  static int[] pixel(ImageFrame image, int row, int column) {
    int i = (row * image.width() + column) * 3;
    byte[] p = image.pixels();
    return new int[] {p[i] & 0xFF, p[i + 1] & 0xFF, p[i + 2] & 0xFF};
  }

  static boolean isRedDominant(int[] rgb) {
    return rgb[0] > 80 && rgb[1] < 30 && rgb[2] < 30;
  }

  /** The colour settings' background clears to, in 0..255 (to within 1: GL's rounding). */
  static int[] backgroundBytes(RenderSettings settings) {
    float[] bg = settings.backgroundRgb();
    return new int[] {Math.round(bg[0] * 255f), Math.round(bg[1] * 255f), Math.round(bg[2] * 255f)};
  }

  /** Mean column and row of the pixels for which {@code redDominant} holds, or null if none. */
  static double[] redCentroid(ImageFrame image) {
    double sumRow = 0;
    double sumColumn = 0;
    int count = 0;
    for (int r = 0; r < image.height(); r++) {
      for (int c = 0; c < image.width(); c++) {
        if (isRedDominant(pixel(image, r, c))) {
          sumRow += r;
          sumColumn += c;
          count++;
        }
      }
    }
    return count == 0 ? null : new double[] {sumRow / count, sumColumn / count, count};
  }
}
