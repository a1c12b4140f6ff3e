package dev.tandem.runtime.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.spec.JointSpec;
import dev.tandem.core.spec.JointSpec.JointType;
import java.util.List;
import org.junit.jupiter.api.Test;

class JointLimitWarningTest {
  static final List<JointSpec> JOINTS =
      List.of(
          new JointSpec("j1", JointType.REVOLUTE, -2.0, 2.0, 2.0, 80),
          new JointSpec("j2", JointType.REVOLUTE, -1.0, 3.0, 2.0, 80));
  static final List<String> NAMES = List.of("j1.pos", "j2.pos", "ee.x");

  @Test
  void the_joint_nearest_a_limit_within_five_percent_of_its_range_is_named() {
    // j1 at 1.9 (0.1 of 4 from its upper: 2.5 %), j2 at -0.85 (0.15 of 4: 3.75 %)
    assertThat(JointLimitWarning.of(JOINTS, NAMES, new float[] {1.9f, -0.85f, 0.3f}).text())
        .isEqualTo("j1: 0.10 rad to its upper limit");
    assertThat(JointLimitWarning.of(JOINTS, NAMES, new float[] {1.9f, -0.85f, 0.3f}).joint())
        .isEqualTo("j1");
    assertThat(JointLimitWarning.of(JOINTS, NAMES, new float[] {0f, -0.95f, 0.3f}).text())
        .isEqualTo("j2: 0.05 rad to its lower limit");
  }

  @Test
  void joints_in_the_middle_of_their_range_or_not_in_the_state_give_no_warning() {
    assertThat(JointLimitWarning.of(JOINTS, NAMES, new float[] {1.7f, 2.7f, 0.3f}).text())
        .isEmpty();
    // j1 beyond 5 % (0.25 of 4 = 6.25 %)
    assertThat(JointLimitWarning.of(JOINTS, NAMES, new float[] {-1.75f, 1f, 0f}).text()).isEmpty();
    assertThat(JointLimitWarning.of(JOINTS, List.of("ee.x"), new float[] {1.99f}).text()).isEmpty();
  }
}
