package dev.tandem.sim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.config.ConfigException;
import dev.tandem.core.config.ConfigLoader;
import dev.tandem.core.env.EnvironmentConfig;
import dev.tandem.core.spec.ActionSpec.ActionMode;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaskConfigsTest {

  static final Path TASKS = Path.of("../configs/tasks");
  final ConfigLoader loader = ConfigLoader.discover();

  @Test
  void reachAndPushYamlAreTheDefaults() {
    assertThat(loader.load(TASKS.resolve("reach.yaml"), List.of()))
        .isEqualTo(ReachConfig.defaults());
    assertThat(loader.load(TASKS.resolve("push.yaml"), List.of())).isEqualTo(PushConfig.defaults());
  }

  @Test
  void pickAndPlaceYamlHasACamera() {
    PickAndPlaceConfig c =
        (PickAndPlaceConfig) loader.load(TASKS.resolve("pick_and_place.yaml"), List.of());
    assertThat(c.sim().cameras()).containsExactly(CameraConfig.front(84, 84));
    assertThat(c.goalZRangeMeters()).isEqualTo(0.2);
  }

  @Test
  void pegYamlIsTheDefaultTaskWithDenseReward() {
    PegInsertionConfig c =
        (PegInsertionConfig) loader.load(TASKS.resolve("peg_insertion.yaml"), List.of());
    assertThat(c)
        .isEqualTo(
            PegInsertionConfig.defaults()
                .withSim(SimSettings.defaults().withRewardType(RewardType.DENSE)));
    assertThat(c.holeWidthMeters() - c.pegWidthMeters()).isCloseTo(0.002, within());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-12);
  }

  @Test
  void taskConfigsAreEnvironmentConfigs() {
    EnvironmentConfig c = (EnvironmentConfig) loader.load(TASKS.resolve("reach.yaml"), List.of());
    assertThat(c.taskName()).isEqualTo("Reach");
  }

  @Test
  void omittedSimBlockMeansDefaults() {
    ReachConfig c =
        loader.loadString(
            "t.yaml",
            "goalRangeMeters: 0.2\ndistanceThresholdMeters: 0.05\n",
            ReachConfig.class,
            List.of());
    assertThat(c.sim()).isEqualTo(SimSettings.defaults());
  }

  @Test
  void badValueIsReportedWithFileFieldAndLine() {
    String yaml =
        String.join(
            "\n",
            "type: Reach",
            "goalRangeMeters: 0.3",
            "distanceThresholdMeters: 0.05",
            "sim:",
            "  seed: 0",
            "  physicsRateHz: 500",
            "  substeps: 0",
            "  solverIterations: 10",
            "  rotationControl: false",
            "  maxEeStepMeters: 0.05",
            "  maxEpisodeSteps: 50",
            "");
    assertThatThrownBy(() -> loader.loadString("bad.yaml", yaml, ReachConfig.class, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bad.yaml")
        .hasMessageContaining("substeps")
        .hasMessageContaining("found 0");
  }

  static Stream<Arguments> invalid() {
    SimSettings d = SimSettings.defaults();
    return Stream.of(
        Arguments.of(
            (Supplier<Object>) () -> new ReachConfig(d, 0.9, 0.05), "goalRangeMeters: found 0.9"),
        Arguments.of(
            (Supplier<Object>) () -> d.withSubsteps(0), "substeps: found 0, expected an integer"),
        Arguments.of(
            (Supplier<Object>)
                () -> d.withActionMode(ActionMode.JOINT_POSITION).withRotationControl(true),
            "rotationControl: found true with actionMode JOINT_POSITION"),
        Arguments.of(
            (Supplier<Object>)
                () ->
                    d.withCameras(List.of(CameraConfig.front(84, 84), CameraConfig.front(64, 64))),
            "cameras: found the name 'front' twice"),
        Arguments.of(
            (Supplier<Object>)
                () ->
                    new CameraConfig(
                        "c", 8, 8, new double[] {0, 1}, new double[3], new double[3], 45, false),
            "eye: found 2 numbers, expected 3 numbers"),
        Arguments.of(
            (Supplier<Object>)
                () -> new PegInsertionConfig(d, 0.02, 0.1, 0.05, 0.019, 0.04, 0.2, 0.025),
            "holeWidthMeters: found 0.019, expected wider than the peg (0.02)"),
        Arguments.of(
            (Supplier<Object>)
                () -> new PegInsertionConfig(d, 0.02, 0.1, 0.05, 0.022, 0.04, 0.2, 0.05),
            "successDepthMeters: found 0.05"),
        Arguments.of(
            (Supplier<Object>)
                () -> new PegInsertionConfig(d, 0.02, 0.06, 0.05, 0.022, 0.04, 0.2, 0.025),
            "pegLengthMeters: found 0.06"),
        Arguments.of(
            (Supplier<Object>)
                () ->
                    new CameraConfig(
                        "a b",
                        84,
                        84,
                        new double[3],
                        new double[] {1, 0, 0},
                        new double[] {0, 0, 1},
                        45,
                        false),
            "name: found 'a b'"),
        Arguments.of(
            (Supplier<Object>)
                () ->
                    new CameraConfig(
                        "c",
                        84,
                        84,
                        new double[2],
                        new double[] {1, 0, 0},
                        new double[] {0, 0, 1},
                        45,
                        false),
            "eye: found 2 numbers, expected 3 numbers"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalid")
  void invalidValuesAreRefusedNamingTheField(Supplier<Object> make, String message) {
    assertThatThrownBy(make::get)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message.substring(0, message.indexOf(':') + 1))
        .hasMessageContaining(message);
  }

  static Stream<Arguments> described() {
    ConfigLoader loader = ConfigLoader.discover();
    TaskConfig reach = (TaskConfig) loader.load(TASKS.resolve("reach.yaml"), List.of());
    Stream<Arguments> files =
        Stream.of("reach.yaml", "push.yaml", "pick_and_place.yaml", "peg_insertion.yaml")
            .map(f -> Arguments.of(f, loader.load(TASKS.resolve(f), List.of())));
    return Stream.concat(
        files,
        Stream.of(
            Arguments.of(
                "reach, joint velocities",
                reach.withSim(reach.sim().withActionMode(ActionMode.JOINT_VELOCITY))),
            Arguments.of(
                "reach, rotation control", reach.withSim(reach.sim().withRotationControl(true)))));
  }

  /**
   * A config describes its environments without creating one (an experiment and its command read
   * the spec before any environment runs): the spec is the one a created environment has.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("described")
  void theSpecOfAConfigIsTheSpecOfItsEnvironments(String name, TaskConfig config) {
    try (var env = config.create()) {
      assertThat(config.spec()).usingRecursiveComparison().isEqualTo(env.spec());
    }
  }
}
