package dev.tandem.core.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.Action;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.core.spec.JointSpec;
import dev.tandem.core.spec.RobotSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SafetyFilterTest {
  /** Joint speed limits 2 and 1 rad/s; Cartesian speed limit 1 m/s. */
  private final RobotSpec robot =
      new RobotSpec(
          "two-joint",
          List.of(
              new JointSpec("j1", JointSpec.JointType.REVOLUTE, -1.0, 1.0, 2.0, 10),
              new JointSpec("j2", JointSpec.JointType.REVOLUTE, -0.5, 0.5, 1.0, 10)),
          "ee",
          Optional.empty(),
          new RobotSpec.CartesianLimits(1.0, new double[] {-1, -1, 0}, new double[] {1, 1, 1}));

  private EnvironmentSpec env(ActionSpec action, double rateHz, Map<String, String> parameters) {
    return new EnvironmentSpec(
        "test",
        robot,
        List.of(FeatureSpec.vector(FeatureSpec.STATE, 2, "", List.of("a", "b"))),
        action,
        rateHz,
        10,
        parameters);
  }

  private static ActionSpec joints(ActionSpec.ActionMode mode, double bound) {
    return new ActionSpec(
        mode, List.of("j1", "j2"), new double[] {-bound, -bound}, new double[] {bound, bound});
  }

  private static ActionSpec eeDelta() {
    return new ActionSpec(
        ActionSpec.ActionMode.EE_DELTA,
        List.of("dx", "dy", "dz", "gripper"),
        new double[] {-1, -1, -1, -1},
        new double[] {1, 1, 1, 1});
  }

  @Test
  void jointPositionsAreClampedToRobotLimitsAndReported() {
    var f =
        SafetyFilter.forEnvironment(
            env(joints(ActionSpec.ActionMode.JOINT_POSITION, 3), 10, Map.of()));
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
    var f =
        SafetyFilter.forEnvironment(
            env(joints(ActionSpec.ActionMode.JOINT_VELOCITY, 5), 10, Map.of()));
    assertThat(f.apply(Action.of(-4f, 4f)).action().values()).containsExactly(-2f, 1f);
  }

  @Test
  void aJointTargetMovesAtMostItsSpeedLimitPerTickAndNanHolds() {
    // at 10 Hz: j1 may move 2 rad/s * 0.1 s = 0.2 per tick, j2 0.1
    var f =
        SafetyFilter.forEnvironment(
            env(joints(ActionSpec.ActionMode.JOINT_POSITION, 3), 10, Map.of()));
    f.reset(Action.of(0f, 0f));
    var r = f.apply(Action.of(1f, 0.05f));
    assertThat(r.action().values()[0]).isCloseTo(0.2f, within(1e-6f));
    assertThat(r.action().values()[1]).isEqualTo(0.05f);
    assertThat(r.violations())
        .singleElement()
        .satisfies(v -> assertThat(v.element()).isEqualTo("j1"));
    var held = f.apply(Action.of(Float.NaN, 0.05f));
    assertThat(held.action().values()[0]).isCloseTo(0.2f, within(1e-6f));
    assertThat(held.violations()).anySatisfy(v -> assertThat(v.reason()).contains("finite"));
    // at 20 Hz the same robot moves half as far per tick
    var fast =
        SafetyFilter.forEnvironment(
            env(joints(ActionSpec.ActionMode.JOINT_POSITION, 3), 20, Map.of()));
    fast.reset(Action.of(0f, 0f));
    assertThat(fast.apply(Action.of(1f, 0f)).action().values()[0]).isCloseTo(0.1f, within(1e-6f));
  }

  @Test
  void anEndEffectorTranslationIsAtMostTheCartesianSpeedLimitPerTick() {
    // 1 m/s at 25 Hz is 0.04 m per tick; an action unit is 0.05 m: at most 0.8 units long
    var f =
        SafetyFilter.forEnvironment(
            env(eeDelta(), 25, Map.of(EnvironmentSpec.EE_STEP_METERS, "0.05")));
    var r = f.apply(Action.of(1f, 1f, 1f, -1f));
    float[] a = r.action().values();
    double length = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
    assertThat(length).isCloseTo(0.8, within(1e-5));
    assertThat(a[0]).isEqualTo(a[1]).isEqualTo(a[2]);
    assertThat(a[3]).as("the gripper is not a motion").isEqualTo(-1f);
    assertThat(r.violations())
        .singleElement()
        .satisfies(v -> assertThat(v.element()).isEqualTo("translation"));
    // within the limit: untouched, however large the change from the last tick
    assertThat(f.apply(Action.of(-0.7f, 0.3f, 0f, 1f)).clean()).isTrue();
    // no step length in the spec: no Cartesian limit to convert
    var unknown = SafetyFilter.forEnvironment(env(eeDelta(), 25, Map.of()));
    assertThat(unknown.apply(Action.of(1f, 1f, 1f, 0f)).clean()).isTrue();
  }

  @Test
  void wrongSizeHoldsInsteadOfThrowing() {
    var f = SafetyFilter.forEnvironment(env(eeDelta(), 25, Map.of()));
    f.reset(Action.of(0.5f, 0.5f, 0f, 0f));
    var r = f.apply(Action.of(1f, 1f, 1f));
    assertThat(r.action().values()).containsExactly(0.5f, 0.5f, 0f, 0f);
    assertThat(r.clean()).isFalse();
  }
}
