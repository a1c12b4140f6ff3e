package dev.tandem.teleop.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.core.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The viewer in a real X server (Xvfb) with real key events (xdotool): the emitted operator events
 * (takeover at a tick, motion commands, hand-back, typed correction), the screenshots, and the mode
 * banner's pixels. One child JVM run serves all assertions.
 */
class ViewerXvfbTest {
  static final Path OUT = Path.of("target", "viewer");
  static ChildJvm.Result run;

  @BeforeAll
  static void runProbe() throws Exception {
    assumeTrue(
        ChildJvm.onPath("xvfb-run"), "xvfb-run is not installed (apt-get install xvfb xauth)");
    assumeTrue(ChildJvm.onPath("xdotool"), "xdotool is not installed (apt-get install xdotool)");
    run = ChildJvm.run(ViewerProbeMain.class, List.of(OUT.toString()), Map.of(), true);
    assertThat(run.lines()).as(run.all()).contains("done");
    assertThat(run.with("error")).as(run.all()).isEmpty();
    assertThat(run.with("xdotool_failed")).as(run.all()).isEmpty();
  }

  @Test
  void holding_the_deadman_key_takes_over_at_a_tick_and_releasing_it_hands_back() {
    List<String> takeovers = run.with("event takeover");
    assertThat(takeovers).as(run.all()).hasSize(1);
    assertThat(takeovers.get(0)).endsWith("operator takeover (keyboard)");
    int takeoverTick = Integer.parseInt(takeovers.get(0).split(" ")[0]);
    List<String> released = run.with("event released");
    assertThat(released).as(run.all()).hasSize(1);
    assertThat(released.get(0)).endsWith("deadman released (keyboard)");
    int releaseTick = Integer.parseInt(released.get(0).split(" ")[0]);
    assertThat(takeoverTick).isGreaterThanOrEqualTo(0);
    // held at least 1.2 s at 20 Hz (more when the machine is busy)
    assertThat(releaseTick - takeoverTick).isBetween(16, 200);

    List<double[]> commands =
        run.with("event command").stream().map(ViewerXvfbTest::numbers).toList();
    assertThat(commands).isNotEmpty();
    assertThat(commands.get(0)[0]).as("first command at the takeover tick").isEqualTo(takeoverTick);
    for (int i = 1; i < commands.size(); i++) {
      assertThat(commands.get(i)[0])
          .as("one command per tick")
          .isEqualTo(commands.get(i - 1)[0] + 1);
    }
    assertThat(commands.get(commands.size() - 1)[0]).isEqualTo(releaseTick - 1);
    // Up drives +x at the keyboard speed (0.5), Left drives +y; Control alone holds still
    assertThat(commands).anySatisfy(c -> assertThat(c).startsWith(c[0], 0.5, 0, 0, 0));
    assertThat(commands).anySatisfy(c -> assertThat(c).startsWith(c[0], 0, 0.5, 0, 0));
    assertThat(commands.get(0))
        .as("deadman pressed before any motion key")
        .startsWith(takeoverTick, 0, 0, 0, 0);
    assertThat(run.with("event lost")).isEmpty();
  }

  @Test
  void a_typed_line_is_submitted_with_enter() {
    assertThat(run.first("typed_line")).isEqualTo("a bit more to the left");
    assertThat(run.with("event correction")).containsExactly("-1 a bit more to the left");
    assertThat(run.first("typed_line_after_enter")).isEqualTo("[]");
  }

  @Test
  void the_mode_banner_changes_colour_between_autonomous_and_human() {
    Map<String, int[]> banner = new HashMap<>();
    for (String name : List.of("autonomous", "human", "back")) {
      banner.put(
          name,
          Arrays.stream(numbers(run.first("banner_" + name))).mapToInt(d -> (int) d).toArray());
    }
    assertThat(banner.get("autonomous")).satisfies(p -> close(p, ControlMode.AUTONOMOUS.rgb()));
    assertThat(banner.get("human")).satisfies(p -> close(p, ControlMode.HUMAN.rgb()));
    assertThat(banner.get("back")).satisfies(p -> close(p, ControlMode.AUTONOMOUS.rgb()));
    // the banner's big letters: AUTONOMOUS has more lit pixels than HUMAN, both plenty
    int autonomousText = (int) numbers(run.first("banner_white_autonomous"))[0];
    int humanText = (int) numbers(run.first("banner_white_human"))[0];
    assertThat(humanText).isGreaterThan(300);
    assertThat(autonomousText).isGreaterThan(humanText);
  }

  @Test
  void screenshots_show_the_robot_scene_the_applied_arrow_and_the_typed_line() throws Exception {
    assertThat(run.first("size_autonomous")).isEqualTo("640 480");
    for (String png :
        List.of(
            "viewer-autonomous.png",
            "viewer-human.png",
            "viewer-typing.png",
            "viewer-correction.png")) {
      Path file = OUT.resolve(png);
      assertThat(file).exists();
      assertThat(Files.size(file)).isGreaterThan(5_000);
    }
    assertThat(numbers(run.first("orange_autonomous"))[0])
        .as("the applied-motion arrow")
        .isGreaterThan(30);
    assertThat(numbers(run.first("bottom_white_typing"))[0])
        .as("typed text in the bottom line")
        .isGreaterThan(numbers(run.first("bottom_white_autonomous"))[0] + 100);
    assertThat(run.first("open_after_close")).isEqualTo("false");
  }

  @Test
  void the_mouse_orbits_zooms_and_pans_the_view_f4_shows_the_top_and_f1_the_help() {
    // a 100-pixel drag to the right turns the view 30 degrees (0.3 degree per pixel)
    assertThat(numbers(run.first("yaw_turned"))[0]).as(run.all()).isCloseTo(-30, within(6.0));
    assertThat(numbers(run.first("zoomed"))[0])
        .as("one wheel step 10 % closer")
        .isCloseTo(0.9, within(1e-6));
    assertThat(run.first("panned")).startsWith("true");
    assertThat(numbers(run.first("moved_pixels"))[0])
        .as("pixels changed by moving the view")
        .isGreaterThan(0.05 * 640 * 480);
    assertThat(run.first("preset")).startsWith("TOP 89");
    assertThat(run.first("help_open")).isEqualTo("true");
    assertThat(run.with("help"))
        .contains("KEYBOARD (connected)", "hold Left Ctrl to drive, release to hand back")
        .anySatisfy(l -> assertThat(l).contains("Esc: emergency stop"));
    assertThat(run.first("help_after_second_f1")).isEqualTo("false");
    assertThat(OUT.resolve("viewer-help.png")).exists();
    // the view is remembered: saved on close, restored by the next viewer
    assertThat(run.first("saved_view")).contains("preset=TOP");
    assertThat(run.first("restored")).isEqualTo("TOP 89.0");
  }

  @Test
  void the_policys_camera_image_shows_in_the_panel_and_f8_hides_and_shows_it() {
    assertThat(run.first("camera_left")).as(run.all()).isEqualTo("255 0 255");
    assertThat(run.first("camera_right")).isEqualTo("0 255 255");
    assertThat(run.first("hidden_left")).isNotEqualTo("255 0 255");
    assertThat(run.first("hidden_right")).isNotEqualTo("0 255 255");
    assertThat(run.first("shown_again_left")).isEqualTo("255 0 255");
    assertThat(OUT.resolve("viewer-camera.png")).exists();
    // the top view (a fitted preset) is framed beside the panel, then in the whole window
    String with = run.first("view_with_panel");
    assertThat(with).startsWith("TOP ");
    assertThat(run.first("view_without_panel")).startsWith("TOP ").isNotEqualTo(with);
    assertThat(run.first("view_with_panel_again")).isEqualTo(with);
  }

  @Test
  void the_link_a_joint_near_its_limit_moves_is_drawn_amber() {
    int before = Integer.parseInt(run.first("amber_pixels_before"));
    int after = Integer.parseInt(run.first("amber_pixels"));
    // the stand-in arm's forearm (8 cm thick, 25 cm long) in the top view: hundreds of pixels
    assertThat(after - before).as(run.all()).isGreaterThan(300);
  }

  @Test
  void a_key_action_that_blocks_does_not_stop_the_input_polling() {
    // the action slept 1.5 s; on the thread that polls input it made a 1.5 s input gap
    assertThat(run.lines()).as(run.all()).contains("blocking_action_done");
    double gapMs = Double.parseDouble(run.first("input_gap_while_an_action_blocks"));
    assertThat(gapMs).as(run.all()).isLessThan(500);
  }

  private static void close(int[] pixel, float[] rgb) {
    for (int c = 0; c < 3; c++) {
      assertThat(pixel[c])
          .as("channel " + c)
          .isCloseTo(Math.round(rgb[c] * 255), org.assertj.core.data.Offset.offset(3));
    }
  }

  private static double[] numbers(String line) {
    return Arrays.stream(line.trim().split(" +")).mapToDouble(Double::parseDouble).toArray();
  }
}
