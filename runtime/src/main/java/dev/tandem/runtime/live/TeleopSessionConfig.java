package dev.tandem.runtime.live;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.env.EnvironmentConfig;
import dev.tandem.intervention.Segmenter;
import dev.tandem.intervention.language.BiasSettings;
import dev.tandem.intervention.memory.Memory;
import dev.tandem.intervention.weighting.Sirius;
import dev.tandem.intervention.weighting.WeightingScheme;
import dev.tandem.runtime.training.TrainingSettings;
import dev.tandem.teleop.device.GamepadConfig;
import dev.tandem.teleop.device.Key;
import dev.tandem.teleop.device.KeyboardConfig;
import dev.tandem.teleop.device.SpaceMouseConfig;
import dev.tandem.teleop.device.TeleopDeviceConfig;
import dev.tandem.teleop.viewer.ViewerConfig;
import dev.tandem.teleop.viewer.ViewerKeys;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tandem teleop <config>} ({@code type: teleop_session}, e.g. {@code
 * configs/teleop/session.yaml}): a live session on a sim task with a policy, an operator at the
 * viewer, retraining between episodes.
 *
 * @param task the sim task (as in {@code configs/tasks/}); its action mode must be EE_DELTA
 * @param policy a policy registry directory to start from (its current version), and where
 *     retrained versions are published; empty: BC on {@code demos} scripted demos trained at start,
 *     versions published in {@code <output>/policies}
 * @param demos scripted-expert demonstrations recorded into the session's store when it has none
 *     yet: the starting policy's data (without {@code policy}) and the base of every retraining
 * @param rateHz control ticks per second of wall time (one environment step per tick); default the
 *     task's control rate
 * @param maxEpisodes stop after this many episodes (0: until the window is closed)
 * @param retrainEveryEpisodes retrain after every N episodes (0: only on {@code retrainKey} or
 *     {@code /retrain})
 * @param retrainKey the viewer key that asks for retraining after the current episode
 * @param weighting the weighting scheme retraining uses (default Sirius)
 * @param memory which samples retraining keeps
 * @param segmenter how episodes are segmented into sample classes
 * @param training BC training settings
 * @param devices input devices (default: keyboard, gamepad, SpaceMouse)
 * @param viewer the operator window
 * @param language how typed corrections become action biases
 * @param seed episode seeds are {@code seed * 1000 + episode}
 * @param output the session's directory: the episode store in {@code data/}
 * @param terminalCorrections also read corrections (and {@code /retrain}, {@code /quit}) from the
 *     terminal
 * @param readyKey on a robot (an environment that cannot be reset by a seed, e.g. {@code type:
 *     ros2}) each episode starts only after the operator has reset the scene and pressed this key
 *     (or typed {@code /ready}). The e-stop keys are the viewer's own (Esc stops, F12 resumes;
 *     {@code /estop} and {@code /resume} too): the same in every session, never rebound
 */
public record TeleopSessionConfig(
    EnvironmentConfig task,
    String policy,
    Integer demos,
    Double rateHz,
    Integer maxEpisodes,
    Integer retrainEveryEpisodes,
    String retrainKey,
    WeightingScheme weighting,
    Memory memory,
    Segmenter segmenter,
    TrainingSettings training,
    List<TeleopDeviceConfig> devices,
    ViewerConfig viewer,
    BiasSettings language,
    Long seed,
    String output,
    Boolean terminalCorrections,
    String readyKey) {

  public TeleopSessionConfig {
    ConfigChecks.required(task, "task");
    policy = policy == null ? "" : policy.strip();
    demos = ConfigChecks.orDefault(demos, 5);
    ConfigChecks.nonNegative(demos, "demos");
    if (policy.isEmpty() && demos == 0) {
      throw new IllegalArgumentException(
          "demos: found 0 and no policy registry, expected at least 1 demo to train the starting"
              + " policy on (or set policy: <registry directory>)");
    }
    if (rateHz != null) {
      ConfigChecks.inRange(rateHz, 0.5, 1000.0, "rateHz");
    }
    maxEpisodes = ConfigChecks.orDefault(maxEpisodes, 0);
    ConfigChecks.nonNegative(maxEpisodes, "maxEpisodes");
    retrainEveryEpisodes = ConfigChecks.orDefault(retrainEveryEpisodes, 2);
    ConfigChecks.nonNegative(retrainEveryEpisodes, "retrainEveryEpisodes");
    retrainKey = ConfigChecks.orDefault(retrainKey, "f5");
    ConfigChecks.oneOf(retrainKey, Key.configNames(), "retrainKey");
    readyKey = ConfigChecks.orDefault(readyKey, "f9");
    ConfigChecks.oneOf(readyKey, Key.configNames(), "readyKey");
    weighting = ConfigChecks.orDefault(weighting, Sirius.defaults());
    memory = ConfigChecks.orDefault(memory, Memory.unlimited());
    segmenter = ConfigChecks.orDefault(segmenter, Segmenter.defaults());
    training = ConfigChecks.orDefault(training, TrainingSettings.defaults());
    devices =
        List.copyOf(
            ConfigChecks.orDefault(
                devices,
                List.of(
                    KeyboardConfig.defaults(),
                    GamepadConfig.defaults(),
                    SpaceMouseConfig.defaults())));
    if (devices.isEmpty()) {
      throw new IllegalArgumentException(
          "devices: found an empty list, expected at least one input device (e.g. - type: keyboard)");
    }
    var names = new HashSet<String>();
    for (TeleopDeviceConfig d : devices) {
      if (!names.add(d.deviceName())) {
        throw new IllegalArgumentException(
            "devices: '" + d.deviceName() + "' appears twice, expected each device once");
      }
    }
    var sessionKeys = new LinkedHashMap<String, String>();
    sessionKeys.put("retrainKey", retrainKey);
    sessionKeys.put("readyKey", readyKey);
    checkSessionKeys(sessionKeys, devices);
    viewer = ConfigChecks.orDefault(viewer, ViewerConfig.defaults());
    language = ConfigChecks.orDefault(language, BiasSettings.defaults());
    seed = ConfigChecks.orDefault(seed, 0L);
    output = ConfigChecks.orDefault(output, "runs/teleop");
    if (output.isBlank()) {
      throw new IllegalArgumentException("output: blank, expected a directory");
    }
    terminalCorrections = ConfigChecks.orDefault(terminalCorrections, true);
  }

  /**
   * The session's own keys (name to key) are each the session's alone: not one the viewer uses
   * (help, views, resume, ...), not one a keyboard device drives with, not another session key.
   */
  private static void checkSessionKeys(Map<String, String> keys, List<TeleopDeviceConfig> devices) {
    var seen = new java.util.HashMap<String, String>();
    for (var e : keys.entrySet()) {
      String viewerUse = ViewerKeys.use(Key.fromConfig(e.getValue()));
      if (viewerUse != null) {
        throw new IllegalArgumentException(
            e.getKey()
                + ": '"
                + e.getValue()
                + "' is the viewer's "
                + viewerUse
                + " key; the viewer leaves f5 and f9-f11 free");
      }
      for (TeleopDeviceConfig d : devices) {
        if (d instanceof KeyboardConfig k && usesKey(k, e.getValue())) {
          throw new IllegalArgumentException(
              e.getKey() + ": '" + e.getValue() + "' is already bound by the keyboard device");
        }
      }
      String other = seen.putIfAbsent(e.getValue(), e.getKey());
      if (other != null) {
        throw new IllegalArgumentException(
            e.getKey() + ": '" + e.getValue() + "' is already " + other + ", expected its own key");
      }
    }
  }

  private static boolean usesKey(KeyboardConfig k, String key) {
    if (k.deadman().equals(key) || k.gripperOpen().equals(key) || k.gripperClose().equals(key)) {
      return true;
    }
    return k.keys().values().stream()
        .anyMatch(p -> p.positive().equals(key) || p.negative().equals(key));
  }

  public Key retrainKeyValue() {
    return Key.fromConfig(retrainKey);
  }

  public Key readyKeyValue() {
    return Key.fromConfig(readyKey);
  }
}
