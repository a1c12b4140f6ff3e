package dev.tandem.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.config.ConfigLoader;
import dev.tandem.core.scene.Pose;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bridge's base pose: its YAML, poses from the base frame, the base-frame workspace box. */
class BasePoseTest {

  /** A base at (1, 2, 0.5) turned a quarter turn about z: base x is world y. */
  private static final BasePose TURNED =
      new BasePose(new double[] {1, 2, 0.5}, new double[] {0, 0, Math.PI / 2});

  @Test
  void theExampleConfigPlacesTheBaseWhereTheSimDoesAndBadValuesNameTheField() {
    ConfigLoader loader = ConfigLoader.discover();
    Path yaml = Path.of("../configs/ros2/panda.yaml");
    Ros2RobotConfig r = (Ros2RobotConfig) loader.load(yaml, List.of());
    assertThat(r.baseInWorld().position()).containsExactly(-0.6, 0, 0);
    assertThat(r.baseInWorld().rpyRad()).containsExactly(0, 0, 0);
    assertThat(BasePose.SIM_WORKCELL.position()).containsExactly(-0.6, 0, 0);
    assertThatThrownBy(() -> loader.load(yaml, List.of("baseInWorld.position=[1, 2]")))
        .hasMessageContaining("baseInWorld.position")
        .hasMessageContaining("expected 3 numbers");
    assertThatThrownBy(() -> loader.load(yaml, List.of("baseInWorld.rpyRad=[0, 0, 9]")))
        .hasMessageContaining("baseInWorld.rpyRad");
  }

  @Test
  void aPoseInTheBaseFrameIsPlacedInTheWorldPositionAndOrientation() {
    // base x (1, 0, 0) is world +y from the base origin; the identity orientation turns with it
    Pose w = TURNED.toWorld(Pose.at(1, 0, 0));
    assertThat(w.x()).isCloseTo(1, within(1e-12));
    assertThat(w.y()).isCloseTo(3, within(1e-12));
    assertThat(w.z()).isCloseTo(0.5, within(1e-12));
    double s = Math.sqrt(0.5);
    assertThat(new double[] {w.qx(), w.qy(), w.qz(), w.qw()})
        .containsExactly(new double[] {0, 0, s, s}, within(1e-12));
  }

  @Test
  void aWorldPointIsClampedIntoTheBoxAsTheBaseSeesIt() {
    double[] min = {0, -0.5, 0};
    double[] max = {0.8, 0.5, 1};
    double[] out = new double[3];
    // world (0, 2, 0.7) is base (0, 1, 0.2): y clamped to 0.5, i.e. world x = 0.5
    TURNED.clampIntoBaseBox(
        TURNED.rotation(), new double[] {0, 2, 0.7}, min, max, new double[3], out);
    assertThat(out).containsExactly(new double[] {0.5, 2, 0.7}, within(1e-12));
    // world (1, 3.5, 0.7) is base (1.5, 0, 0.2): x clamped to 0.8, i.e. world y = 2.8
    TURNED.clampIntoBaseBox(
        TURNED.rotation(), new double[] {1, 3.5, 0.7}, min, max, new double[3], out);
    assertThat(out).containsExactly(new double[] {1, 2.8, 0.7}, within(1e-12));
    // inside the box: unchanged
    TURNED.clampIntoBaseBox(
        TURNED.rotation(), new double[] {0.9, 2.4, 0.9}, min, max, new double[3], out);
    assertThat(out).containsExactly(new double[] {0.9, 2.4, 0.9}, within(1e-12));
  }
}
