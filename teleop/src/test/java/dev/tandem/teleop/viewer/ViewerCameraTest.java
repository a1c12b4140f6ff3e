package dev.tandem.teleop.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Offset.offset;

import dev.tandem.core.scene.CameraSpec;
import dev.tandem.core.scene.Pose;
import dev.tandem.core.scene.SceneObject;
import dev.tandem.core.scene.Shape;
import dev.tandem.teleop.device.GamepadConfig;
import dev.tandem.teleop.device.KeyboardConfig;
import dev.tandem.teleop.device.SpaceMouseConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The viewer's camera (orbit, pan, zoom, presets framing the workspace between the overlay's text),
 * its depth cues, the timeline, the help text in words and the overlay's new parts, without a
 * window.
 */
class ViewerCameraTest {
  static final double FOV = 50;

  /** The sim's workspace box and table (world, m), and the base at x = -0.6. */
  static final ViewPreset.Box WORKCELL =
      new ViewPreset.Box(new double[] {-0.85, -0.45, -0.4}, new double[] {0.35, 0.45, 1.0});

  @Test
  void orbiting_turns_about_the_target_at_the_same_distance_and_zooming_moves_closer() {
    OrbitView v =
        OrbitView.lookingAt(
            new double[] {-0.55, -1.05, 0.95}, new double[] {0.35, 0, 0.2}, ViewPreset.HOME);
    assertThat(v.yawDegrees()).isCloseTo(-130.6, offset(0.1));
    assertThat(v.pitchDegrees()).isCloseTo(28.5, offset(0.1));
    double[] eye = v.eye(v.target());
    assertThat(eye).containsExactly(new double[] {-0.55, -1.05, 0.95}, offset(1e-9));

    OrbitView turned = v.orbit(100, 0);
    assertThat(turned.yawDegrees()).isCloseTo(v.yawDegrees() - 30, offset(1e-9));
    assertThat(turned.target()).containsExactly(v.target(), offset(1e-12));
    assertThat(dist(turned.eye(turned.target()), v.target()))
        .isCloseTo(v.distanceMeters(), offset(1e-9));
    assertThat(turned.preset()).isEqualTo(ViewPreset.CUSTOM);
    assertThat(v.orbit(0, 10_000).pitchDegrees()).isEqualTo(OrbitView.MAX_PITCH_DEGREES);

    OrbitView closer = v.zoom(3);
    assertThat(closer.distanceMeters())
        .isCloseTo(v.distanceMeters() * Math.pow(0.9, 3), offset(1e-9));
    assertThat(v.zoom(-1000).distanceMeters()).isEqualTo(OrbitView.MAX_DISTANCE_M);
  }

  @Test
  void panning_keeps_the_point_under_the_cursor_and_moves_sideways_only() {
    OrbitView v = new OrbitView(new double[] {0, 0, 0}, 0, 0, 2, false, ViewPreset.FRONT);
    // looking from +x at the origin: screen right is -y... the camera's right is (0, 1, 0)? the
    // eye at +x looks towards -x, so its right is +y rotated: (-sin 0, cos 0, 0) = (0, 1, 0)
    OrbitView panned = v.pan(100, 0, 600, FOV, null);
    double metersPerPixel = 2 * 2 * Math.tan(Math.toRadians(FOV) / 2) / 600;
    // dragging right moves the scene right: the target moves left (-right) by 100 pixels' worth
    assertThat(panned.target())
        .containsExactly(new double[] {0, -100 * metersPerPixel, 0}, offset(1e-12));
    assertThat(panned.distanceMeters()).isEqualTo(2);
    OrbitView up = v.pan(0, 50, 600, FOV, null);
    assertThat(up.target()[2]).isCloseTo(50 * metersPerPixel, offset(1e-12));
    // panning a view that follows the gripper starts from the gripper and stops following
    OrbitView follow = new OrbitView(new double[] {0, 0, 0}, 0, 0, 2, true, ViewPreset.FOLLOW);
    OrbitView left = follow.pan(0, 0, 600, FOV, new double[] {0.3, 0.1, 0.2});
    assertThat(left.followGripper()).isFalse();
    assertThat(left.target()).containsExactly(new double[] {0.3, 0.1, 0.2}, offset(1e-12));
  }

  @Test
  void every_fitted_preset_shows_the_whole_workspace_between_the_top_and_bottom_text() {
    OrbitView home =
        OrbitView.lookingAt(
            new double[] {-0.55, -1.05, 0.95}, new double[] {0.35, 0, 0.2}, ViewPreset.HOME);
    for (int[] size : new int[][] {{640, 480}, {960, 600}, {1280, 800}}) {
      int w = size[0];
      int h = size[1];
      int top = OverlayLayout.sceneTop(h);
      int bottom = OverlayLayout.sceneBottom(h);
      assertThat(bottom - top).as("free rows at %dx%d", w, h).isGreaterThan(h / 2);
      for (ViewPreset p :
          List.of(ViewPreset.HOME, ViewPreset.FRONT, ViewPreset.SIDE, ViewPreset.TOP)) {
        OrbitView v = p.view(home, home, WORKCELL, FOV, w, h, top, bottom, w);
        assertThat(v.preset()).isEqualTo(p);
        CameraSpec cam = v.camera(null, FOV, w, h);
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int k = 0; k < 8; k++) {
          double[] px = project(cam, corner(WORKCELL, k), w, h);
          assertThat(px[0]).as("%s corner %d x at %dx%d", p, k, w, h).isBetween(0.0, (double) w);
          assertThat(px[1])
              .as("%s corner %d y at %dx%d", p, k, w, h)
              .isBetween(top - 1.0, bottom + 1.0);
          minY = Math.min(minY, px[1]);
          maxY = Math.max(maxY, px[1]);
        }
        // and it fills the band (not a tiny picture far away)
        assertThat(maxY - minY)
            .as("%s height at %dx%d", p, w, h)
            .isGreaterThan(0.5 * (bottom - top));
      }
    }
    // the base (x = -0.6) behind the gripper's reach and the reach itself are inside the box
    assertThat(WORKCELL.min()[0]).isLessThan(-0.6);
  }

  @Test
  void with_the_camera_panel_open_every_fitted_preset_frames_the_workspace_left_of_it() {
    OrbitView home =
        OrbitView.lookingAt(
            new double[] {-0.55, -1.05, 0.95}, new double[] {0.35, 0, 0.2}, ViewPreset.HOME);
    for (int[] size : new int[][] {{640, 480}, {960, 600}, {1280, 800}}) {
      int w = size[0];
      int h = size[1];
      int top = OverlayLayout.sceneTop(h);
      int bottom = OverlayLayout.sceneBottom(h);
      int panelLeft = CameraPanel.left(w, OverlayLayout.textScale(h));
      assertThat(panelLeft).isBetween(w / 2, w - CameraPanel.width(w));
      for (ViewPreset p :
          List.of(ViewPreset.HOME, ViewPreset.FRONT, ViewPreset.SIDE, ViewPreset.TOP)) {
        CameraSpec cam =
            p.view(home, home, WORKCELL, FOV, w, h, top, bottom, panelLeft).camera(null, FOV, w, h);
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int k = 0; k < 8; k++) {
          double[] px = project(cam, corner(WORKCELL, k), w, h);
          minX = Math.min(minX, px[0]);
          maxX = Math.max(maxX, px[0]);
          minY = Math.min(minY, px[1]);
          maxY = Math.max(maxY, px[1]);
        }
        String at = p + " at " + w + "x" + h;
        assertThat(minX).as(at).isGreaterThanOrEqualTo(0.0);
        assertThat(maxX).as(at + ": right of the panel's edge").isLessThanOrEqualTo(panelLeft);
        assertThat(minY).as(at).isGreaterThanOrEqualTo(top - 1.0);
        assertThat(maxY).as(at).isLessThanOrEqualTo(bottom + 1.0);
        // near the middle of the free part (the shift changes the perspective a little) and
        // filling it in width or height
        assertThat((minX + maxX) / 2).as(at).isCloseTo(panelLeft / 2.0, within(0.05 * w));
        assertThat(Math.max((maxX - minX) / panelLeft, (maxY - minY) / (bottom - top)))
            .as(at)
            .isGreaterThan(0.85);
      }
    }
  }

  @Test
  void the_framed_box_holds_each_shape_as_posed_tightly() {
    double s = Math.sqrt(0.5);
    SceneObject box =
        new SceneObject(
            "b", new Shape.Box(0.2, 0.1, 0.4), new Pose(0, 0, 0, s, 0, 0, s), rgba(), false);
    assertThat(Viewer.halfExtents(box))
        .containsExactly(new double[] {0.1, 0.2, 0.05}, offset(1e-9));
    SceneObject capsule =
        new SceneObject(
            "c", new Shape.Capsule(0.05, 0.3), new Pose(0, 0, 0, 0, s, 0, s), rgba(), false);
    assertThat(Viewer.halfExtents(capsule))
        .containsExactly(new double[] {0.15, 0.05, 0.05}, offset(1e-9));
    SceneObject plane = new SceneObject("p", new Shape.Plane(5), Pose.at(0, 0, 0), rgba(), false);
    assertThat(Viewer.halfExtents(plane)).isNull();
  }

  @Test
  void the_follow_preset_keeps_the_direction_and_looks_at_the_gripper() {
    OrbitView current = new OrbitView(new double[] {0, 0, 0}, 40, 30, 3, false, ViewPreset.CUSTOM);
    OrbitView f = ViewPreset.FOLLOW.view(current, current, WORKCELL, FOV, 640, 480, 100, 400, 640);
    assertThat(f.followGripper()).isTrue();
    assertThat(f.yawDegrees()).isEqualTo(40);
    assertThat(f.distanceMeters()).isEqualTo(ViewPreset.FOLLOW_DISTANCE_M);
    double[] gripper = {0.2, -0.1, 0.3};
    assertThat(f.camera(gripper, FOV, 640, 480).target()).containsExactly(gripper, offset(0.0));
  }

  @Test
  void depth_cues_add_a_grid_drop_lines_to_the_table_the_workspace_box_and_axes() {
    List<SceneObject> scene = new ArrayList<>();
    scene.add(
        new SceneObject(
            "table", new Shape.Box(1.1, 0.7, 0.4), Pose.at(-0.3, 0, -0.2), rgba(), false));
    scene.add(
        new SceneObject(
            "object", new Shape.Box(0.04, 0.04, 0.04), Pose.at(0.1, 0.1, 0.02), rgba(), false));
    scene.add(
        new SceneObject(
            "goal", new Shape.Box(0.04, 0.04, 0.04), Pose.at(0.1, 0.1, 0.17), rgba(), true));
    ViewPreset.Box ws =
        new ViewPreset.Box(new double[] {-0.45, -0.45, 0.01}, new double[] {0.35, 0.45, 0.6});
    double[] gripper = {0.0, -0.2, 0.3};
    List<SceneObject> out = DepthCues.with(scene, gripper, ws);
    assertThat(out.subList(0, 3)).isEqualTo(scene);
    List<String> names = out.stream().map(SceneObject::name).toList();
    // a 10 cm grid over the workspace footprint: x -0.4..0.3 (8 lines), y -0.4..0.4 (9 lines)
    assertThat(names.stream().filter(n -> n.startsWith("grid_x"))).hasSize(8);
    assertThat(names.stream().filter(n -> n.startsWith("grid_y"))).hasSize(9);
    assertThat(names.stream().filter(n -> n.startsWith("workspace_"))).hasSize(12);
    assertThat(names).contains("axis_x", "axis_y", "axis_z");
    // the goal floats 17 cm above the table: its drop line reaches down to the table top (z = 0)
    SceneObject goalDrop = byName(out, "goal_drop");
    double length = ((Shape.Cylinder) goalDrop.shape()).length();
    assertThat(goalDrop.pose().z() - length / 2).isCloseTo(0, offset(1e-9));
    assertThat(goalDrop.pose().z() + length / 2).isCloseTo(0.17, offset(1e-9));
    assertThat(byName(out, "gripper_drop").pose().x()).isEqualTo(0.0);
    assertThat(byName(out, "gripper_shadow").pose().z()).isCloseTo(0, offset(0.003));
    assertThat(names)
        .as("the cube rests on the table: a shadow, no line")
        .contains("object_shadow");
    assertThat(names).doesNotContain("object_drop");
  }

  @Test
  void the_timeline_keeps_who_drove_each_step_the_markers_and_the_last_ten_outcomes() {
    Timeline t = Timeline.empty().begin(100);
    t = t.append(Timeline.Mark.POLICY, false, false);
    t = t.append(Timeline.Mark.HUMAN, false, false);
    t = t.append(Timeline.Mark.CORRECTED, true, true);
    t = t.append(Timeline.Mark.STOPPED, false, false);
    assertThat(t.steps()).isEqualTo(4);
    assertThat(t.stepLimit()).isEqualTo(100);
    assertThat(t.corrections()).containsExactly(2);
    assertThat(t.safety()).containsExactly(2);
    for (int e = 1; e <= 12; e++) {
      t = t.end(new Timeline.Outcome(e, e % 2 == 0, "x"));
    }
    assertThat(t.recent()).hasSize(Timeline.RECENT);
    assertThat(t.recent().get(0).episode()).isEqualTo(3);
    Timeline next = t.begin(50);
    assertThat(next.steps()).isZero();
    assertThat(next.recent()).isEqualTo(t.recent());

    ViewerStatus s =
        ViewerStatus.initial().withTimeline(t.begin(10).append(Timeline.Mark.HUMAN, true, false));
    List<OverlayRect> rects =
        OverlayLayout.layout(
            s, new OverlayLayout.Hud("", false, List.of(), List.of(), "", Map.of()), 640, 480);
    float[] human = OverlayLayout.markColour(Timeline.Mark.HUMAN);
    OverlayRect humanCell =
        rects.stream()
            .filter(r -> java.util.Arrays.equals(r.rgba(), human))
            .findFirst()
            .orElseThrow();
    int barWidth = 640 - 2 * 2 * OverlayLayout.textScale(480);
    assertThat(humanCell.width()).as("one step of ten").isCloseTo(barWidth / 10, offset(1));
    assertThat(rects)
        .filteredOn(r -> java.util.Arrays.equals(r.rgba(), OverlayLayout.SUCCESS))
        .hasSize(5);
    assertThat(rects)
        .filteredOn(r -> java.util.Arrays.equals(r.rgba(), OverlayLayout.FAILURE))
        .hasSize(5);
    assertThat(OverlayLayout.markColour(Timeline.Mark.STOPPED))
        .containsExactly(
            ControlMode.STOPPED.rgb()[0],
            ControlMode.STOPPED.rgb()[1],
            ControlMode.STOPPED.rgb()[2],
            1f);
  }

  @Test
  void bindings_are_in_words_not_config_identifiers() {
    List<String> keyboard = KeyboardConfig.defaults().bindingsInWords();
    assertThat(keyboard.get(0)).isEqualTo("hold Left Ctrl to drive, release to hand back");
    assertThat(keyboard).contains("Up / Down: forward / back (+x / -x)");
    assertThat(keyboard).contains("Page Up / Page Down: up / down (+z / -z)");
    assertThat(keyboard).contains("Home opens the gripper, End closes it");
    assertThat(GamepadConfig.defaults().bindingsInWords().get(0))
        .isEqualTo("hold left bumper (LB) to drive, release to hand back");
    assertThat(GamepadConfig.defaults().bindingsInWords())
        .contains("left stick up / down: forward / back (+x / -x)");
    assertThat(SpaceMouseConfig.defaults().bindingsInWords().get(0)).contains("button 0 (left)");
    for (String line : keyboard) {
      assertThat(line).doesNotContain("_").doesNotContain("LEFT_CONTROL");
    }
  }

  @Test
  void
      the_help_panel_lists_its_lines_in_the_middle_over_everything_and_the_speeds_read_in_numbers() {
    List<String> help = List.of("KEYBOARD (connected)", "  hold Left Ctrl to drive", "VIEWER");
    List<OverlayRect> closed =
        OverlayLayout.layout(
            ViewerStatus.initial(),
            new OverlayLayout.Hud("", false, List.of(), List.of(), "", Map.of()),
            640,
            480);
    List<OverlayRect> open =
        OverlayLayout.layout(
            ViewerStatus.initial(),
            new OverlayLayout.Hud("", false, List.of(), help, "", Map.of()),
            640,
            480);
    OverlayRect panel =
        open.stream()
            .filter(r -> java.util.Arrays.equals(r.rgba(), OverlayLayout.PANEL))
            .findFirst()
            .orElseThrow();
    assertThat(panel.x() + panel.width() / 2).isCloseTo(320, offset(2));
    assertThat(panel.y() + panel.height() / 2).isCloseTo(240, offset(2));
    assertThat(open.size()).isGreaterThan(closed.size() + 50);

    ViewerStatus moving =
        ViewerStatus.initial()
            .withMotion(
                new double[] {0, 0, 0}, new double[] {0.6, 0, 0.8}, new double[] {0.5, 0, 0})
            .withControlRateHz(10.0)
            .withGripperWidthMeters(0.042)
            .withCorrectionHorizon(14, 0.5);
    assertThat(OverlayLayout.speed(moving, moving.proposedDelta()))
        .isEqualTo(" 50 MM/STEP 0.50 M/S");
    assertThat(OverlayLayout.gripperAndSpeed(moving))
        .isEqualTo("GRIPPER 42 MM  SPEED X0.5, 14 STEPS LEFT");
  }

  @Test
  void the_readout_shows_on_the_banners_right_in_two_lines_and_leaves_its_end_free() {
    String readout = "26 FPS 22 MS/FRAME\nTAKEOVER 180 MS  VIEW WORKSPACE";
    for (int[] size : new int[][] {{640, 480}, {1280, 800}}) {
      List<OverlayRect> rects =
          OverlayLayout.layout(
              ViewerStatus.initial().withMode(ControlMode.AUTONOMOUS),
              new OverlayLayout.Hud("", false, List.of(), List.of(), readout, Map.of()),
              size[0],
              size[1]);
      int band = OverlayLayout.bannerHeight(size[1]);
      List<OverlayRect> right =
          rects.stream()
              .filter(r -> java.util.Arrays.equals(r.rgba(), OverlayLayout.WHITE))
              .filter(r -> r.y() + r.height() <= band && r.x() > size[0] / 2)
              .toList();
      assertThat(right).as("readout letters at %dx%d", size[0], size[1]).hasSizeGreaterThan(40);
      assertThat(right.stream().map(OverlayRect::y).distinct().count())
          .as("two lines")
          .isGreaterThan(8);
      assertThat(right).allSatisfy(r -> assertThat(r.x() + r.width()).isLessThan(size[0] - 6));
    }
  }

  private static SceneObject byName(List<SceneObject> objects, String name) {
    return objects.stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
  }

  private static float[] rgba() {
    return new float[] {0.5f, 0.5f, 0.5f, 1f};
  }

  private static double[] corner(ViewPreset.Box b, int k) {
    return new double[] {
      (k & 1) == 0 ? b.min()[0] : b.max()[0],
      (k & 2) == 0 ? b.min()[1] : b.max()[1],
      (k & 4) == 0 ? b.min()[2] : b.max()[2]
    };
  }

  /** Window pixel (x right, y down) of world point {@code p}, by a plain pinhole model. */
  private static double[] project(CameraSpec cam, double[] p, int w, int h) {
    double[] f = unit(sub(cam.target(), cam.eye()));
    double[] r = unit(cross(f, cam.up()));
    double[] u = cross(r, f);
    double[] d = sub(p, cam.eye());
    double depth = dot(d, f);
    double t = Math.tan(Math.toRadians(cam.fovYDegrees()) / 2);
    double x = dot(d, r) / (depth * t * w / h);
    double y = dot(d, u) / (depth * t);
    return new double[] {(x + 1) / 2 * w, (1 - y) / 2 * h};
  }

  private static double dist(double[] a, double[] b) {
    return Math.sqrt(dot(sub(a, b), sub(a, b)));
  }

  private static double[] sub(double[] a, double[] b) {
    return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }

  private static double[] cross(double[] a, double[] b) {
    return new double[] {
      a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]
    };
  }

  private static double[] unit(double[] a) {
    double n = Math.sqrt(dot(a, a));
    return new double[] {a[0] / n, a[1] / n, a[2] / n};
  }
}
