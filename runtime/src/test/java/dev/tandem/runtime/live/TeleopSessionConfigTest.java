package dev.tandem.runtime.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.config.ConfigException;
import dev.tandem.core.config.ConfigLoader;
import dev.tandem.intervention.weighting.Sirius;
import dev.tandem.teleop.device.Key;
import java.util.List;
import org.junit.jupiter.api.Test;

class TeleopSessionConfigTest {
  static final String TASK =
      """
      task:
        type: Reach
        goalRangeMeters: 0.3
        distanceThresholdMeters: 0.05
        sim: {seed: 0, physicsRateHz: 500, substeps: 20, solverIterations: 10, rewardType: SPARSE,
              actionMode: EE_DELTA, rotationControl: false, maxEeStepMeters: 0.05,
              maxEpisodeSteps: 50, cameras: []}
      """;

  private static TeleopSessionConfig loadSession(String extra) {
    return ConfigLoader.discover()
        .loadString("session.yaml", TASK + extra, TeleopSessionConfig.class, List.of());
  }

  @Test
  void defaultsAreThreeDevicesSiriusF5AndRetrainingEveryTwoEpisodes() {
    TeleopSessionConfig c = loadSession("");
    assertThat(c.devices())
        .extracting(d -> d.deviceName())
        .containsExactly("keyboard", "gamepad", "spacemouse");
    assertThat(c.weighting()).isInstanceOf(Sirius.class);
    assertThat(c.retrainKeyValue()).isEqualTo(Key.F5);
    assertThat(c.retrainEveryEpisodes()).isEqualTo(2);
    assertThat(c.demos()).isEqualTo(5);
    assertThat(c.maxEpisodes()).isZero();
    assertThat(c.policy()).isEmpty();
  }

  @Test
  void aRetrainKeyTheKeyboardDrivesWithIsRefused() {
    assertThatThrownBy(() -> loadSession("retrainKey: up\ndevices: [{type: keyboard}]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("retrainKey")
        .hasMessageContaining("already bound");
  }

  @Test
  void aRetrainKeyTheViewerUsesIsRefused() {
    assertThatThrownBy(() -> loadSession("retrainKey: f1\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("retrainKey")
        .hasMessageContaining("help");
    assertThatThrownBy(() -> loadSession("retrainKey: f12\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("resume");
  }

  @Test
  void theReadyKeyIsOneTheViewerLeavesFreeAndNotTheRetrainKey() {
    assertThat(loadSession("").readyKeyValue()).isEqualTo(Key.F9);
    // F2 is the viewer's front view: a deploy config that said "readyKey: f2" would never be heard
    assertThatThrownBy(() -> loadSession("readyKey: f2\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("readyKey")
        .hasMessageContaining("front view");
    assertThatThrownBy(() -> loadSession("readyKey: f5\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("readyKey")
        .hasMessageContaining("retrainKey");
  }

  @Test
  void noDemosAndNoRegistryLeavesNothingToStartFrom() {
    assertThatThrownBy(() -> loadSession("demos: 0\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("demos")
        .hasMessageContaining("policy");
  }

  @Test
  void aDeviceListedTwiceIsRefused() {
    assertThatThrownBy(() -> loadSession("devices: [{type: keyboard}, {type: keyboard}]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("appears twice");
  }

  @Test
  void aPrintableRetrainKeyIsRefusedWithTheBindableKeys() {
    assertThatThrownBy(() -> loadSession("retrainKey: r\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("retrainKey")
        .hasMessageContaining("f5");
  }
}
