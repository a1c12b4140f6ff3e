package dev.tandem.runtime.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.core.testing.ChildJvm;
import dev.tandem.runtime.cli.TandemCli;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code tandem bench viewer} under Xvfb: the simulation the viewer shows really moves (its steps
 * are counted at about the task's control rate) and frames are drawn. The figures themselves are
 * the benchmark's to report, not this test's to bound.
 */
class ViewerBenchmarkXvfbTest {

  @Test
  void the_arm_moves_at_the_control_rate_while_the_viewer_draws() throws Exception {
    assumeTrue(
        ChildJvm.onPath("xvfb-run"), "xvfb-run is not installed (apt-get install xvfb xauth)");
    ChildJvm.Result run =
        ChildJvm.run(
            TandemCli.class,
            List.of("bench", "viewer", "--seconds", "1", "--width", "320", "--height", "200"),
            Map.of(),
            true,
            512,
            90);
    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.all()).doesNotContain("tick handler failed");
    // PickAndPlace runs at 25 Hz; a busy machine may lose some steps, none lost all of them
    assertThat(figure(run.all(), "control_steps_per_s")).as(run.all()).isGreaterThan(10);
    assertThat(figure(run.all(), "frames_per_s")).as(run.all()).isGreaterThan(1);
  }

  private static double figure(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\" : ([0-9.]+)").matcher(json);
    assertThat(m.find()).as(json).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
