package dev.tandem.policy.checkpoint;

import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.policy.config.NetworkConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The environment features a policy was trained on: the name of the environment, the {@code
 * observation.state} feature, the camera features its encoder reads, the action spec, and where
 * each of its cameras was mounted ({@link EnvironmentSpec#cameraMount}; cameras whose environment
 * did not say are absent). Stored in every checkpoint; a checkpoint is only served to an
 * environment whose features match, and whose cameras, where both say, are mounted the same way.
 */
public record PolicyFeatures(
    String environment,
    FeatureSpec state,
    List<FeatureSpec> images,
    ActionSpec action,
    Map<String, String> cameraMounts) {

  public PolicyFeatures {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(state, "state");
    images = images == null ? List.of() : List.copyOf(images);
    Objects.requireNonNull(action, "action");
    // sorted, so the checkpoint's JSON (and its hash) does not depend on map iteration order
    cameraMounts =
        cameraMounts == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(cameraMounts));
    if (!state.key().equals(FeatureSpec.STATE)) {
      throw new IllegalArgumentException(
          "policy state feature must be '" + FeatureSpec.STATE + "', found '" + state.key() + "'");
    }
    for (FeatureSpec f : images) {
      if (!f.isImage() || f.shape().size() != 3 || f.shape().get(2) != 3) {
        throw new IllegalArgumentException(
            "policy image feature '" + f.key() + "' must be an HxWx3 camera, found " + f.shape());
      }
    }
    List<String> cameras = cameraNames(images);
    for (String camera : cameraMounts.keySet()) {
      if (!cameras.contains(camera)) {
        throw new IllegalArgumentException(
            "policy camera mount for '" + camera + "', but its cameras are " + cameras);
      }
    }
  }

  /** The features of {@code env} that a network with {@code network}'s encoder cameras reads. */
  public static PolicyFeatures of(EnvironmentSpec env, NetworkConfig network) {
    List<FeatureSpec> images = new ArrayList<>();
    Map<String, String> mounts = new TreeMap<>();
    if (network.encoder() != null) {
      for (String camera : network.encoder().cameras()) {
        if (!env.cameras().contains(camera)) {
          throw new IllegalArgumentException(
              "network.encoder.cameras names '"
                  + camera
                  + "' but environment '"
                  + env.name()
                  + "' has cameras "
                  + env.cameras());
        }
        images.add(env.feature(FeatureSpec.IMAGES_PREFIX + camera));
        if (!env.cameraMount(camera).isEmpty()) {
          mounts.put(camera, env.cameraMount(camera));
        }
      }
    }
    return new PolicyFeatures(
        env.name(), env.feature(FeatureSpec.STATE), images, env.action(), mounts);
  }

  public int stateSize() {
    return state.size();
  }

  /**
   * Indices into {@code observation.state} of the elements {@code network} reads, or null when it
   * reads the whole state.
   *
   * @throws IllegalArgumentException naming the unknown elements and the state's names
   */
  public int[] stateInputIndices(NetworkConfig network) {
    List<String> wanted = network.stateInputs();
    if (wanted.isEmpty()) {
      return null;
    }
    List<String> names = state.names();
    if (names == null || names.size() != state.size()) {
      throw new IllegalArgumentException(
          "network.stateInputs names state elements, but "
              + environment
              + "'s "
              + state.key()
              + " has no element names");
    }
    int[] idx = new int[wanted.size()];
    List<String> unknown = new ArrayList<>();
    for (int k = 0; k < idx.length; k++) {
      idx[k] = names.indexOf(wanted.get(k));
      if (idx[k] < 0) {
        unknown.add(wanted.get(k));
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "network.stateInputs: "
              + unknown
              + " not in "
              + environment
              + "'s "
              + state.key()
              + " "
              + names);
    }
    return idx;
  }

  /** How many values the network reads from the state (all of it unless it selects inputs). */
  public int networkStateSize(NetworkConfig network) {
    return network.stateInputs().isEmpty() ? stateSize() : network.stateInputs().size();
  }

  public int actionDim() {
    return action.dim();
  }

  /** Camera names, in encoder order. */
  public List<String> cameras() {
    return cameraNames(images);
  }

  private static List<String> cameraNames(List<FeatureSpec> images) {
    return images.stream().map(f -> f.key().substring(FeatureSpec.IMAGES_PREFIX.length())).toList();
  }

  /** What differs between these features and {@code env}'s, one line per feature; empty if none. */
  public List<String> mismatches(EnvironmentSpec env) {
    List<String> out = new ArrayList<>();
    compare(state, find(env, state.key()), out);
    for (FeatureSpec img : images) {
      compare(img, find(env, img.key()), out);
    }
    cameraMounts.forEach(
        (camera, mount) -> {
          String theirs = env.cameraMount(camera);
          if (!theirs.isEmpty() && !theirs.equals(mount)) {
            out.add(
                FeatureSpec.IMAGES_PREFIX
                    + camera
                    + ": mounted "
                    + mount
                    + ", environment's is "
                    + theirs);
          }
        });
    ActionSpec a = env.action();
    if (a.mode() != action.mode()) {
      out.add("action: mode " + action.mode() + ", environment has " + a.mode());
    }
    if (a.dim() != action.dim()) {
      out.add("action: " + action.dim() + " elements, environment has " + a.dim());
    } else {
      if (!a.names().equals(action.names())) {
        out.add("action: names " + action.names() + ", environment has " + a.names());
      }
      if (!Arrays.equals(a.low(), action.low()) || !Arrays.equals(a.high(), action.high())) {
        out.add(
            "action: bounds "
                + Arrays.toString(action.low())
                + ".."
                + Arrays.toString(action.high())
                + ", environment has "
                + Arrays.toString(a.low())
                + ".."
                + Arrays.toString(a.high()));
      }
    }
    return out;
  }

  /** Throws a {@link FeatureMismatchException} naming every mismatched feature. */
  public void requireCompatible(EnvironmentSpec env, String what) {
    List<String> problems = mismatches(env);
    if (!problems.isEmpty()) {
      throw new FeatureMismatchException(
          what
              + " (trained on '"
              + environment
              + "') does not fit environment '"
              + env.name()
              + "': "
              + String.join("; ", problems),
          problems);
    }
  }

  private static FeatureSpec find(EnvironmentSpec env, String key) {
    return env.observationFeatures().stream()
        .filter(f -> f.key().equals(key))
        .findFirst()
        .orElse(null);
  }

  private static void compare(FeatureSpec mine, FeatureSpec theirs, List<String> out) {
    if (theirs == null) {
      out.add(mine.key() + ": missing in the environment");
      return;
    }
    if (!mine.shape().equals(theirs.shape())) {
      out.add(mine.key() + ": shape " + mine.shape() + ", environment has " + theirs.shape());
    }
    if (mine.dtype() != theirs.dtype()) {
      out.add(mine.key() + ": dtype " + mine.dtype() + ", environment has " + theirs.dtype());
    }
    if (!mine.names().isEmpty()
        && !theirs.names().isEmpty()
        && !mine.names().equals(theirs.names())) {
      out.add(
          mine.key() + ": element names " + mine.names() + ", environment has " + theirs.names());
    }
  }
}
