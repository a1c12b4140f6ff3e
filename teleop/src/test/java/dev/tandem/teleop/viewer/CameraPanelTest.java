package dev.tandem.teleop.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.ImageFrame;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CameraPanelTest {

  /** A 4x2 RGB image: top row red, green, blue, white; bottom row black. */
  static ImageFrame fourByTwo() {
    byte[] p = new byte[4 * 2 * 3];
    int[][] top = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};
    for (int c = 0; c < 4; c++) {
      for (int k = 0; k < 3; k++) {
        p[c * 3 + k] = (byte) top[c][k];
      }
    }
    return new ImageFrame(2, 4, 3, p);
  }

  static List<OverlayRect> layout(Map<String, ImageFrame> cameras, int width, int height) {
    return OverlayLayout.layout(
        ViewerStatus.initial().withMode(ControlMode.AUTONOMOUS),
        new OverlayLayout.Hud("", false, List.of(), List.of(), "", cameras),
        width,
        height);
  }

  /** The colour of the topmost of {@code rects} covering (x, y), as 0xRRGGBB; -1 for none. */
  static int at(List<OverlayRect> rects, int x, int y) {
    int found = -1;
    for (OverlayRect r : rects) {
      if (x >= r.x() && x < r.x() + r.width() && y >= r.y() && y < r.y() + r.height()) {
        float[] c = r.rgba();
        found = Math.round(c[0] * 255) << 16 | Math.round(c[1] * 255) << 8 | Math.round(c[2] * 255);
      }
    }
    return found;
  }

  @Test
  void the_images_pixels_fill_a_panel_on_the_right_under_their_cameras_name() {
    for (int[] size : new int[][] {{640, 480}, {1280, 800}}) {
      int w = size[0];
      int h = size[1];
      List<OverlayRect> rects = layout(Map.of("front", fourByTwo()), w, h);
      int small = OverlayLayout.textScale(h);
      int panel = CameraPanel.width(w);
      assertThat(panel).isEqualTo(w / 4);
      int x0 = w - 2 * small - panel;
      int y0 = OverlayLayout.sceneTop(h) + OverlayLayout.lineHeight(h);
      int cell = panel / 4;
      int[] top = {0xff0000, 0x00ff00, 0x0000ff, 0xffffff};
      for (int c = 0; c < 4; c++) {
        assertThat(at(rects, x0 + c * cell + cell / 2, y0 + cell / 2))
            .as("top row, column %d at %dx%d", c, w, h)
            .isEqualTo(top[c]);
        assertThat(at(rects, x0 + c * cell + cell / 2, y0 + cell + cell / 2))
            .as("bottom row")
            .isEqualTo(0x000000);
      }
      // the image ends at the panel's edges, the name above it in white letters
      assertThat(at(rects, x0 + panel + small, y0 + cell / 2)).isNotEqualTo(0xffffff);
      long letters =
          rects.stream()
              .filter(r -> r.y() >= y0 - OverlayLayout.lineHeight(h) && r.y() < y0)
              .filter(r -> r.x() >= x0 && java.util.Arrays.equals(r.rgba(), OverlayLayout.WHITE))
              .count();
      assertThat(letters).as("\"FRONT 4X2\" above the image").isGreaterThan(12);
    }
  }

  @Test
  void equal_pixels_in_a_row_are_one_rectangle_and_grey_images_show_grey() {
    byte[] grey = new byte[64 * 64];
    java.util.Arrays.fill(grey, (byte) 128);
    List<OverlayRect> with = layout(Map.of("wrist", new ImageFrame(64, 64, 1, grey)), 640, 480);
    List<OverlayRect> without = layout(Map.of(), 640, 480);
    // one rectangle per row of the uniform image (64), its label's shade and letters
    assertThat(with.size() - without.size()).isBetween(64, 64 + 1 + 120);
    int x = 640 - 2 * OverlayLayout.textScale(480) - CameraPanel.width(640) / 2;
    int y = OverlayLayout.sceneTop(480) + OverlayLayout.lineHeight(480) + 40;
    assertThat(at(with, x, y)).isEqualTo(0x808080);
    assertThat(at(without, x, y)).isNotEqualTo(0x808080);
  }

  @Test
  void images_that_do_not_fit_in_the_height_are_left_out_and_cameras_go_in_name_order() {
    ImageFrame tall = new ImageFrame(200, 50, 3, new byte[200 * 50 * 3]); // 4x as tall as wide
    ImageFrame red = fourByTwo();
    List<OverlayRect> rects = layout(Map.of("b_tall", tall, "a_red", red), 640, 480);
    int small = OverlayLayout.textScale(480);
    int x0 = 640 - 2 * small - CameraPanel.width(640);
    int y0 = OverlayLayout.sceneTop(480) + OverlayLayout.lineHeight(480);
    assertThat(at(rects, x0 + 2, y0 + 2)).as("a_red first").isEqualTo(0xff0000);
    // the tall one (160 px wide, 640 tall) does not fit under it: nothing drawn below the first
    int below = y0 + CameraPanel.width(640) / 2 + OverlayLayout.lineHeight(480) + 3 * small;
    for (int y = below; y < OverlayLayout.sceneBottom(480); y += 4) {
      assertThat(at(rects, x0 + 40, y)).as("row %d", y).isEqualTo(-1);
    }
  }

  @Test
  void a_joint_near_its_limit_is_written_in_amber_under_the_top_lines() {
    ViewerStatus near =
        ViewerStatus.initial()
            .withMode(ControlMode.AUTONOMOUS)
            .withJointWarning("panda_joint4: 0.10 rad to its lower limit");
    for (ViewerStatus s : List.of(near, near.withJointWarning(""))) {
      List<OverlayRect> rects =
          OverlayLayout.layout(
              s, new OverlayLayout.Hud("", false, List.of(), List.of(), "", Map.of()), 640, 480);
      long amber =
          rects.stream()
              .filter(r -> java.util.Arrays.equals(r.rgba(), OverlayLayout.JOINT_WARNING))
              .filter(r -> r.y() < OverlayLayout.sceneTop(480))
              .count();
      if (s == near) {
        assertThat(amber).as("the warning's letters").isGreaterThan(50);
      } else {
        assertThat(amber).isZero();
      }
    }
  }
}
