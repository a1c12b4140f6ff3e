package dev.tandem.intervention.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Action;
import dev.tandem.core.env.TaskOracle;
import dev.tandem.core.spec.ActionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimulatedOperatorTest {

  /** A point on a line that must reach x = 10; the expert always moves +1. */
  private static final class Line implements TaskOracle {
    double x;

    @Override
    public Action expertAction() {
      return Action.of(1f);
    }

    @Override
    public double progress() {
      return Math.min(1, x / 10);
    }

    @Override
    public double actionValue(Action a) {
      return x + a.get(0);
    }
  }

  private static final ActionSpec SPEC =
      new ActionSpec(
          ActionSpec.ActionMode.EE_DELTA, List.of("dx"), new double[] {-1}, new double[] {1});

  /** Runs the loop: the operator's action overrides the policy's; returns who drove each tick. */
  private static String run(SimulatedOperator op, Line line, float[] policy) {
    StringBuilder sb = new StringBuilder();
    for (float p : policy) {
      Optional<Action> human = op.tick(Action.of(p), line);
      float applied = human.map(a -> a.get(0)).orElse(p);
      sb.append(human.isPresent() ? 'H' : 'P');
      line.x += applied;
    }
    return sb.toString();
  }

  private static float[] stuckThenGood(int stuck, int good) {
    float[] a = new float[stuck + good];
    for (int i = stuck; i < a.length; i++) {
      a[i] = 1f;
    }
    return a;
  }

  @Test
  void stalledProgressLeadsToTakeoverAfterTheReactionDelayThenHandBack() {
    var cfg =
        new SimulatedOperatorConfig(new StallRule(4, 0.01), 2, null, 3, 0, null, null, null, null);
    var op = new SimulatedOperator(cfg, SPEC);
    op.reset(1);
    Line line = new Line();
    // the policy is stuck for good (proposes 0): the operator must drive until the policy would
    // do well, which never happens, so it keeps control
    String who = run(op, line, new float[12]);
    // decision at tick 4 (window of 4 steps full after 5 observations), acts 2 ticks later
    assertThat(who).isEqualTo("PPPPPPHHHHHH");
    assertThat(op.driving()).isTrue();
    assertThat(op.interventions()).isEqualTo(1);
  }

  @Test
  void handsBackOnceThePolicyWouldDoWell() {
    var cfg =
        new SimulatedOperatorConfig(new StallRule(4, 0.01), 0, null, 3, 0, null, null, null, null);
    var op = new SimulatedOperator(cfg, SPEC);
    op.reset(1);
    String who = run(op, new Line(), stuckThenGood(7, 6));
    // takeover at tick 4 (no delay); policy turns good at tick 7; on track for 3 ticks (7,8,9)
    // -> control returns at tick 9
    assertThat(who).isEqualTo("PPPPHHHHHPPPP");
  }

  @Test
  void fixedDriveDuration() {
    var cfg =
        new SimulatedOperatorConfig(new StallRule(4, 0.01), 0, 2, null, 0, null, null, null, null);
    var op = new SimulatedOperator(cfg, SPEC);
    op.reset(1);
    String who = run(op, new Line(), new float[9]);
    assertThat(who).startsWith("PPPPHHP");
  }

  @Test
  void valueRuleTakesOverWhenThePolicyActionIsWorseThanAFractionOfTheExperts() {
    var cfg =
        new SimulatedOperatorConfig(
            new ValueRule(0.5, 1.0, 2), 0, 3, null, 0, null, null, null, null);
    var op = new SimulatedOperator(cfg, SPEC);
    op.reset(1);
    float[] policy = {1f, 1f, 0.2f, 0.2f, 0.2f, 0.2f, 0.2f};
    assertThat(run(op, new Line(), policy)).isEqualTo("PPPHHHP");
  }

  @Test
  void goodPolicyIsLeftAlone() {
    var op =
        new SimulatedOperator(
            new SimulatedOperatorConfig(
                new ValueRule(null, null, null), null, null, null, null, null, null, null, null),
            SPEC);
    op.reset(3);
    float[] policy = new float[10];
    java.util.Arrays.fill(policy, 1f);
    assertThat(run(op, new Line(), policy)).isEqualTo("PPPPPPPPPP");
  }

  @Test
  void skillNoiseAndBiasShapeTheOperatorsActions() {
    var perfect =
        new SimulatedOperator(
            new SimulatedOperatorConfig(new StallRule(1, 0.5), 0, 50, null, 0, null, 1.0, 0.0, 0.0),
            SPEC);
    var biased =
        new SimulatedOperator(
            new SimulatedOperatorConfig(
                new StallRule(1, 0.5), 0, 50, null, 0, null, 1.0, 0.0, -0.5),
            SPEC);
    var unskilled =
        new SimulatedOperator(
            new SimulatedOperatorConfig(new StallRule(1, 0.5), 0, 50, null, 0, null, 0.0, 0.0, 0.0),
            SPEC);
    assertThat(actions(perfect, 7)).containsOnly(1f);
    assertThat(actions(biased, 7)).containsOnly(0.5f);
    List<Float> random = actions(unskilled, 7);
    assertThat(random).doesNotContain(1f).hasSizeGreaterThan(5);
    assertThat(actions(unskilled, 7)).as("seeded").isEqualTo(random);
    assertThat(actions(unskilled, 8)).isNotEqualTo(random);
  }

  private static SimulatedOperatorConfig systematic(double skill, List<Double> misjudgement) {
    return new SimulatedOperatorConfig(
        new StallRule(1, 0.5),
        0,
        50,
        null,
        0,
        null,
        skill,
        0.0,
        0.0,
        null,
        null,
        null,
        SimulatedOperatorConfig.Mistakes.SYSTEMATIC,
        misjudgement);
  }

  @Test
  void systematicMistakesAreTheSameErrorEveryStepScaledByTheMissingSkill() {
    var half = new SimulatedOperator(systematic(0.5, List.of(-0.8)), SPEC);
    var good = new SimulatedOperator(systematic(0.9, List.of(-0.8)), SPEC);
    var perfect = new SimulatedOperator(systematic(1.0, List.of(-0.8)), SPEC);
    assertThat(actions(half, 7)).hasSizeGreaterThan(5).containsOnly(0.6f);
    assertThat(actions(half, 8)).as("no randomness: every episode the same").containsOnly(0.6f);
    assertThat(actions(good, 7)).containsOnly(1f - 0.08f);
    assertThat(actions(perfect, 7)).containsOnly(1f);
  }

  @Test
  void aloneTheOperatorDrivesFromTheFirstStepAndNeverHandsBack() {
    var cfg =
        new SimulatedOperatorConfig(new ValueRule(0.5, 1.0, 2), 3, null, 2, 0, 1, null, null, null)
            .alone();
    var op = new SimulatedOperator(cfg, SPEC);
    op.reset(1);
    float[] policy = new float[12];
    java.util.Arrays.fill(policy, 1f); // a policy that would do well: still not handed back
    assertThat(run(op, new Line(), policy)).isEqualTo("HHHHHHHHHHHH");
    assertThat(op.interventions()).isEqualTo(1);
    assertThat(cfg.rule()).isInstanceOf(AlwaysRule.class);
  }

  private static List<Float> actions(SimulatedOperator op, long seed) {
    op.reset(seed);
    Line line = new Line();
    List<Float> out = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      op.tick(Action.zeros(1), line).ifPresent(a -> out.add(a.get(0)));
    }
    return out;
  }

  @Test
  void configIsValidated() {
    assertThatThrownBy(() -> SimulatedOperatorConfig.defaults().withSkill(1.5))
        .hasMessageContaining("skill")
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> new ValueRule(2.0, null, null)).hasMessageContaining("fraction");
    assertThatThrownBy(() -> systematic(0.5, List.of()))
        .hasMessageContaining("misjudgement")
        .hasMessageContaining("systematic");
    assertThatThrownBy(() -> new SimulatedOperator(systematic(0.5, List.of(0.1, 0.2)), SPEC))
        .hasMessageContaining("misjudgement: 2 values")
        .hasMessageContaining("dx");
    assertThatThrownBy(() -> SimulatedOperatorConfig.Mistakes.of("clumsy"))
        .hasMessageContaining("found 'clumsy'")
        .hasMessageContaining("systematic");
  }
}
