package dev.tandem.core.store;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.data.LanguageEvent;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.Step;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.core.spec.GripperSpec;
import dev.tandem.core.spec.JointSpec;
import dev.tandem.core.spec.RobotSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Specs and deterministic steps for store tests: every value is a function of (seed, index). */
final class StoreFixtures {

  static final String ENV = "test/Reach";

  private StoreFixtures() {}

  static EnvironmentSpec env(int stateSize, int actionSize, List<String> cameras, int h, int w) {
    List<JointSpec> joints = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      joints.add(
          new JointSpec(
              "joint" + i,
              JointSpec.JointType.REVOLUTE,
              i == 0 ? Double.NEGATIVE_INFINITY : -2.5,
              i == 0 ? Double.POSITIVE_INFINITY : 2.5,
              2.0,
              87.0));
    }
    RobotSpec robot =
        new RobotSpec(
            "testbot",
            joints,
            "hand",
            Optional.of(new GripperSpec(List.of("finger_l", "finger_r"), 0.08, 70)),
            new RobotSpec.CartesianLimits(0.5, new double[] {-1, -1, 0}, new double[] {1, 1, 1.2}));
    List<FeatureSpec> features = new ArrayList<>();
    features.add(FeatureSpec.vector(FeatureSpec.STATE, stateSize, "mixed", List.of()));
    for (String c : cameras) {
      features.add(FeatureSpec.image(c, h, w));
    }
    List<String> names = new ArrayList<>();
    double[] lo = new double[actionSize];
    double[] hi = new double[actionSize];
    for (int i = 0; i < actionSize; i++) {
      names.add("a" + i);
      lo[i] = -1;
      hi[i] = 1;
    }
    return new EnvironmentSpec(
        ENV,
        robot,
        features,
        new ActionSpec(ActionSpec.ActionMode.EE_DELTA, names, lo, hi),
        25.0,
        50,
        Map.of("goal_range_m", "0.3", "reward", "sparse"));
  }

  static EnvironmentSpec env(int stateSize, int actionSize) {
    return env(stateSize, actionSize, List.of(), 0, 0);
  }

  static EpisodeMeta meta(long seed) {
    return new EpisodeMeta(
        ENV,
        seed,
        new byte[] {1, 2, 3, (byte) seed},
        "v3@abcdef12",
        "alice",
        Instant.parse("2025-01-02T03:04:05.123456789Z").plusSeconds(seed),
        Map.of("round", "2", "method", "sirius"));
  }

  static float value(long seed, int index, int k) {
    return (float) (seed * 1000 + index) + k / 128f;
  }

  static ControlSource source(int index) {
    return switch (index % 7) {
      case 0, 1, 2 -> ControlSource.POLICY;
      case 3, 4 -> ControlSource.HUMAN;
      case 5 -> ControlSource.CORRECTED;
      default -> ControlSource.SCRIPTED;
    };
  }

  static Observation observation(
      long seed, int index, int stateSize, List<String> cameras, int h, int w) {
    float[] state = new float[stateSize];
    for (int k = 0; k < stateSize; k++) {
      state[k] = value(seed, index, k);
    }
    Map<String, ImageFrame> images = new LinkedHashMap<>();
    for (int c = 0; c < cameras.size(); c++) {
      byte[] px = new byte[h * w * 3];
      for (int i = 0; i < px.length; i++) {
        px[i] = (byte) (seed * 31 + index * 7 + c * 101 + i);
      }
      images.put(cameras.get(c), new ImageFrame(h, w, 3, px));
    }
    return new Observation(state, images, 1_000_000L * index + seed);
  }

  /** A step whose every field is a function of (seed, index). */
  static Step step(
      long seed, int index, int stateSize, int actionSize, List<String> cameras, int h, int w) {
    float[] proposed = new float[actionSize];
    float[] applied = new float[actionSize];
    for (int k = 0; k < actionSize; k++) {
      proposed[k] = -value(seed, index, k);
      applied[k] = source(index) == ControlSource.POLICY ? proposed[k] : value(seed, index, k) / 2;
    }
    List<LanguageEvent> language =
        index % 5 == 4
            ? List.of(
                new LanguageEvent("a bit to the left é", "move(-y, small)", true, 77L * index),
                new LanguageEvent("hmm", "", false, 78L * index))
            : List.of();
    ControlSource src = source(index);
    return new Step(
        index,
        observation(seed, index, stateSize, cameras, h, w),
        Action.of(proposed),
        Action.of(applied),
        src,
        src.isHumanCorrection() ? index / 7 : Step.NO_INTERVENTION,
        index * 0.25f - seed,
        index % 11 == 10,
        index % 13 == 12,
        language,
        2_000_000L * index + seed);
  }

  static Step step(long seed, int index, int stateSize, int actionSize) {
    return step(seed, index, stateSize, actionSize, List.of(), 0, 0);
  }

  static float[] envState(long seed, int index, int n) {
    float[] s = new float[n];
    for (int k = 0; k < n; k++) {
      s[k] = -value(seed, index, k) * 3;
    }
    return s;
  }
}
