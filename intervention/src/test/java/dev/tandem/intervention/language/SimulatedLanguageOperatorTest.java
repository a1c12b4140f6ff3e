package dev.tandem.intervention.language;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.Action;
import dev.tandem.core.scene.CameraSpec;
import dev.tandem.core.spec.ActionSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Phrase from an expert reference, parse, bias: the bias points the way the reference does. */
class SimulatedLanguageOperatorTest {
  static final ActionSpec SPEC = CorrectionBiasTest.SPEC;
  final CorrectionParser parser = new CorrectionParser();

  static List<double[][]> cameras() {
    return List.of(
        CorrectionBiasTest.BEHIND,
        CameraFrames.cameraToWorld(
            CorrectionBiasTest.camera(new double[] {1.6, 0.9, 0.7}, new double[] {0.4, 0, 0.1})),
        CameraFrames.cameraToWorld(
            CorrectionBiasTest.camera(new double[] {0.4, -1.2, 1.4}, new double[] {0.4, 0, 0})),
        CameraFrames.cameraToWorld(
            new CameraSpec(
                "top",
                new double[] {0.4, 0, 2},
                new double[] {0.4, 0, 0},
                new double[] {0, 1, 0},
                50,
                84,
                84,
                0.01,
                10)));
  }

  static double[] randomReference(Random r) {
    double[] v = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
    double scale = (0.1 + 0.9 * r.nextDouble()) / CameraFrames.norm(v);
    return new double[] {v[0] * scale, v[1] * scale, v[2] * scale};
  }

  @Test
  void phrase_then_parse_then_bias_agrees_with_the_reference_direction() {
    Random random = new Random(11);
    double worst = 1;
    int n = 0;
    for (double[][] camera : cameras()) {
      SimulatedLanguageOperator operator =
          new SimulatedLanguageOperator(
              7, camera, CameraFrames.topDownTool(), BiasSettings.defaults(), 2.0, 0.25);
      for (int i = 0; i < 500; i++) {
        double[] ref = randomReference(random);
        String text = operator.phrase(ref);
        ParseResult r = parser.parse(text);
        assertThat(r.understood()).as("'%s': %s", text, r.interpretation()).isTrue();
        CorrectionBias b = r.correction().orElseThrow().toBias(SPEC, camera);
        double[] d = b.baseDirection();
        double cos = CameraFrames.dot(d, CameraFrames.normalize(ref));
        assertThat(cos)
            .as("'%s' for reference %s", text, java.util.Arrays.toString(ref))
            .isGreaterThan(0.7);
        worst = Math.min(worst, cos);
        n++;
      }
    }
    assertThat(n).isEqualTo(2000);
    assertThat(worst).isGreaterThan(0.7);
  }

  @Test
  void phrasing_varies_and_is_reproducible_with_the_seed() {
    Random random = new Random(5);
    List<double[]> refs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      refs.add(randomReference(random));
    }
    List<String> a = phrases(3, refs);
    assertThat(phrases(3, refs)).isEqualTo(a);
    assertThat(phrases(4, refs)).isNotEqualTo(a);
    Set<String> distinct = new HashSet<>(a);
    assertThat(distinct).hasSizeGreaterThan(100);
    assertThat(a).anyMatch(s -> s.contains("cm") || s.contains("mm"));
    assertThat(a)
        .anyMatch(
            s ->
                s.contains("gripper frame")
                    || s.contains("along the tool")
                    || s.contains("tool frame")
                    || s.contains("relative to the gripper"));
    assertThat(a)
        .anyMatch(s -> s.contains("a bit") || s.contains("slightly") || s.contains("a little"));
  }

  @Test
  void bigger_references_are_said_as_longer_distances() {
    SimulatedLanguageOperator operator =
        new SimulatedLanguageOperator(9, CorrectionBiasTest.BEHIND);
    Random random = new Random(2);
    double small = 0;
    double large = 0;
    for (int i = 0; i < 100; i++) {
      double[] ref = randomReference(random);
      double[] unit = CameraFrames.normalize(ref);
      small +=
          distance(operator.phrase(new double[] {unit[0] * 0.1, unit[1] * 0.1, unit[2] * 0.1}));
      large += distance(operator.phrase(unit));
    }
    assertThat(large / 100).isGreaterThan(3 * small / 100);
  }

  @Test
  void a_gripper_that_disagrees_with_the_policy_is_named() {
    SimulatedLanguageOperator operator =
        new SimulatedLanguageOperator(1, CorrectionBiasTest.BEHIND);
    for (int i = 0; i < 20; i++) {
      String open = operator.phrase(Action.of(0, 0, 0, 1f), SPEC, Action.of(0.2f, 0, 0, -1f));
      assertThat(parser.parse(open).correction().orElseThrow().gripper())
          .as(open)
          .isEqualTo(GripperCommand.OPEN);
      String closeAndMove =
          operator.phrase(Action.of(0, 0, -0.8f, -1f), SPEC, Action.of(0, 0, 0, 1f));
      Correction c = parser.parse(closeAndMove).correction().orElseThrow();
      assertThat(c.gripper()).as(closeAndMove).isEqualTo(GripperCommand.CLOSE);
      assertThat(c.toBias(SPEC, CorrectionBiasTest.BEHIND).baseDirection()[2])
          .as(closeAndMove)
          .isLessThan(-0.7);
      String agree = operator.phrase(Action.of(0.5f, 0, 0, 1f), SPEC, Action.of(0.5f, 0, 0, 1f));
      assertThat(parser.parse(agree).correction().orElseThrow().gripper())
          .as(agree)
          .isEqualTo(GripperCommand.NONE);
    }
  }

  private double distance(String text) {
    return parser.parse(text).correction().orElseThrow().distanceMeters();
  }

  private List<String> phrases(long seed, List<double[]> refs) {
    SimulatedLanguageOperator operator =
        new SimulatedLanguageOperator(
            seed,
            CorrectionBiasTest.BEHIND,
            CameraFrames.topDownTool(),
            BiasSettings.defaults(),
            2.0,
            0.2);
    return refs.stream().map(operator::phrase).toList();
  }
}
