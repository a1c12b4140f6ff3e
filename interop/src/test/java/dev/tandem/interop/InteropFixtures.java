package dev.tandem.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.Episode;
import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.data.EpisodeOutcome;
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
import dev.tandem.core.store.DatasetSpec;
import dev.tandem.core.store.DatasetSpecJson;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small recorded dataset whose every value is a function of (episode, step): takeovers, language
 * corrections, awkward floats (-0, NaN-free extremes, subnormals), cameras, an environment state,
 * episodes with and without a final observation.
 */
public final class InteropFixtures {
  public static final int S = 5;
  public static final int A = 4;
  public static final int E = 3;
  public static final int H = 6;
  public static final int W = 5;
  public static final List<String> CAMS = List.of("front", "wrist");

  private InteropFixtures() {}

  public static EnvironmentSpec env(List<String> cameras) {
    List<JointSpec> joints = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      joints.add(new JointSpec("joint" + i, JointSpec.JointType.REVOLUTE, -2.5, 2.5, 2.0, 87.0));
    }
    RobotSpec robot =
        new RobotSpec(
            "testbot",
            joints,
            "hand",
            Optional.of(new GripperSpec(List.of("finger_l", "finger_r"), 0.08, 70)),
            new RobotSpec.CartesianLimits(0.5, new double[] {-1, -1, 0}, new double[] {1, 1, 1.2}));
    List<FeatureSpec> features = new ArrayList<>();
    features.add(FeatureSpec.vector(FeatureSpec.STATE, S, "mixed", List.of()));
    cameras.forEach(c -> features.add(FeatureSpec.image(c, H, W)));
    return new EnvironmentSpec(
        "test/Reach",
        robot,
        features,
        new ActionSpec(
            ActionSpec.ActionMode.EE_DELTA,
            List.of("dx", "dy", "dz", "grip"),
            new double[] {-1, -1, -1, 0},
            new double[] {1, 1, 1, 1}),
        25.0,
        50,
        Map.of("reward", "sparse"));
  }

  static float value(int ep, int i, int k) {
    return switch ((ep + i + k) % 6) {
      case 0 -> -0f;
      case 1 -> Float.MIN_VALUE;
      case 2 -> 1e-3f * (i + 1) * (k + 1);
      case 3 -> -Float.MAX_VALUE / (k + 1);
      default -> (float) Math.sin(ep * 100 + i * 10 + k);
    };
  }

  static ControlSource source(int i) {
    return switch (i % 9) {
      case 4, 5 -> ControlSource.HUMAN;
      case 6 -> ControlSource.CORRECTED;
      case 8 -> ControlSource.STOPPED;
      default -> ControlSource.POLICY;
    };
  }

  static Observation observation(int ep, int i, List<String> cams) {
    float[] s = new float[S];
    for (int k = 0; k < S; k++) {
      s[k] = value(ep, i, k);
    }
    Map<String, ImageFrame> images = new LinkedHashMap<>();
    for (int c = 0; c < cams.size(); c++) {
      byte[] px = new byte[H * W * 3];
      for (int p = 0; p < px.length; p++) {
        px[p] = (byte) (ep * 31 + i * 7 + c * 101 + p * 13);
      }
      images.put(cams.get(c), new ImageFrame(H, W, 3, px));
    }
    return new Observation(s, images, 40_000_000L * i + ep);
  }

  static Step step(int ep, int i, List<String> cams) {
    float[] proposed = new float[A];
    float[] applied = new float[A];
    for (int k = 0; k < A; k++) {
      proposed[k] = value(ep, i, k + 1);
      applied[k] = source(i) == ControlSource.POLICY ? proposed[k] : -value(ep, i, k + 2);
    }
    List<LanguageEvent> language =
        i % 9 == 6
            ? List.of(
                new LanguageEvent("a bit to the left é", "move(-y, small)", true, 77L * i),
                new LanguageEvent("hmm", "", false, 78L * i))
            : List.of();
    ControlSource src = source(i);
    return new Step(
        i,
        observation(ep, i, cams),
        Action.of(proposed),
        Action.of(applied),
        src,
        src.isHumanCorrection() ? i / 9 : Step.NO_INTERVENTION,
        i * 0.25f - ep,
        false,
        false,
        language,
        40_000_000L * i + 7);
  }

  static float[] envState(int ep, int i) {
    float[] s = new float[E];
    for (int k = 0; k < E; k++) {
      s[k] = value(ep, i, k + 3) * 3;
    }
    return s;
  }

  /**
   * Records {@code episodes} episodes of 20 + 3e steps: even ones end with success and a final
   * observation, odd ones time out without one.
   */
  public static EpisodeStore record(Path dir, int episodes, List<String> cams) {
    DatasetSpec spec =
        new DatasetSpec(env(cams), E, !cams.isEmpty(), "interop fixture: reach the goal");
    EpisodeStore store = EpisodeStore.create(dir, spec);
    for (int ep = 0; ep < episodes; ep++) {
      EpisodeWriter w =
          store.beginEpisode(
              new EpisodeMeta(
                  "test/Reach",
                  1000 + ep,
                  new byte[] {1, 2, (byte) ep},
                  "v" + ep + "@abc",
                  "alice",
                  Instant.parse("2025-01-02T03:04:05.123456789Z").plusSeconds(ep),
                  Map.of("round", "2", "method", "sirius")));
      int n = 20 + 3 * ep;
      for (int i = 0; i < n; i++) {
        Step s = step(ep, i, cams);
        if (i == n - 1) {
          s =
              new Step(
                  s.index(),
                  s.observation(),
                  s.proposed(),
                  s.applied(),
                  s.source(),
                  s.interventionId(),
                  s.reward(),
                  ep % 2 == 0,
                  ep % 2 == 1,
                  s.language(),
                  s.stampNanos());
        }
        w.append(s, envState(ep, i));
      }
      if (ep % 2 == 0) {
        w.end(
            new EpisodeOutcome(EndReason.SUCCESS, true, ""), Optional.of(observation(ep, n, cams)));
      } else {
        w.end(new EpisodeOutcome(EndReason.TIME_LIMIT, false, "50 steps"), Optional.empty());
      }
    }
    return store;
  }

  /** Asserts two stores hold the same spec and episodes, bit for bit (ids aside). */
  public static void assertSameEpisodes(EpisodeStore a, EpisodeStore b) {
    // Specs compare as their JSON: CartesianLimits holds arrays and has no value equality.
    assertThat(DatasetSpecJson.write(b.spec())).isEqualTo(DatasetSpecJson.write(a.spec()));
    List<Long> ia = a.readableEpisodeIds();
    List<Long> ib = b.readableEpisodeIds();
    assertThat(ib).hasSameSizeAs(ia);
    for (int k = 0; k < ia.size(); k++) {
      Episode x = a.readEpisode(ia.get(k));
      Episode y = b.readEpisode(ib.get(k));
      assertThat(y.meta()).isEqualTo(x.meta());
      assertThat(y.outcome()).isEqualTo(x.outcome());
      assertThat(y.finalObservation()).isEqualTo(x.finalObservation());
      assertThat(y.length()).isEqualTo(x.length());
      for (int i = 0; i < x.length(); i++) {
        assertThat(y.steps().get(i)).as("episode %d step %d", k, i).isEqualTo(x.steps().get(i));
        assertBits(y.steps().get(i).observation().state(), x.steps().get(i).observation().state());
        assertBits(y.steps().get(i).applied().values(), x.steps().get(i).applied().values());
        assertBits(y.steps().get(i).proposed().values(), x.steps().get(i).proposed().values());
      }
      if (a.spec().environmentStateSize() > 0) {
        float[][] ea = a.readEnvironmentStates(ia.get(k));
        float[][] eb = b.readEnvironmentStates(ib.get(k));
        for (int i = 0; i < ea.length; i++) {
          assertBits(eb[i], ea[i]);
        }
      }
    }
  }

  /** Same float32 bit patterns (Arrays.equals treats -0 and 0 as different but NaNs as equal). */
  public static void assertBits(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(Float.floatToRawIntBits(actual[i]))
          .as("element %d", i)
          .isEqualTo(Float.floatToRawIntBits(expected[i]));
    }
  }
}
