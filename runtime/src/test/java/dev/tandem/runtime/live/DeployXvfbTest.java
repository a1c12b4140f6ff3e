package dev.tandem.runtime.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.Episode;
import dev.tandem.core.data.Step;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.testing.ChildJvm;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code tandem deploy} end to end without hardware: a Reach policy trained in sim drives {@code
 * tandem sim-robot} (the Bullet sim as a ROS 2 robot) through the bridge over DDS on 127.0.0.1, in
 * a real X server (Xvfb) with real key events (xdotool) from a scripted operator: the scene reset
 * and "ready" before each episode, a takeover, an e-stop and its release, a retraining and hot swap
 * between the episodes. One child JVM run ({@link DeployProbeMain}) serves all assertions.
 */
class DeployXvfbTest {
  static final Path OUT = Path.of("target", "deploy").toAbsolutePath();
  static ChildJvm.Result run;
  static List<Episode> episodes;
  static List<String> stateNames;

  @BeforeAll
  static void deploy() throws Exception {
    run =
        LiveTeleopXvfbTest.runProbe(
            DeployProbeMain.class,
            OUT,
            List.of(OUT.toString(), LiveTeleopXvfbTest.configs().toString()),
            300);
    try (EpisodeStore store = EpisodeStore.openReadOnly(OUT.resolve("session/data"))) {
      episodes = new ArrayList<>();
      for (long id : store.readableEpisodeIds()) {
        episodes.add(store.readEpisode(id));
      }
      stateNames = store.spec().environment().feature(FeatureSpec.STATE).names();
      assertThat(store.spec().environment().name()).isEqualTo("ros2/panda");
    }
    episodes.sort(Comparator.comparing(e -> Integer.parseInt(e.meta().tags().get("episode"))));
  }

  @Test
  void eachEpisodeStartsOnlyAfterTheOperatorSaysTheSceneIsReady() {
    assertThat(episodes).as(run.all()).hasSize(3);
    List<String> lines = run.lines();
    int ask1 = indexOf(lines, "cli episode 1: reset the scene");
    int ready1 = indexOf(lines, "cli scene ready (F9)");
    int start1 = indexOf(lines, "cli episode 1 started");
    int ask2 = indexOf(lines, "cli episode 2: reset the scene");
    int ready2 = indexOf(lines, "cli scene ready (/ready)");
    int start2 = indexOf(lines, "cli episode 2 started");
    int ask3 = indexOf(lines, "cli episode 3: reset the scene");
    int ready3 = indexOf(lines, "cli scene ready (/tandem/ready)");
    int start3 = indexOf(lines, "cli episode 3 started");
    assertThat(List.of(ask1, ready1, start1, ask2, ready2, start2, ask3, ready3, start3))
        .isSorted()
        .doesNotContain(-1);
    assertThat(lines.get(ask3)).contains("or publish true on /tandem/ready");
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("cli deploying v1@"));
  }

  @Test
  void takeoverEStopAndPolicyStepsAreRecordedWithTheirSources() {
    List<Step> steps = episodes.get(0).steps();
    List<ControlSource> sources = steps.stream().map(Step::source).toList();
    assertThat(sources.get(0)).isEqualTo(ControlSource.POLICY);
    int firstHuman = sources.indexOf(ControlSource.HUMAN);
    int lastHuman = sources.lastIndexOf(ControlSource.HUMAN);
    int firstStop = sources.indexOf(ControlSource.STOPPED);
    int lastStop = sources.lastIndexOf(ControlSource.STOPPED);
    assertThat(firstHuman).as(sources.toString()).isPositive();
    assertThat(sources.subList(firstHuman, lastHuman + 1))
        .as("one contiguous takeover")
        .containsOnly(ControlSource.HUMAN);
    assertThat(lastHuman - firstHuman + 1).as("takeover steps (25 Hz)").isGreaterThanOrEqualTo(10);
    assertThat(firstStop).as(sources.toString()).isGreaterThan(lastHuman);
    assertThat(sources.subList(firstStop, lastStop + 1)).containsOnly(ControlSource.STOPPED);
    assertThat(lastStop - firstStop + 1).as("e-stopped steps").isGreaterThanOrEqualTo(5);
    assertThat(sources.subList(lastStop + 1, sources.size()))
        .as("resumed: the policy drives again")
        .isNotEmpty()
        .containsOnly(ControlSource.POLICY);
    // Up drives +x at the keyboard's speed while the policy proposed something else
    assertThat(steps.subList(firstHuman, lastHuman + 1))
        .anySatisfy(s -> assertThat(s.applied().get(0)).isEqualTo(0.5f))
        .allSatisfy(s -> assertThat(s.interventionId()).isEqualTo(0));
    // the bridge held the arm's posture while stopped (Ros2Robot.estop): its held ticks are in
    // the episode's outcome, which the bridge's last transition wrote, with the steps they were
    // at; none in episode 2, which nobody stopped
    assertThat(episodes.get(0).outcome().detail())
        .containsPattern("this episode safety: .*\\d+ held ticks")
        .contains("held ticks " + firstStop);
    assertThat(episodes.get(1).outcome().detail()).doesNotContain("held ticks");
  }

  @Test
  void aTypedCorrectionOnTheRobotIsRecordedAsCorrectedStepsWithItsWords() {
    List<Step> steps = episodes.get(1).steps();
    Step said =
        steps.stream()
            .filter(s -> !s.language().isEmpty())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no language on episode 2\n" + run.all()));
    assertThat(said.language().get(0).text()).isEqualTo("a bit more to the left");
    assertThat(said.language().get(0).understood()).isTrue();
    List<Step> corrected =
        steps.stream().filter(s -> s.source() == ControlSource.CORRECTED).toList();
    assertThat(corrected).as("steps driven by the correction").isNotEmpty();
    assertThat(corrected).allSatisfy(s -> assertThat(s.interventionId()).isGreaterThanOrEqualTo(0));
    assertThat(corrected.get(0).index()).isGreaterThanOrEqualTo(said.index());
    assertThat(run.lines()).anySatisfy(l -> assertThat(l).startsWith("cli correction (terminal):"));
  }

  @Test
  void thePolicyIsRetrainedBetweenEpisodesAndTheNextEpisodeRunsTheNewVersion() {
    String v1 = episodes.get(0).meta().policyVersion();
    String v2 = episodes.get(1).meta().policyVersion();
    assertThat(v1).startsWith("v1@");
    assertThat(v2).startsWith("v2@");
    // retrained after each episode (retrainEveryEpisodes: 1): v2 after the first, ... v4 after the
    // last
    assertThat(new PolicyRegistry(OUT.resolve("policies")).list()).hasSize(4);
    assertThat(run.lines())
        .anySatisfy(l -> assertThat(l).contains("retrained: " + v1 + " -> " + v2));
    assertThat(episodes.get(1).steps()).isNotEmpty();
    assertThat(episodes.get(1).steps().get(0).source()).isEqualTo(ControlSource.POLICY);
  }

  @Test
  void theRecordedObservationIsTheSimsReachLayoutWithTheGoalFromPoseStamped() {
    assertThat(stateNames.subList(stateNames.size() - 3, stateNames.size()))
        .containsExactly("goal.x", "goal.y", "goal.z");
    int g = stateNames.indexOf("goal.x");
    float[] s = episodes.get(0).steps().get(0).observation().state();
    // Reach's goals: a 30 cm cube above the table centre (world frame)
    assertThat(s[g]).isBetween(-0.15f, 0.15f);
    assertThat(s[g + 2]).isBetween(0f, 0.3f);
  }

  @Test
  void datasetInfoShowsWhatTheSafetyLayerDidByEpisodeAndStep() {
    java.io.StringWriter text = new java.io.StringWriter();
    java.io.PrintWriter w = new java.io.PrintWriter(text);
    int exit =
        dev.tandem.runtime.cli.TandemCli.execute(
            new String[] {"dataset", "info", OUT.resolve("session/data").toString()}, w, w);
    assertThat(exit).as(text.toString()).isZero();
    long first = episodes.get(0).id();
    assertThat(text.toString())
        .contains("safety       what a robot bridge's safety layer did, by episode")
        .containsPattern(
            "  episode " + first + ": .*held ticks.*; safety by step: .*held ticks \\d+");
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }
}
