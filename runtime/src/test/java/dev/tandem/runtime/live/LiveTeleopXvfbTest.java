package dev.tandem.runtime.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.Episode;
import dev.tandem.core.data.LanguageEvent;
import dev.tandem.core.data.Step;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.testing.ChildJvm;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.teleop.viewer.ControlMode;
import dev.tandem.teleop.viewer.OverlayLayout;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code tandem teleop} in a real X server (Xvfb) with real key events (xdotool), end to end: the
 * operator's takeover, motion and hand-back, typed corrections (viewer and terminal, understood and
 * not) and a retraining asked for with F5 reach the recorded episodes with the right labels; the
 * screenshots show the scene and the mode banner. One child JVM run serves all assertions.
 */
class LiveTeleopXvfbTest {
  static final Path OUT = Path.of("target", "live-teleop").toAbsolutePath();
  static ChildJvm.Result run;
  static List<Episode> teleop;

  @BeforeAll
  static void runSession() throws Exception {
    run =
        runProbe(
            TeleopProbeMain.class,
            OUT,
            List.of(
                OUT.resolve("session").toString(),
                configs().resolve("teleop/session.yaml").toString()),
            300);
    try (EpisodeStore store = EpisodeStore.openReadOnly(OUT.resolve("session/data"))) {
      teleop = new ArrayList<>();
      for (long id : store.readableEpisodeIds()) {
        Episode e = store.readEpisode(id);
        if ("teleop".equals(e.meta().tags().get("phase"))) {
          teleop.add(e);
        }
      }
    }
    teleop.sort(Comparator.comparing(e -> Integer.parseInt(e.meta().tags().get("episode"))));
  }

  @Test
  void takeoverMotionAndHandBackAreRecordedWithTheTickWhereControlChanged() {
    assertThat(teleop).as(run.all()).hasSize(2);
    List<Step> steps = teleop.get(0).steps();
    List<Integer> human = new ArrayList<>();
    for (Step s : steps) {
      if (s.source() == ControlSource.HUMAN) {
        human.add(s.index());
      }
    }
    assertThat(human).as("steps driven by the operator").hasSizeGreaterThanOrEqualTo(8);
    int first = human.get(0);
    int last = human.get(human.size() - 1);
    assertThat(human).as("one contiguous takeover").hasSize(last - first + 1);
    assertThat(first).as("the policy drove before the takeover").isGreaterThan(0);
    assertThat(steps.get(first - 1).source()).isEqualTo(ControlSource.POLICY);
    assertThat(steps.get(last + 1).source()).as("handed back").isNotEqualTo(ControlSource.HUMAN);
    int takeoverId = steps.get(first).interventionId();
    assertThat(takeoverId).isGreaterThanOrEqualTo(0);
    assertThat(steps.subList(first, last + 1))
        .allSatisfy(s -> assertThat(s.interventionId()).isEqualTo(takeoverId));
    assertThat(steps.get(first - 1).interventionId()).isEqualTo(Step.NO_INTERVENTION);
    // Up drives +x at the keyboard's speed (0.5): applied, while the policy proposed something else
    List<Step> up =
        steps.subList(first, last + 1).stream()
            .filter(s -> Math.abs(s.applied().get(0) - 0.5f) < 1e-6)
            .toList();
    assertThat(up).hasSizeGreaterThanOrEqualTo(5);
    assertThat(up).anySatisfy(s -> assertThat(s.proposed()).isNotEqualTo(s.applied()));
    // ... and the arm moved forward
    int x = stateIndex(teleop.get(0), "ee.x");
    double moved =
        steps.get(last + 1).observation().state()[x] - steps.get(first).observation().state()[x];
    assertThat(moved).as("ee.x travelled during the takeover (m)").isGreaterThan(0.03);
    assertThat(run.lines()).anySatisfy(l -> assertThat(l).contains("control POLICY -> HUMAN"));
  }

  @Test
  void correctionsTypedInTheViewerAndOnTheTerminalAreOnTheTimeline() {
    List<Step> steps = teleop.get(0).steps();
    List<LanguageEvent> events = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    for (Step s : steps) {
      for (LanguageEvent e : s.language()) {
        events.add(e);
        at.add(s.index());
      }
    }
    assertThat(events)
        .as(run.all())
        .extracting(LanguageEvent::text)
        .containsExactly("a bit slower", "banana", "stop", "continue");
    assertThat(events)
        .extracting(LanguageEvent::understood)
        .containsExactly(true, false, true, true);
    assertThat(events.get(1).interpretation()).contains("banana").contains("try");
    assertThat(run.lines())
        .anySatisfy(l -> assertThat(l).startsWith("cli not understood (viewer):").contains("try"));
    // "a bit slower": a correction (mode correcting), its own intervention
    Step slower = steps.get(at.get(0));
    assertThat(slower.source()).isEqualTo(ControlSource.CORRECTED);
    assertThat(slower.interventionId())
        .isNotEqualTo(
            steps.stream()
                .filter(s -> s.source() == ControlSource.HUMAN)
                .findFirst()
                .get()
                .interventionId());
    // "stop" holds position until "continue": corrected steps; once stopped (a few steps), the
    // end effector stays put (the applied deltas are the small ones that keep it there). The
    // step that carries "stop" may already have been computed when the words arrived (they come
    // between ticks), so holding is asserted from the step after it.
    assertThat(steps.get(at.get(2)).source()).isEqualTo(ControlSource.CORRECTED);
    List<Step> held = steps.subList(at.get(2) + 1, at.get(3));
    assertThat(held).hasSizeGreaterThanOrEqualTo(4);
    int x = stateIndex(teleop.get(0), "ee.x");
    float[] first = held.get(2).observation().state();
    assertThat(held)
        .allSatisfy(
            s -> {
              assertThat(s.source()).isEqualTo(ControlSource.CORRECTED);
              for (int k = 0; k < 3; k++) {
                assertThat(Math.abs(s.applied().get(k))).as("held delta").isLessThan(0.1f);
              }
            });
    float[] last = steps.get(at.get(3)).observation().state();
    double moved =
        Math.sqrt(
            Math.pow(last[x] - first[x], 2)
                + Math.pow(last[x + 1] - first[x + 1], 2)
                + Math.pow(last[x + 2] - first[x + 2], 2));
    assertThat(moved).as("end-effector travel while held (m)").isLessThan(0.001);
    assertThat(steps.get(at.get(3)).source()).as("continue").isEqualTo(ControlSource.POLICY);
  }

  @Test
  void f5RetrainsAfterTheEpisodeAndTheNextEpisodeRunsTheNewVersion() {
    String v1 = teleop.get(0).meta().tags().get("policy");
    String v2 = teleop.get(1).meta().tags().get("policy");
    assertThat(v1).startsWith("v1@");
    assertThat(v2).startsWith("v2@");
    assertThat(teleop.get(1).meta().tags()).containsEntry("round", "1");
    assertThat(new PolicyRegistry(OUT.resolve("session/policies")).list()).hasSize(2);
    assertThat(run.lines())
        .anySatisfy(l -> assertThat(l).contains("retrained: " + v1 + " -> " + v2));
    assertThat(run.lines())
        .anySatisfy(l -> assertThat(l).contains("training BC on the scripted demos"));
  }

  @Test
  void screenshotsShowTheSceneAndTheModeBanner() throws IOException {
    BufferedImage human = png(run.first("shot_human"));
    BufferedImage stop = png(run.first("shot_stop"));
    assertThat(human.getWidth()).isEqualTo(640);
    assertThat(human.getHeight()).isEqualTo(480);
    assertBanner(human, ControlMode.HUMAN);
    assertBanner(stop, ControlMode.CORRECTING);
    for (BufferedImage image : List.of(human, stop)) {
      int band = OverlayLayout.bannerHeight(image.getHeight());
      // not blank: the scene below the banner has contrast and many colours (table, cube, and the
      // robot where the policy left it in view; the overlays over an empty scene give under 10)
      double sum = 0;
      double sumSq = 0;
      int n = 0;
      Set<Integer> colours = new HashSet<>();
      for (int y = band; y < image.getHeight(); y++) {
        for (int x = 0; x < image.getWidth(); x++) {
          int rgb = image.getRGB(x, y) & 0xffffff;
          double lum = 0.299 * (rgb >> 16) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
          sum += lum;
          sumSq += lum * lum;
          n++;
          colours.add(rgb);
        }
      }
      double std = Math.sqrt(sumSq / n - (sum / n) * (sum / n));
      assertThat(std).as("luminance spread").isGreaterThan(15);
      assertThat(colours.size()).as("distinct colours").isGreaterThan(100);
    }
  }

  @Test
  void theBannerSaysIdleTrainingAndRetrainingWhileNothingRuns() throws IOException {
    assertBanner(png(run.first("shot_idle")), ControlMode.IDLE);
    assertBanner(png(run.first("shot_training")), ControlMode.TRAINING);
    assertBanner(png(run.first("shot_retraining")), ControlMode.RETRAINING);
  }

  @Test
  void whileNothingRunsTheOperatorIsToldAndAHeldDeadmanDrivesTheNextEpisode() {
    assertThat(run.lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("cli not applied (terminal):")
                    .contains("the starting policy is training"));
    assertThat(run.lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("cli not applied (viewer):")
                    .contains("the policy is retraining"));
    assertThat(run.lines())
        .anySatisfy(l -> assertThat(l).contains("cannot drive now: the policy is retraining"));
    // "left", typed while nothing ran, was applied to nothing and recorded nowhere
    for (Episode e : teleop) {
      assertThat(e.steps())
          .allSatisfy(
              s -> assertThat(s.language()).extracting(LanguageEvent::text).doesNotContain("left"));
    }
    // the deadman held through the retraining drives the second episode from its start, and the
    // takeover's latency counts from that start, not from the press during the retraining
    Matcher latency =
        Pattern.compile("last takeover shown (\\d+) ms after the deadman")
            .matcher(run.first("cli viewer during episode 2:"));
    assertThat(latency.find()).as(run.all()).isTrue();
    assertThat(Integer.parseInt(latency.group(1))).isLessThan(2000);
    List<Step> second = teleop.get(1).steps();
    int firstHuman = 0;
    while (firstHuman < second.size() && second.get(firstHuman).source() != ControlSource.HUMAN) {
      firstHuman++;
    }
    assertThat(firstHuman).as(run.all()).isLessThanOrEqualTo(2);
  }

  @Test
  void theViewerAndTheKeyboardKeepTheirRateWhileThePolicyRetrains() {
    String timing = run.first("cli viewer while retraining:");
    Matcher m = Pattern.compile("longest input gap (\\d+) ms").matcher(timing);
    assertThat(m.find()).as(timing).isTrue();
    // the keyboard reads as lost when its input is older than 0.5 s (KeyboardConfig default)
    assertThat(Integer.parseInt(m.group(1))).as(timing).isLessThan(500);
    assertThat(run.lines()).noneSatisfy(l -> assertThat(l).contains(" lost"));
  }

  @Test
  void episodesRecordTheVersionThatDroveThemAndTheRateTheSessionRanAt() {
    assertThat(teleop.get(0).meta().policyVersion()).startsWith("v1@");
    assertThat(teleop.get(1).meta().policyVersion()).startsWith("v2@");
    for (Episode e : teleop) {
      assertThat(e.meta().policyVersion()).isEqualTo(e.meta().tags().get("policy"));
      assertThat(e.meta().tags()).containsEntry("rateHz", "10");
      // the steps' wall-clock stamps are 0.1 s apart
      List<Step> steps = e.steps();
      long[] gaps = new long[steps.size() - 1];
      for (int i = 1; i < steps.size(); i++) {
        gaps[i - 1] = steps.get(i).stampNanos() - steps.get(i - 1).stampNanos();
      }
      java.util.Arrays.sort(gaps);
      assertThat(gaps[gaps.length / 2] / 1e6)
          .as("median step interval (ms)")
          .isBetween(80.0, 120.0);
    }
    try (EpisodeStore store = EpisodeStore.openReadOnly(OUT.resolve("session/data"))) {
      assertThat(store.spec().environment().controlRateHz()).isEqualTo(10.0);
    }
  }

  @Test
  void dragging_the_mouse_moves_the_view_and_the_view_is_remembered() throws IOException {
    for (String size : List.of("", "_big")) {
      BufferedImage a = png(run.first("shot_still_a" + size));
      BufferedImage b = png(run.first("shot_still_b" + size));
      BufferedImage orbited = png(run.first("shot_orbited" + size));
      double still = changed(a, b);
      double moved = changed(b, orbited);
      // the policy moving the arm changes a few pixels; turning the view changes much of the scene
      // (at 1280x800 the same drag turns the same angle, and the scene is a smaller part of the
      // window: 9.9 % of its pixels changed in one run)
      assertThat(still).as("scene pixels changed with the view unmoved" + size).isLessThan(0.1);
      assertThat(moved).as("scene pixels changed by the drag" + size).isGreaterThan(0.05);
      assertThat(moved).isGreaterThan(3 * still);
      assertThat(
              changed(png(run.first("shot_top" + size)), png(run.first("shot_workspace" + size))))
          .as("F4 (top) and F7 (workspace) show different views" + size)
          .isGreaterThan(0.1);
      String file = run.first("view_file" + size);
      assertThat(file).as("the dragged view is saved").contains("preset=CUSTOM");
    }
    java.util.Properties saved = new java.util.Properties();
    try (var r = Files.newBufferedReader(OUT.resolve("session").resolve(LiveSession.VIEW_FILE))) {
      saved.load(r);
    }
    // the last view chosen (F7: the whole workspace) is what the next session opens with
    assertThat(saved.getProperty("preset")).isEqualTo("HOME");
    assertThat(png(run.first("shot_orbited")).getWidth()).isEqualTo(640);
    assertThat(png(run.first("shot_orbited_big")).getWidth()).isEqualTo(1280);
    assertThat(png(run.first("shot_orbited_big")).getHeight()).isEqualTo(800);
  }

  @Test
  void the_help_names_the_keys_of_the_configured_devices_that_are_connected() throws IOException {
    TeleopSessionConfig cfg =
        (TeleopSessionConfig)
            dev.tandem.core.config.ConfigLoader.discover()
                .load(configs().resolve("teleop/session.yaml"), List.of());
    var keyboard =
        cfg.devices().stream()
            .filter(d -> d instanceof dev.tandem.teleop.device.KeyboardConfig)
            .findFirst()
            .orElseThrow();
    String deadman = dev.tandem.teleop.device.BindingWords.control(keyboard.deadmanControl());
    assertThat(deadman).isEqualTo("Left Ctrl");
    List<String> help = run.with("cli help:");
    assertThat(help)
        .as(run.all())
        .contains(
            "KEYBOARD (connected)",
            "hold " + deadman + " to drive, release to hand back",
            "GAMEPAD (not connected)",
            "SPACEMOUSE (not connected)");
    // bindings only for the device that answers: nothing of the gamepad's or SpaceMouse's
    for (var d : cfg.devices()) {
      if (!(d instanceof dev.tandem.teleop.device.KeyboardConfig)) {
        assertThat(help).doesNotContain(d.bindingsInWords().get(0));
      }
    }
    assertThat(help)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains(dev.tandem.teleop.device.BindingWords.control(cfg.retrainKey())));
    assertThat(run.lines().stream().filter(l -> l.startsWith("typed_help_opened")))
        .as("\"help\" typed in the viewer opened the help, at both sizes")
        .hasSize(2);
    // "help" typed in the correction line opened the help: it is not a correction
    for (Episode e : teleop) {
      assertThat(e.steps())
          .allSatisfy(
              st ->
                  assertThat(st.language()).extracting(LanguageEvent::text).doesNotContain("help"));
    }
    for (String size : List.of("", "_big")) {
      BufferedImage shot = png(run.first("shot_help" + size));
      // the panel: dark in the middle, with many bright letter pixels
      int bright = 0;
      for (int y = shot.getHeight() / 4; y < 3 * shot.getHeight() / 4; y++) {
        for (int x = shot.getWidth() / 4; x < 3 * shot.getWidth() / 4; x++) {
          int rgb = shot.getRGB(x, y);
          if (((rgb >> 16) & 0xff) > 230 && ((rgb >> 8) & 0xff) > 200) {
            bright++;
          }
        }
      }
      assertThat(bright).as("help text pixels" + size).isGreaterThan(2000);
    }
  }

  @Test
  void escape_stops_the_robot_in_place_until_f12_resumes_it() throws IOException {
    List<Step> steps = teleop.get(1).steps();
    int x = stateIndex(teleop.get(1), "ee.x");
    List<List<Step>> runs = new ArrayList<>();
    List<Step> current = null;
    for (Step s : steps) {
      if (s.source() == ControlSource.STOPPED) {
        if (current == null) {
          current = new ArrayList<>();
          runs.add(current);
        }
        current.add(s);
      } else {
        current = null;
      }
    }
    assertThat(runs).as("two stops (640x480 and 1280x800), each resumed").hasSize(2);
    for (List<Step> held : runs) {
      assertThat(held).hasSizeGreaterThanOrEqualTo(6); // held about 1 s at 10 Hz
      // a step's observation comes before its action: the first held step's shows the arm still
      // moving from the policy's last step; it stops during the first held step
      float[] first = held.get(1).observation().state();
      for (Step s : held) {
        assertThat(s.interventionId()).isEqualTo(Step.NO_INTERVENTION);
        for (int k = 0; k < 3; k++) {
          // the arbiter holds (zero motion); the hold that keeps the arm in place shows as small
          // deltas that bring it back to where it stopped (0.05 action units = 2.5 mm)
          assertThat(Math.abs(s.applied().get(k)))
              .as("held: no end-effector motion")
              .isLessThan(0.05f);
        }
      }
      for (Step s : held.subList(1, held.size())) {
        float[] now = s.observation().state();
        double moved =
            Math.sqrt(
                Math.pow(now[x] - first[x], 2)
                    + Math.pow(now[x + 1] - first[x + 1], 2)
                    + Math.pow(now[x + 2] - first[x + 2], 2));
        assertThat(moved).as("end-effector travel while stopped (m)").isLessThan(0.002);
      }
      int after = held.get(held.size() - 1).index() + 1;
      assertThat(steps.get(after).source())
          .as("F12 resumed: the policy drives")
          .isEqualTo(ControlSource.POLICY);
    }
    assertThat(run.lines()).anySatisfy(l -> assertThat(l).startsWith("cli EMERGENCY STOP (Esc"));
    assertThat(run.lines()).anySatisfy(l -> assertThat(l).startsWith("cli resumed (F12"));
    BufferedImage stopped = png(run.first("shot_stopped"));
    assertThat(stopped.getWidth()).isEqualTo(640);
    assertBanner(stopped, ControlMode.STOPPED);
    BufferedImage big = png(run.first("shot_stopped_big"));
    assertThat(big.getWidth()).isEqualTo(1280);
    assertBanner(big, ControlMode.STOPPED);
  }

  @Test
  void every_line_on_the_terminal_is_timestamped() {
    assertThat(run.with("unstamped")).as(run.all()).isEmpty();
    assertThat(run.with("cli")).hasSizeGreaterThan(20);
  }

  /** The fraction of pixels between the top and bottom text that differ noticeably. */
  private static double changed(BufferedImage a, BufferedImage b) {
    int h = a.getHeight();
    int top = OverlayLayout.sceneTop(h);
    int bottom = OverlayLayout.sceneBottom(h) - 3 * h / 20; // the correction lines may show
    int n = 0;
    int total = 0;
    for (int y = top; y < bottom; y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        int d =
            Math.max(
                Math.abs(((p >> 16) & 0xff) - ((q >> 16) & 0xff)),
                Math.max(
                    Math.abs(((p >> 8) & 0xff) - ((q >> 8) & 0xff)),
                    Math.abs((p & 0xff) - (q & 0xff))));
        total++;
        if (d > 24) {
          n++;
        }
      }
    }
    return (double) n / total;
  }

  static void assertBanner(BufferedImage image, ControlMode mode) {
    int band = OverlayLayout.bannerHeight(image.getHeight());
    int rgb = image.getRGB(image.getWidth() - 6, band / 2);
    int[] p = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
    float[] want = mode.rgb();
    for (int c = 0; c < 3; c++) {
      assertThat(p[c])
          .as(mode + " banner channel " + c)
          .isCloseTo(Math.round(want[c] * 255), org.assertj.core.data.Offset.offset(4));
    }
  }

  private static BufferedImage png(String path) throws IOException {
    Path file = Path.of(path);
    assertThat(file).exists();
    assertThat(file.startsWith(OUT)).as(file + " under target/").isTrue();
    return ImageIO.read(file.toFile());
  }

  private static int stateIndex(Episode e, String name) {
    assertThat(e.steps()).isNotEmpty();
    // the sim's state names come with the spec; ee.x follows the joint positions
    try (EpisodeStore store = EpisodeStore.openReadOnly(OUT.resolve("session/data"))) {
      for (FeatureSpec f : store.spec().environment().observationFeatures()) {
        if (f.key().equals(FeatureSpec.STATE)) {
          return f.names().indexOf(name);
        }
      }
    }
    throw new AssertionError("no state feature");
  }

  // ------------------------------------------------------------------ the child JVM

  /**
   * Runs {@code probe} (a live command driven under Xvfb) in a child JVM with {@code args}, into a
   * fresh {@code out} where its output is kept as probe-output.txt, and checks it ended cleanly:
   * "done", no error line, no failed xdotool, exit 0. Skips the test where xvfb-run or xdotool is
   * missing.
   */
  static ChildJvm.Result runProbe(Class<?> probe, Path out, List<String> args, int timeoutSeconds)
      throws IOException, InterruptedException {
    assumeTrue(
        ChildJvm.onPath("xvfb-run"), "xvfb-run is not installed (apt-get install xvfb xauth)");
    assumeTrue(ChildJvm.onPath("xdotool"), "xdotool is not installed (apt-get install xdotool)");
    deleteRecursively(out);
    Files.createDirectories(out);
    ChildJvm.Result r = ChildJvm.run(probe, args, Map.of(), true, 1024, timeoutSeconds);
    Files.writeString(out.resolve("probe-output.txt"), r.all());
    assertThat(r.lines()).as(r.all()).contains("done");
    assertThat(r.with("error")).as(r.all()).isEmpty();
    assertThat(r.with("xdotool_failed")).as(r.all()).isEmpty();
    assertThat(r.first("exit")).as(r.all()).isEqualTo("0");
    return r;
  }

  static Path configs() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("configs"))) {
      p = p.getParent();
    }
    assertThat(p).isNotNull();
    return p.resolve("configs");
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
