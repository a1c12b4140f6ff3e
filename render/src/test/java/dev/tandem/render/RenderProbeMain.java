package dev.tandem.render;

import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.scene.CameraSpec;

/**
 * Run in a child JVM by the tests that need a different process environment (no DISPLAY, an Xvfb
 * display, no EGL vendor). Prints {@code key value...} lines; exceptions print as {@code error
 * <message>}.
 */
public final class RenderProbeMain {
  private RenderProbeMain() {}

  public static void main(String[] args) {
    try {
      switch (args[0]) {
        case "offscreen" -> offscreen();
        case "window" -> window();
        default -> throw new IllegalArgumentException("unknown probe " + args[0]);
      }
    } catch (RuntimeException e) {
      System.out.println("error " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    System.out.flush();
  }

  private static void offscreen() {
    try (OffscreenRenderer renderer = OffscreenRenderer.create()) {
      ImageFrame image = renderer.render(Scenes.redBox(), Scenes.frontCamera("probe", 32, 32));
      print("centre", Scenes.pixel(image, 16, 16));
    }
  }

  private static void window() {
    RenderSettings settings = RenderSettings.defaults().withoutGround();
    try (WindowRenderer window = WindowRenderer.create("tandem probe", 160, 120, settings, true)) {
      CameraSpec camera = Scenes.frontCamera("viewer", 160, 120);
      // The box sits left of and above the camera axis (world -y is image left here).
      window.render(
          Scenes.scene(
              Scenes.object(
                  "box",
                  new dev.tandem.core.scene.Shape.Box(0.2, 0.2, 0.2),
                  dev.tandem.core.scene.Pose.at(0, -0.25, 0.15),
                  Scenes.RED)),
          camera);
      ImageFrame image = window.readPixels();
      window.swapBuffers();
      window.pollEvents();
      System.out.println("size " + image.width() + " " + image.height());
      double[] centroid = Scenes.redCentroid(image);
      System.out.println(
          "red_centroid "
              + (centroid == null ? "none" : centroid[0] + " " + centroid[1] + " " + centroid[2]));
      print("corner", Scenes.pixel(image, 2, image.width() - 3));
      print("background", Scenes.backgroundBytes(settings));

      // Sim cameras and the viewer in one process, on one thread: contexts switch per call.
      try (OffscreenRenderer camera2 = OffscreenRenderer.create(settings)) {
        ImageFrame offscreen = camera2.render(Scenes.redBox(), Scenes.frontCamera("cam", 32, 32));
        window.render(Scenes.redBox(), camera);
        ImageFrame again = window.readPixels();
        ImageFrame offscreenAgain =
            camera2.render(Scenes.redBox(), Scenes.frontCamera("cam", 32, 32));
        print("mixed_offscreen_centre", Scenes.pixel(offscreen, 16, 16));
        print("mixed_window_centre", Scenes.pixel(again, 60, 80));
        System.out.println("mixed_offscreen_repeat_equal " + offscreen.equals(offscreenAgain));
      }
    }
  }

  private static void print(String key, int[] rgb) {
    System.out.println(key + " " + rgb[0] + " " + rgb[1] + " " + rgb[2]);
  }
}
