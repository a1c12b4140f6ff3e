package dev.tandem.runtime.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.Episode;
import dev.tandem.core.data.Step;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.testing.ChildJvm;
import dev.tandem.teleop.viewer.ControlMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code tandem teleop --web} in a real X server (Xvfb): a WebSocket client (what the page sends)
 * takes over and drives the session's robot, the desktop operator's deadman (xdotool) takes over
 * from it, and an E-STOP and resume from the socket go through the session's one e-stop path (the
 * desktop banner shows STOPPED). One child JVM run ({@link WebTeleopProbeMain}) serves all
 * assertions.
 */
class WebTeleopXvfbTest {
  static final Path OUT = Path.of("target", "web-teleop").toAbsolutePath();
  static ChildJvm.Result run;
  static List<Step> steps;
  static int eeX;

  @BeforeAll
  static void runSession() throws Exception {
    run =
        LiveTeleopXvfbTest.runProbe(
            WebTeleopProbeMain.class,
            OUT,
            List.of(
                OUT.resolve("session").toString(),
                LiveTeleopXvfbTest.configs().resolve("teleop/session.yaml").toString()),
            180);
    List<Episode> teleop = new ArrayList<>();
    try (EpisodeStore store = EpisodeStore.openReadOnly(OUT.resolve("session/data"))) {
      eeX = store.spec().environment().feature(FeatureSpec.STATE).names().indexOf("ee.x");
      for (long id : store.readableEpisodeIds()) {
        Episode e = store.readEpisode(id);
        if ("teleop".equals(e.meta().tags().get("phase"))) {
          teleop.add(e);
        }
      }
    }
    assertThat(teleop).as(run.all()).hasSize(1);
    steps = teleop.get(0).steps();
  }

  @Test
  void theBrowserDrivesUntilTheDesktopDeadmanTakesOverInTheSameIntervention() {
    List<ControlSource> sources = steps.stream().map(Step::source).toList();
    int first = sources.indexOf(ControlSource.HUMAN);
    int last = sources.lastIndexOf(ControlSource.HUMAN);
    assertThat(first).as(sources.toString()).isPositive();
    assertThat(sources.subList(first, last + 1))
        .as("one takeover")
        .containsOnly(ControlSource.HUMAN);
    List<Step> human = steps.subList(first, last + 1);
    // the browser's +y (0.5), then the desktop's Up (+x 0.5) while the browser still sent +y
    List<Integer> browser = new ArrayList<>();
    List<Integer> desktop = new ArrayList<>();
    for (Step s : human) {
      if (s.applied().get(1) == 0.5f && s.applied().get(0) == 0f) {
        browser.add(s.index());
      } else if (s.applied().get(0) == 0.5f && s.applied().get(1) == 0f) {
        desktop.add(s.index());
      }
    }
    assertThat(browser).as("steps the browser drove").hasSizeGreaterThanOrEqualTo(8);
    assertThat(desktop).as("steps the desktop drove").hasSizeGreaterThanOrEqualTo(5);
    assertThat(browser.get(browser.size() - 1))
        .as("once the desktop drives, the browser's commands are not applied")
        .isLessThan(desktop.get(0));
    int id = human.get(0).interventionId();
    assertThat(id).isGreaterThanOrEqualTo(0);
    assertThat(human).allSatisfy(s -> assertThat(s.interventionId()).isEqualTo(id));
    assertThat(run.lines())
        .anySatisfy(
            l -> assertThat(l).startsWith("cli web operator c").contains("drives from the web"))
        .anySatisfy(l -> assertThat(l).contains("took over from web operator c"));
  }

  @Test
  void anEStopFromTheSocketHoldsThroughTheSessionsEStopUntilTheSocketResumes() throws Exception {
    List<ControlSource> sources = steps.stream().map(Step::source).toList();
    int first = sources.indexOf(ControlSource.STOPPED);
    int last = sources.lastIndexOf(ControlSource.STOPPED);
    assertThat(first)
        .as(sources.toString())
        .isGreaterThan(sources.lastIndexOf(ControlSource.HUMAN));
    assertThat(sources.subList(first, last + 1)).containsOnly(ControlSource.STOPPED);
    assertThat(last - first + 1).as("stopped steps").isGreaterThanOrEqualTo(10);
    assertThat(steps.subList(first, last + 1))
        .allSatisfy(s -> assertThat(s.interventionId()).isEqualTo(Step.NO_INTERVENTION));
    // held in place: the arm was moving at up to 5 cm a step when the stop came (the starting
    // policy, trained briefly, acts at full scale); it brakes, comes back to where it stopped
    // within a centimetre, and from the sixth stopped step on stays within a millimetre
    assertThat(eeX).isNotNegative();
    float[] anchor = steps.get(first + 2).observation().state();
    float[] braked = steps.get(first + 5).observation().state();
    StringBuilder track = new StringBuilder();
    for (Step s : steps.subList(first - 2, last + 2)) {
      float[] st = s.observation().state();
      track.append(
          String.format(
              java.util.Locale.ROOT,
              "%d %s [%.4f %.4f %.4f] applied %s%n",
              s.index(),
              s.source(),
              st[eeX],
              st[eeX + 1],
              st[eeX + 2],
              s.applied()));
    }
    for (Step s : steps.subList(first + 2, last + 1)) {
      assertThat(distance(s.observation().state(), anchor))
          .as("back to where it stopped (m)\n" + track)
          .isLessThan(0.01);
    }
    for (Step s : steps.subList(first + 5, last + 1)) {
      double moved = distance(s.observation().state(), braked);
      assertThat(moved).as("end-effector travel while stopped (m)\n" + track).isLessThan(0.001);
    }
    assertThat(sources.subList(last + 1, sources.size()))
        .as("resumed from the socket: the policy drives again")
        .isNotEmpty()
        .containsOnly(ControlSource.POLICY);
    // the desktop operator's bridge stopped it: its terminal line and its viewer's banner
    assertThat(run.lines())
        .anySatisfy(l -> assertThat(l).startsWith("cli EMERGENCY STOP (web operator c"))
        .anySatisfy(l -> assertThat(l).startsWith("cli resumed (web operator c"));
    Path shot = Path.of(run.first("shot_stopped"));
    assertThat(shot.startsWith(OUT)).isTrue();
    LiveTeleopXvfbTest.assertBanner(ImageIO.read(shot.toFile()), ControlMode.STOPPED);
  }

  private static double distance(float[] a, float[] b) {
    return Math.sqrt(
        Math.pow(a[eeX] - b[eeX], 2)
            + Math.pow(a[eeX + 1] - b[eeX + 1], 2)
            + Math.pow(a[eeX + 2] - b[eeX + 2], 2));
  }
}
