package dev.tandem.intervention.language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.tandem.core.scene.CameraSpec;
import dev.tandem.core.spec.ActionSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** From a parsed correction to the EE-delta bias and horizon the arbiter applies. */
class CorrectionBiasTest {
  static final ActionSpec SPEC =
      new ActionSpec(
          ActionSpec.ActionMode.EE_DELTA,
          List.of("dx", "dy", "dz", "gripper"),
          new double[] {-1, -1, -1, -1},
          new double[] {1, 1, 1, 1});

  /** Behind the robot base looking along +x, tilted down: image right is the robot's right (-y). */
  static final double[][] BEHIND =
      CameraFrames.cameraToWorld(camera(new double[] {-1, 0, 0.8}, new double[] {0.4, 0, 0}));

  final CorrectionParser parser = new CorrectionParser();

  static CameraSpec camera(double[] eye, double[] target) {
    return new CameraSpec("c", eye, target, new double[] {0, 0, 1}, 50, 84, 84, 0.01, 10);
  }

  CorrectionBias bias(String text, double[][] cameraToBase) {
    return parser.parse(text).correction().orElseThrow().toBias(SPEC, cameraToBase);
  }

  @Test
  void left_in_the_camera_view_of_a_camera_behind_the_robot_is_the_robots_plus_y() {
    CorrectionBias b = bias("left", BEHIND);
    // 2 cm at 0.3 action units (1.5 cm) per step: 2 steps of 0.2 units (1 cm) each
    assertThat(b.horizonSteps()).isEqualTo(2);
    assertThat(b.bias().values()).containsExactly(new float[] {0f, 0.2f, 0f, 0f}, offset(1e-6f));
    assertThat(b.distanceMeters()).isCloseTo(0.02, offset(1e-6));
    assertThat(b.flow()).isEqualTo(Flow.NONE);
    assertThat(b.speedFactor()).isEqualTo(1.0);
  }

  @Test
  void up_is_straight_up_and_forward_is_horizontal_whatever_the_camera_tilt() {
    double[][] steep =
        CameraFrames.cameraToWorld(camera(new double[] {-0.3, 0.2, 1.5}, new double[] {0.4, 0, 0}));
    CorrectionBias up = bias("up", steep);
    assertThat(up.baseDirection()).containsExactly(new double[] {0, 0, 1}, offset(1e-9));
    CorrectionBias forward = bias("forward", steep);
    double[] d = forward.baseDirection();
    assertThat(d[2]).isCloseTo(0, offset(1e-9));
    // away from the camera: the eye's horizontal offset from the target, reversed
    double[] away = CameraFrames.normalize(new double[] {0.7, -0.2, 0});
    assertThat(CameraFrames.dot(d, away)).isCloseTo(1.0, offset(1e-9));
  }

  @Test
  void a_camera_looking_straight_down_still_has_a_forward() {
    CameraSpec top =
        new CameraSpec(
            "top",
            new double[] {0.4, 0, 2},
            new double[] {0.4, 0, 0},
            new double[] {1, 0, 0},
            50,
            84,
            84,
            0.01,
            10);
    double[][] r = CameraFrames.cameraToWorld(top);
    // image up is +x (the camera's up vector): "forward" (away) goes to the image top
    assertThat(bias("forward", r).baseDirection())
        .containsExactly(new double[] {1, 0, 0}, offset(1e-9));
    assertThat(bias("right", r).baseDirection())
        .containsExactly(new double[] {0, -1, 0}, offset(1e-9));
  }

  @Test
  void along_the_tool_of_a_top_down_gripper_is_down() {
    CorrectionBias b = bias("along the tool 3 cm", BEHIND);
    assertThat(b.baseDirection()).containsExactly(new double[] {0, 0, -1}, offset(1e-9));
    assertThat(b.bias().get(2)).isNegative();
    CorrectionBias left = bias("left in the gripper frame", BEHIND);
    assertThat(left.baseDirection()).containsExactly(new double[] {0, 1, 0}, offset(1e-9));
  }

  @Test
  void the_gripper_bias_spans_the_whole_range_so_the_sum_clips_to_open_or_closed() {
    CorrectionBias open = bias("open the gripper", BEHIND);
    assertThat(open.bias().values()).containsExactly(0f, 0f, 0f, 2f);
    assertThat(open.horizonSteps()).isEqualTo(10);
    CorrectionBias close = bias("grab it", BEHIND);
    assertThat(close.bias().get(3)).isEqualTo(-2f);
  }

  @Test
  void longer_distances_take_longer_horizons_up_to_the_limit() {
    CorrectionBias far = bias("much further forward", BEHIND); // 7.5 cm
    assertThat(far.horizonSteps()).isEqualTo(5);
    assertThat(far.distanceMeters()).isCloseTo(0.075, offset(1e-6));
    CorrectionBias max = bias("left 25 cm", BEHIND);
    assertThat(max.horizonSteps()).isEqualTo(17);
    assertThat(max.distanceMeters()).isCloseTo(0.25, offset(1e-6));
    BiasSettings capped = new BiasSettings(null, null, null, 5, null, null);
    CorrectionBias clipped =
        parser
            .parse("left 25 cm")
            .correction()
            .orElseThrow()
            .toBias(SPEC, BEHIND, CameraFrames.topDownTool(), capped);
    assertThat(clipped.horizonSteps()).isEqualTo(5);
    assertThat(clipped.bias().get(1)).as("at most the action bound per step").isEqualTo(1f);
    assertThat(clipped.distanceMeters()).isCloseTo(0.25, offset(1e-6));
  }

  @Test
  void stop_and_speed_are_reported_with_a_zero_bias_over_the_hold_horizon() {
    CorrectionBias stop = bias("stop", BEHIND);
    assertThat(stop.bias().values()).containsOnly(0f);
    assertThat(stop.flow()).isEqualTo(Flow.STOP);
    assertThat(stop.horizonSteps()).isEqualTo(20);
    CorrectionBias slower = bias("slower", BEHIND);
    assertThat(slower.speedFactor()).isEqualTo(0.5);
    assertThat(slower.bias().values()).containsOnly(0f);
  }

  @Test
  void named_elements_are_found_in_a_seven_element_spec() {
    ActionSpec seven =
        new ActionSpec(
            ActionSpec.ActionMode.EE_DELTA,
            List.of("gripper", "dz", "dy", "dx", "droll", "dpitch", "dyaw"),
            new double[] {0, -1, -1, -1, -1, -1, -1},
            new double[] {0.08, 1, 1, 1, 1, 1, 1});
    CorrectionBias b = parser.parse("up and open").correction().orElseThrow().toBias(seven, BEHIND);
    assertThat(b.bias().get(1)).isPositive();
    assertThat(b.bias().get(0)).isCloseTo(0.08f, offset(1e-7f));
    assertThat(b.bias().get(2)).isZero();
    assertThat(b.bias().get(3)).isZero();
  }

  @Test
  void a_joint_space_spec_is_refused() {
    ActionSpec joints =
        new ActionSpec(
            ActionSpec.ActionMode.JOINT_POSITION,
            List.of("j1"),
            new double[] {-1},
            new double[] {1});
    Correction c = parser.parse("left").correction().orElseThrow();
    assertThatThrownBy(() -> c.toBias(joints, BEHIND))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EE_DELTA")
        .hasMessageContaining("JOINT_POSITION");
  }

  @Test
  void a_language_command_is_what_the_arbiter_needs_understood_or_not() {
    LanguageCommand ok =
        LanguageCommand.of(
            parser,
            "a bit to the left",
            SPEC,
            BEHIND,
            CameraFrames.topDownTool(),
            BiasSettings.defaults());
    assertThat(ok.understood()).isTrue();
    assertThat(ok.interpretation()).isEqualTo("move left 1 cm (camera view)");
    assertThat(ok.bias().get(1)).isPositive();
    assertThat(ok.horizonSteps()).isEqualTo(2);
    LanguageCommand no =
        LanguageCommand.of(
            parser, "banana", SPEC, BEHIND, CameraFrames.topDownTool(), BiasSettings.defaults());
    assertThat(no.understood()).isFalse();
    assertThat(no.bias().values()).containsOnly(0f);
    assertThat(no.interpretation()).startsWith("did not understand 'banana'");
  }
}
