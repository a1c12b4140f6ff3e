package dev.tandem.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.core.testing.ChildJvm;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the renderers do in other process environments: missing EGL vendor, no display, an Xvfb
 * display (with an offscreen renderer alongside the window, as when the viewer and the sim's
 * cameras share a process). Each case runs in a child JVM.
 */
class ProcessEnvironmentTest {

  /**
   * Runs {@link RenderProbeMain} {@code probe} in a child JVM; its output lines by first word, and
   * all of it under {@code _all}.
   */
  private static Map<String, String> probe(String probe, Map<String, String> env, boolean underXvfb)
      throws Exception {
    ChildJvm.Result r = ChildJvm.run(RenderProbeMain.class, List.of(probe), env, underXvfb);
    Map<String, String> out = new HashMap<>(r.byFirstWord());
    out.put("_all", r.all());
    return out;
  }

  @Test
  void without_an_egl_implementation_the_error_names_the_packages_to_install() throws Exception {
    // GLVND finds no vendor library: what a machine without libegl-mesa0 looks like.
    Map<String, String> out =
        probe(
            "offscreen", Map.of("__EGL_VENDOR_LIBRARY_FILENAMES", "/nonexistent/egl.json"), false);
    assertThat(out.get("error"))
        .as(out.get("_all"))
        .startsWith("RenderUnavailableException: no OpenGL context could be made")
        .contains("libegl1 libegl-mesa0 libgl1-mesa-dri");
  }

  @Test
  void a_window_without_display_says_to_use_xvfb_or_set_display() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("DISPLAY", null);
    Map<String, String> unset = probe("window", env, false);
    assertThat(unset.get("error"))
        .as(unset.get("_all"))
        .contains("no display: run under xvfb-run or set DISPLAY");

    Map<String, String> unreachable = probe("window", Map.of("DISPLAY", ":4917"), false);
    assertThat(unreachable.get("error"))
        .as(unreachable.get("_all"))
        .contains("no display: run under xvfb-run or set DISPLAY")
        .contains(":4917");
  }

  @Test
  void a_window_under_xvfb_draws_the_scene_and_reads_it_back() throws Exception {
    assumeTrue(ChildJvm.onPath("xvfb-run"), "xvfb-run is not installed");
    Map<String, String> out = probe("window", Map.of(), true);
    assertThat(out.get("error")).as(out.get("_all")).isNull();
    assertThat(out.get("size")).isEqualTo("160 120");
    double[] centroid = numbers(out.get("red_centroid"));
    // The box is left of and above the camera axis. Its front face, 0.9 m away, is centred at
    // ndc x = -0.25 / (0.9 tan 30deg * 4/3) and ndc y = 0.15 / (0.9 tan 30deg) of a 160x120 image.
    double tan30 = Math.tan(Math.toRadians(30));
    assertThat(centroid[1]).isCloseTo(80 - 0.25 / (0.9 * tan30 * 4 / 3) * 80, offset(3.0));
    assertThat(centroid[0])
        .as("row, counted from the top")
        .isCloseTo(60 - 0.15 / (0.9 * tan30) * 60, offset(3.0));
    assertThat(centroid[2]).isGreaterThan(200);
    assertThat(Scenes.isRedDominant(ints(out.get("mixed_offscreen_centre")))).isTrue();
    assertThat(Scenes.isRedDominant(ints(out.get("mixed_window_centre")))).isTrue();
    assertThat(out.get("mixed_offscreen_repeat_equal")).isEqualTo("true");
    double[] corner = numbers(out.get("corner"));
    double[] background = numbers(out.get("background"));
    for (int c = 0; c < 3; c++) {
      assertThat(corner[c]).isCloseTo(background[c], offset(1.0));
    }
  }

  private static int[] ints(String line) {
    return Arrays.stream(numbers(line)).mapToInt(d -> (int) d).toArray();
  }

  private static double[] numbers(String line) {
    assertThat(line).isNotNull();
    return Arrays.stream(line.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
  }
}
