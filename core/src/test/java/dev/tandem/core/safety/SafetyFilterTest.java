package dev.tandem.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.Action;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.JointSpec;
import dev.tandem.core.spec.RobotSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SafetyFilterTest {
  private final RobotSpec robot =
      new RobotSpec(
          "two-joint",
          List.of(
              new JointSpec("j1", JointSpec.JointType.REVOLUTE, -1.0, 1.0, 2.0, 10),
              new JointSpec("j2", JointSpec.JointType.REVOLUTE, -0.5, 0.5, 1.0, 10)),
          "ee",
          Optional.empty(),
          new RobotSpec.CartesianLimits(1.0, new double[] {-1, -1, 0}, new double[] {1, 1, 1}));

  @Test
  void jointPositionsAreClampedToRobotLimitsAndReported() {
    var spec =
        new ActionSpec(
            ActionSpec.ActionMode.JOINT_POSITION,
            List.of("j1", "j2"),
            new double[] {-3, -3},
            new double[] {3, 3});
    var f = new SafetyFilter(robot, spec, Double.POSITIVE_INFINITY);
    var r = f.apply(Action.of(2f, -0.2f));
    assertThat(r.action().values()).containsExactly(1f, -0.2f);
    assertThat(r.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.element()).isEqualTo("j1");
              assertThat(v.reason()).contains("outside");
            });
  }

  @Test
  void velocitiesAreClampedToJointVelocityLimits() {
    var spec =
        new ActionSpec(
            ActionSpec.ActionMode.JOINT_VELOCITY,
            List.of("j1", "j2"),
            new double[] {-5, -5},
            new double[] {5, 5});
    var f = new SafetyFilter(robot, spec, Double.POSITIVE_INFINITY);
    assertThat(f.apply(Action.of(-4f, 4f)).action().values()).containsExactly(-2f, 1f);
  }

  @Test
  void nanHoldsThePreviousValueAndRateLimitApplies() {
    var spec =
        new ActionSpec(
            ActionSpec.ActionMode.EE_DELTA,
            List.of("dx", "dy"),
            new double[] {-1, -1},
            new double[] {1, 1});
    var f = new SafetyFilter(robot, spec, 0.25);
    f.reset(Action.of(0f, 0f));
    assertThat(f.apply(Action.of(1f, 0.1f)).action().values()).containsExactly(0.25f, 0.1f);
    var r = f.apply(Action.of(Float.NaN, 0.1f));
    assertThat(r.action().values()).containsExactly(0.25f, 0.1f);
    assertThat(r.violations()).anySatisfy(v -> assertThat(v.reason()).contains("finite"));
  }

  @Test
  void wrongSizeHoldsInsteadOfThrowing() {
    var spec =
        new ActionSpec(
            ActionSpec.ActionMode.EE_DELTA,
            List.of("dx", "dy"),
            new double[] {-1, -1},
            new double[] {1, 1});
    var f = new SafetyFilter(robot, spec, Double.POSITIVE_INFINITY);
    f.reset(Action.of(0.5f, 0.5f));
    var r = f.apply(Action.of(1f, 1f, 1f));
    assertThat(r.action().values()).containsExactly(0.5f, 0.5f);
    assertThat(r.clean()).isFalse();
  }
}
