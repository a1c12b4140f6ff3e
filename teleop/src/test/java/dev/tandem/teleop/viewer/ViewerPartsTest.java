package dev.tandem.teleop.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.tandem.core.scene.Pose;
import dev.tandem.core.scene.SceneObject;
import dev.tandem.core.scene.Shape;
import dev.tandem.teleop.OperatorEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The viewer's plain-Java parts: font, overlay layout, motion arrows, correction line, config. */
class ViewerPartsTest {

  @Test
  void the_links_a_joint_near_its_limit_moves_are_drawn_amber_and_nothing_else_changes() {
    float[] white = {0.9f, 0.9f, 0.9f, 1f};
    List<SceneObject> scene =
        List.of(
            new SceneObject(
                "panda_link3", new Shape.Sphere(0.05), Pose.at(0, 0, 0.3), white, false),
            new SceneObject(
                "panda_link4", new Shape.Sphere(0.05), Pose.at(0, 0, 0.5), white, false),
            new SceneObject(
                "cube", new Shape.Box(0.04, 0.04, 0.04), Pose.at(0.5, 0, 0), white, false));
    List<SceneObject> tinted = JointWarningTint.tinted(scene, List.of("panda_link4"));
    assertThat(tinted.get(1).rgba()).containsExactly(OverlayLayout.JOINT_WARNING);
    assertThat(tinted.get(1).pose()).isEqualTo(scene.get(1).pose());
    assertThat(tinted.get(1).shape()).isEqualTo(scene.get(1).shape());
    assertThat(tinted.get(0)).isSameAs(scene.get(0));
    assertThat(tinted.get(2)).isSameAs(scene.get(2));
    assertThat(JointWarningTint.tinted(scene, List.of())).isSameAs(scene);
    // the status carries the parts with the text; no warning, no parts
    ViewerStatus near =
        ViewerStatus.initial().withJointWarning("panda_joint4: 0.10 rad", List.of("panda_link4"));
    assertThat(near.jointWarningParts()).containsExactly("panda_link4");
    assertThat(ViewerStatus.initial().jointWarningParts()).isEmpty();
  }

  @Test
  void every_glyph_is_5x7_distinct_and_lower_case_draws_as_upper_case() {
    String chars = BitmapFont.characters();
    assertThat(chars.length()).isGreaterThanOrEqualTo(26 + 10 + 20);
    Set<String> shapes = new HashSet<>();
    for (char c : chars.toCharArray()) {
      boolean[][] g = BitmapFont.glyph(c);
      assertThat(g).hasNumberOfRows(7);
      StringBuilder sb = new StringBuilder();
      boolean lit = false;
      for (boolean[] row : g) {
        assertThat(row).hasSize(5);
        for (boolean b : row) {
          sb.append(b ? '#' : '.');
          lit |= b;
        }
      }
      assertThat(lit).as("glyph '%s' has pixels", c).isTrue();
      assertThat(shapes.add(sb.toString())).as("glyph '%s' is unique", c).isTrue();
    }
    assertThat(BitmapFont.glyph('a')).isEqualTo(BitmapFont.glyph('A'));
    assertThat(BitmapFont.has('\u00e9')).isFalse();
    assertThat(BitmapFont.glyph('\u00e9'))
        .as("unknown: a hollow box")
        .isNotEqualTo(BitmapFont.glyph(' '));
  }

  @Test
  void text_is_rasterized_left_to_right_with_one_column_of_spacing() {
    boolean[][] hi = BitmapFont.rasterize("HI");
    assertThat(hi[0]).hasSize(11);
    // H: columns 0 and 4 lit on every row; I: its middle column (6 + 2) lit on every row
    for (int row = 0; row < 7; row++) {
      assertThat(hi[row][0]).isTrue();
      assertThat(hi[row][4]).isTrue();
      assertThat(hi[row][5]).as("spacing").isFalse();
      assertThat(hi[row][8]).isTrue();
    }
    assertThat(hi[3][1]).as("the H's bar").isTrue();
    assertThat(hi[0][1]).isFalse();
    assertThat(BitmapFont.width("HI", 3)).isEqualTo(33);
  }

  static OverlayLayout.Hud hud(String typed, boolean cursorOn, List<String> hints) {
    return new OverlayLayout.Hud(typed, cursorOn, hints, List.of(), "", Map.of());
  }

  @Test
  void the_banner_fills_the_top_in_the_modes_colour_and_leaves_its_right_end_free() {
    for (ControlMode mode : ControlMode.values()) {
      List<OverlayRect> rects =
          OverlayLayout.layout(
              ViewerStatus.initial().withMode(mode), hud("", true, List.of()), 640, 480);
      OverlayRect banner = rects.get(0);
      assertThat(banner.x()).isZero();
      assertThat(banner.y()).isZero();
      assertThat(banner.width()).isEqualTo(640);
      assertThat(banner.height()).isEqualTo(OverlayLayout.bannerHeight(480));
      assertThat(banner.rgba()).containsExactly(mode.rgb()[0], mode.rgb()[1], mode.rgb()[2], 1f);
      // nothing else covers the point the pixel tests sample
      int sx = 640 - 6;
      int sy = banner.height() / 2;
      for (OverlayRect r : rects.subList(1, rects.size())) {
        boolean covers =
            sx >= r.x() && sx < r.x() + r.width() && sy >= r.y() && sy < r.y() + r.height();
        assertThat(covers).as("rect %s covers the banner sample point", r).isFalse();
      }
    }
  }

  @Test
  void an_alarm_shows_on_red_a_routine_notice_on_grey_and_the_correction_in_green_or_red() {
    ViewerStatus s =
        ViewerStatus.initial()
            .withAlarm("gamepad lost: unplugged")
            .withCorrection(
                "banana",
                "did not understand 'banana'",
                ViewerStatus.CorrectionReply.NOT_UNDERSTOOD);
    List<OverlayRect> rects =
        OverlayLayout.layout(s, hud("abc", false, List.of("KEYBOARD: HOLD X")), 800, 600);
    assertThat(rects).anyMatch(r -> java.util.Arrays.equals(r.rgba(), OverlayLayout.ALARM));
    assertThat(
            OverlayLayout.layout(
                s.withNotice("retraining after this episode"), hud("", false, List.of()), 800, 600))
        .as("a routine notice is not drawn in the alarm colour")
        .anyMatch(r -> java.util.Arrays.equals(r.rgba(), OverlayLayout.ROUTINE))
        .noneMatch(r -> java.util.Arrays.equals(r.rgba(), OverlayLayout.ALARM));
    assertThat(rects)
        .anyMatch(r -> java.util.Arrays.equals(r.rgba(), OverlayLayout.NOT_UNDERSTOOD));
    List<OverlayRect> understood =
        OverlayLayout.layout(
            s.withCorrection("left", "move left 2 cm", ViewerStatus.CorrectionReply.UNDERSTOOD),
            hud("", false, List.of()),
            800,
            600);
    assertThat(understood)
        .anyMatch(r -> java.util.Arrays.equals(r.rgba(), OverlayLayout.UNDERSTOOD));
    assertThat(understood)
        .noneMatch(r -> java.util.Arrays.equals(r.rgba(), OverlayLayout.NOT_UNDERSTOOD));
    assertThat(OverlayLayout.layout(ViewerStatus.initial(), hud("", false, List.of()), 800, 600))
        .as("no notice, no red strip")
        .noneMatch(r -> java.util.Arrays.equals(r.rgba(), OverlayLayout.ALARM));
  }

  @Test
  void a_reply_not_understood_is_shown_in_full_at_640_and_960_pixels_wide() {
    String reply =
        "did not understand 'banana'; try e.g. 'a bit more to the left', 'up 2 cm', 'forward and"
            + " down slightly', 'closer', 'along the tool 1 cm', 'open the gripper', 'grab it',"
            + " 'slower', 'stop', 'keep going'";
    for (int[] size : new int[][] {{640, 480}, {960, 600}}) {
      int width = size[0];
      int height = size[1];
      ViewerStatus s =
          ViewerStatus.initial()
              .withCorrection("banana", reply, ViewerStatus.CorrectionReply.NOT_UNDERSTOOD);
      List<OverlayRect> rects =
          OverlayLayout.layout(
              s, hud("", false, List.of("KEYBOARD: HOLD X", "F5: RETRAIN")), width, height);
      int small = OverlayLayout.textScale(height);
      int maxChars = (width - 4 * small) / (BitmapFont.CELL_WIDTH * small) - 1;
      List<String> lines =
          OverlayLayout.wrap("NOT UNDERSTOOD: " + reply, maxChars, OverlayLayout.MAX_WRAPPED_LINES);
      assertThat(String.join(" ", lines)).as(width + " px").isEqualTo("NOT UNDERSTOOD: " + reply);
      assertThat(lines).as(width + " px").hasSizeGreaterThan(1);
      assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(maxChars));
      // the reply's colour covers as many text lines, all inside the window
      List<OverlayRect> replyRects =
          rects.stream()
              .filter(r -> java.util.Arrays.equals(r.rgba(), OverlayLayout.NOT_UNDERSTOOD))
              .toList();
      int top = replyRects.stream().mapToInt(OverlayRect::y).min().orElseThrow();
      int bottom = replyRects.stream().mapToInt(OverlayRect::y).max().orElseThrow();
      int lineHeight = BitmapFont.CELL_HEIGHT * small + 2 * small;
      assertThat(bottom - top)
          .as(width + " px")
          .isGreaterThanOrEqualTo((lines.size() - 1) * lineHeight);
      assertThat(replyRects)
          .allSatisfy(r -> assertThat(r.x() + r.width()).isLessThanOrEqualTo(width));
    }
  }

  @Test
  void wrapping_breaks_at_spaces_splits_long_words_and_marks_what_it_leaves_out() {
    assertThat(OverlayLayout.wrap("one two three four", 9, 5))
        .containsExactly("one two", "three", "four");
    assertThat(OverlayLayout.wrap("abcdefghijkl", 5, 5)).containsExactly("abcde", "fghij", "kl");
    assertThat(OverlayLayout.wrap("one two three four five six", 7, 2))
        .containsExactly("one two", "thre...");
    assertThat(OverlayLayout.wrap("  ", 7, 2)).isEmpty();
  }

  @Test
  void a_correction_that_cannot_be_applied_now_says_so_in_its_own_colour() {
    ViewerStatus s =
        ViewerStatus.initial()
            .withCorrection(
                "left",
                "nothing runs now (the policy is retraining)",
                ViewerStatus.CorrectionReply.NOT_APPLIED);
    List<OverlayRect> rects = OverlayLayout.layout(s, hud("", false, List.of()), 640, 480);
    assertThat(rects).anyMatch(r -> java.util.Arrays.equals(r.rgba(), OverlayLayout.NOT_APPLIED));
    assertThat(rects)
        .noneMatch(
            r ->
                java.util.Arrays.equals(r.rgba(), OverlayLayout.UNDERSTOOD)
                    || java.util.Arrays.equals(r.rgba(), OverlayLayout.NOT_UNDERSTOOD));
    assertThat(ViewerStatus.initial().mode())
        .as("nothing runs before a session says so")
        .isEqualTo(ControlMode.IDLE);
  }

  @Test
  void long_text_is_cut_to_the_window() {
    String typed = "x".repeat(TextLine.MAX_LENGTH);
    List<OverlayRect> rects =
        OverlayLayout.layout(
            ViewerStatus.initial().withNotice("y".repeat(300)),
            hud(typed, true, List.of()),
            320,
            240);
    for (OverlayRect r : rects) {
      assertThat(r.x()).isGreaterThanOrEqualTo(0);
      assertThat(r.y()).isGreaterThanOrEqualTo(0);
      assertThat(r.x() + r.width()).as("%s", r).isLessThanOrEqualTo(320);
      assertThat(r.y() + r.height()).as("%s", r).isLessThanOrEqualTo(240);
    }
    assertThat(OverlayLayout.fit("abcdefgh", 6)).isEqualTo("abc...");
    assertThat(OverlayLayout.tail("abcdefgh", 3)).isEqualTo("fgh");
  }

  @Test
  void arrows_start_past_the_gripper_point_along_the_motion_and_both_show_when_they_coincide() {
    double[] ee = {0.5, 0, 0.2};
    double[] eye = {0.5, -2, 0.2}; // looking along +y
    ViewerStatus s =
        ViewerStatus.initial().withMotion(ee, new double[] {1, 0, 0}, new double[] {0, 0, 1});
    List<SceneObject> objects = MotionArrows.withArrows(List.of(), s, 4.0, eye);
    assertThat(objects)
        .extracting(SceneObject::name)
        .containsExactly(
            "proposed_motion_shaft",
            "proposed_motion_head",
            "applied_motion_shaft",
            "applied_motion_head");
    // 1 unit x 0.05 m x gain 4 = 0.2 m along +x, from 5 cm past the gripper
    SceneObject proposedHead = objects.get(1);
    assertThat(proposedHead.pose().x()).isCloseTo(0.5 + 0.05 + 0.2, offset(1e-9));
    assertThat(proposedHead.ghost()).as("drawn solid: it must read at a glance").isFalse();
    // straight up: it starts above the hand (15 cm), not between the fingers
    SceneObject appliedShaft = objects.get(2);
    double shaftBottom = appliedShaft.pose().z() - 0.2 / 2;
    assertThat(shaftBottom - ee[2]).isCloseTo(0.15, offset(1e-9));
    assertThat(((Shape.Capsule) appliedShaft.shape()).radius()).isGreaterThanOrEqualTo(0.012);

    // the same motion proposed and applied: two arrows, apart across the line of sight
    double[] same = {0.6, 0.2, 0};
    List<SceneObject> both =
        MotionArrows.withArrows(
            List.of(), ViewerStatus.initial().withMotion(ee, same, same), 4.0, eye);
    Pose a = both.get(1).pose();
    Pose b = both.get(3).pose();
    double apart =
        Math.sqrt(
            Math.pow(a.x() - b.x(), 2) + Math.pow(a.y() - b.y(), 2) + Math.pow(a.z() - b.z(), 2));
    assertThat(apart)
        .as("heads apart, not overlapping (m)")
        .isGreaterThan(2 * MotionArrows.HEAD_RADIUS_M);
    assertThat(Math.abs(a.z() - b.z()))
        .as("apart across the sight line (here: vertically), not along it")
        .isGreaterThan(2 * MotionArrows.HEAD_RADIUS_M);

    assertThat(MotionArrows.withArrows(List.of(), ViewerStatus.initial(), 4.0, eye)).isEmpty();
    ViewerStatus still =
        ViewerStatus.initial().withMotion(new double[] {0, 0, 0}, new double[3], null);
    assertThat(MotionArrows.withArrows(List.of(), still, 4.0, eye)).isEmpty();
  }

  @Test
  void the_arrow_rotation_turns_z_onto_the_direction() {
    double[][] dirs = {
      {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 0, -1}, {0.6, -0.8, 0}, {0.48, 0.6, -0.64}
    };
    for (double[] u : dirs) {
      double[] q = MotionArrows.rotationFromZ(u);
      double[] z = rotate(q, new double[] {0, 0, 1});
      for (int i = 0; i < 3; i++) {
        assertThat(z[i])
            .as("axis %d of %s", i, java.util.Arrays.toString(u))
            .isCloseTo(u[i], offset(1e-9));
      }
    }
  }

  @Test
  void the_correction_line_types_edits_and_submits_on_enter() {
    List<OperatorEvent> events = new ArrayList<>();
    TextLine line = new TextLine(events::add, () -> 42L);
    "left".codePoints().forEach(line::typed);
    line.typed('\t');
    line.backspace();
    "t a bit".codePoints().forEach(line::typed);
    assertThat(line.text()).isEqualTo("left a bit");
    line.enter();
    assertThat(events).containsExactly(new OperatorEvent.CorrectionTyped("left a bit", 42L));
    assertThat(line.text()).isEmpty();
    line.typed(' ');
    line.enter();
    assertThat(events).hasSize(1);
    "oops".codePoints().forEach(line::typed);
    line.escape();
    assertThat(line.text()).isEmpty();
    for (int i = 0; i < TextLine.MAX_LENGTH + 10; i++) {
      line.typed('a');
    }
    assertThat(line.text()).hasSize(TextLine.MAX_LENGTH);
  }

  @Test
  void a_failing_listener_does_not_break_the_line() {
    TextLine line =
        new TextLine(
            e -> {
              throw new IllegalStateException("boom");
            },
            () -> 0L);
    line.typed('x');
    line.enter();
    assertThat(line.text()).isEmpty();
  }

  @Test
  void viewer_config_checks_its_fields() {
    assertThat(ViewerConfig.defaults().camera().width()).isEqualTo(960);
    assertThatThrownBy(
            () -> new ViewerConfig(null, null, null, 0.5, null, null, null, null, null, null))
        .hasMessageStartingWith("frameRateHz:");
    assertThatThrownBy(
            () ->
                new ViewerConfig(
                    null, null, null, null, null, List.of(1.0, 2.0), null, null, null, null))
        .hasMessageStartingWith("cameraEye:");
    assertThatThrownBy(
            () ->
                new ViewerConfig(
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of(1.0, 1.0, 1.0),
                    List.of(1.0, 1.0, 1.0),
                    null,
                    null,
                    null))
        .hasMessageStartingWith("cameraTarget:");
  }

  private static double[] rotate(double[] q, double[] v) {
    double x = q[0], y = q[1], z = q[2], w = q[3];
    double[][] m = {
      {1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)},
      {2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)},
      {2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)}
    };
    return new double[] {
      m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
      m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
      m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2]
    };
  }

  @Test
  void the_bindings_in_words_name_any_devices_deadman_without_knowing_its_type() {
    var pedal =
        new dev.tandem.teleop.device.TeleopDeviceConfig() {
          @Override
          public String deviceName() {
            return "foot pedal";
          }

          @Override
          public String deadmanControl() {
            return "the left pedal";
          }

          @Override
          public Double staleAfterSeconds() {
            return 0.5;
          }

          @Override
          public dev.tandem.teleop.TeleopDevice create(
              dev.tandem.core.spec.ActionSpec spec, dev.tandem.teleop.device.DeviceInputs inputs) {
            throw new UnsupportedOperationException("not driven here");
          }
        };
    assertThat(pedal.bindingsInWords())
        .containsExactly("hold The left pedal to drive, release to hand back");
  }
}
