package dev.tandem.runtime.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.config.ConfigException;
import dev.tandem.core.config.ConfigLoader;
import dev.tandem.core.env.Environment;
import dev.tandem.runtime.experiment.Experiment;
import dev.tandem.runtime.experiment.ExperimentConfig;
import dev.tandem.runtime.experiment.ExperimentResults;
import dev.tandem.runtime.experiment.RoundResult;
import dev.tandem.runtime.live.TeleopSessionConfig;
import dev.tandem.teleop.DeviceReading;
import dev.tandem.teleop.TeleopDevice;
import dev.tandem.teleop.device.ControllerState;
import dev.tandem.teleop.device.DeviceInputs;
import dev.tandem.teleop.device.Key;
import dev.tandem.teleop.device.KeyboardState;
import dev.tandem.teleop.device.LatestState;
import dev.tandem.teleop.device.RawInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task, an environment kind, a weighting scheme, a memory strategy, an operator rule and an input
 * device, each added from this test tree alone (one class plus one line in {@link
 * ExtensionConfigModule}), are loaded through the same YAML path users use and run for real: the
 * experiment trains, deploys under the simulated operator and evaluates on both new environments.
 */
class ExtensionByAdditionTest {
  @TempDir Path dir;

  private static final String EXPERIMENT =
      """
      type: experiment
      name: extension
      tasks:
        - type: Hover
          heightMeters: 0.2
          distanceThresholdMeters: 0.05
        - type: LineWorld
      seeds: [1]
      demos: 2
      rounds: 1
      deployEpisodes: 2
      evalEpisodes: 2
      parallelEnvironments: 2
      operator:
        rule: {type: from-step, step: 3}
        reactionDelaySteps: 0
      methods:
        - name: twice
          weighting: demos-twice
          memory: {capacitySamples: 20, strategy: newest-first}
      training: {steps: 20, batchSize: 16, device: cpu}
      """;

  private Path write(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  @Test
  void anExperimentRunsOnATaskAnEnvironmentKindAWeightingAMemoryAndARuleFromTheTestTree()
      throws Exception {
    ExperimentConfig config =
        (ExperimentConfig)
            ConfigLoader.discover().load(write("extension.yaml", EXPERIMENT), List.of());
    assertThat(config.tasks()).hasExactlyElementsOfTypes(HoverConfig.class, LineWorldConfig.class);
    int weightingUses = DemosTwice.USES.get();
    int memoryUses = NewestFirst.USES.get();

    ExperimentResults results =
        new Experiment(config, dir.resolve("run"), true, Clock.systemUTC()).run();

    assertThat(results.tasks()).containsExactly("Hover", "LineWorld");
    for (String task : results.tasks()) {
      List<RoundResult> deployed = results.select(task, "twice", 1);
      assertThat(deployed).as(task).hasSize(1);
      RoundResult r = deployed.get(0);
      assertThat(r.deployEpisodes()).as(task).isEqualTo(2);
      assertThat(r.evalEpisodes()).as(task).isEqualTo(2);
      // from-step takes over at tick 3 of every episode the policy has not finished by then
      assertThat(r.interventionsPerEpisode()).as(task + " interventions").isPositive();
    }
    assertThat(DemosTwice.USES.get()).as("weighting asked").isGreaterThan(weightingUses);
    assertThat(NewestFirst.USES.get()).as("memory strategy asked").isGreaterThan(memoryUses);
  }

  @Test
  void anUnknownTypeStillNamesTheFileLineAndEveryValidNameIncludingTheAddedOnes() throws Exception {
    Path f = write("typo.yaml", EXPERIMENT.replace("weighting: demos-twice", "weighting: twice"));
    assertThatThrownBy(() -> ConfigLoader.discover().load(f, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(f + ":19: ")
        .hasMessageContaining("methods.0.weighting.type")
        .hasMessageContaining("found 'twice'")
        .hasMessageContaining("demos-twice")
        .hasMessageContaining("sirius");
  }

  @Test
  void aDeviceFromTheTestTreeIsBuiltByItsConfigAndDrivesWhileItsPedalIsHeld() throws Exception {
    Path f =
        write(
            "session.yaml",
            """
            type: teleop_session
            task: {type: Hover, heightMeters: 0.2, distanceThresholdMeters: 0.05}
            devices: [{type: pedal, pedal: insert, speed: 0.8}]
            """);
    TeleopSessionConfig session = (TeleopSessionConfig) ConfigLoader.discover().load(f, List.of());
    assertThat(session.devices()).hasExactlyElementsOfTypes(PedalConfig.class);

    LatestState<KeyboardState> keyboard = new LatestState<>();
    DeviceInputs inputs =
        new DeviceInputs() {
          @Override
          public RawInput<KeyboardState> keyboard() {
            return keyboard;
          }

          @Override
          public RawInput<ControllerState> gamepad(int slot) {
            throw new AssertionError("the pedal reads the keyboard only");
          }

          @Override
          public RawInput<ControllerState> joystick(int slot, List<String> nameContains) {
            throw new AssertionError("the pedal reads the keyboard only");
          }
        };
    try (Environment env = session.task().create()) {
      TeleopDevice pedal = session.devices().get(0).create(env.spec().action(), inputs);
      assertThat(pedal.name()).isEqualTo("pedal");
      long now = 1_000_000_000L;
      keyboard.publish(KeyboardState.idle(now));
      DeviceReading idle = pedal.read(now);
      assertThat(idle.connected()).isTrue();
      assertThat(idle.deadman()).isFalse();

      keyboard.publish(KeyboardState.idle(now).press(Key.INSERT, now));
      DeviceReading held = pedal.read(now);
      assertThat(held.deadman()).isTrue();
      assertThat(held.action().values()[0]).isEqualTo(0.8f);
      assertThat(held.action().values()[1]).isZero();
    }
  }
}
