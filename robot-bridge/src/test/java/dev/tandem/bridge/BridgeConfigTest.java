package dev.tandem.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.config.ConfigLoader;
import dev.tandem.core.spec.ActionSpec.ActionMode;
import dev.tandem.model.RobotKinematics;
import dev.tandem.model.RobotModel;
import dev.tandem.model.urdf.UrdfLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ros2 environment kind through the YAML path users use, and the joint-target limiter. */
class BridgeConfigTest {

  @Test
  void theExampleConfigLoadsAsTypeRos2AndBadValuesNameTheirField() {
    ConfigLoader loader = ConfigLoader.discover();
    Object c = loader.load(Path.of("../configs/ros2/panda.yaml"), List.of());
    assertThat(c).isInstanceOf(Ros2RobotConfig.class);
    Ros2RobotConfig r = (Ros2RobotConfig) c;
    assertThat(r.interfaceAddress()).isEqualTo("127.0.0.1");
    assertThat(r.commandInterface()).isEqualTo(CommandInterface.POSITION);
    assertThat(r.actionMode()).isEqualTo(ActionMode.EE_DELTA);
    assertThat(r.commandInterface().topic(r.controller())).isEqualTo("/arm_controller/commands");
    assertThatThrownBy(
            () ->
                loader.load(
                    Path.of("../configs/ros2/panda.yaml"), List.of("safety.deadAfterSeconds=0.05")))
        .hasMessageContaining("deadAfterSeconds")
        .hasMessageContaining("staleAfterSeconds");
  }

  @Test
  void objectsAndDifferencesFromYamlAndTheirErrorsNameTheField() {
    ConfigLoader loader = ConfigLoader.discover();
    Path panda = Path.of("../configs/ros2/panda.yaml");
    Ros2RobotConfig r =
        loader.load(
            panda,
            Ros2RobotConfig.class,
            List.of(
                "objects=[{name: object, part: POSE_AND_VELOCITY, onStale: KEEP_LAST}, {name:"
                    + " goal, topic: /mocap/goal, staleAfterSeconds: 2}]",
                "differences=[{name: ee_to_object, from: ee, to: object}]"));
    assertThat(r.objects().get(0).topic()).isEqualTo("/tandem/objects/object");
    assertThat(r.objects().get(0).onStale()).isEqualTo(OnStale.KEEP_LAST);
    assertThat(r.objects().get(1).part()).isEqualTo(ObjectPoseConfig.Part.POSITION);
    assertThat(r.objects().get(1).onStale()).isEqualTo(OnStale.HOLD);
    assertThat(r.spec().feature(dev.tandem.core.spec.FeatureSpec.STATE).names())
        .endsWith(
            "goal.x", "goal.y", "goal.z", "ee_to_object.x", "ee_to_object.y", "ee_to_object.z");
    assertThatThrownBy(
            () ->
                loader.load(
                    panda,
                    List.of(
                        "objects=[{name: goal}]", "differences=[{name: d, from: ee, to: cube}]")))
        .hasMessageContaining("differences.d")
        .hasMessageContaining("'cube' is not an object");
    assertThatThrownBy(() -> loader.load(panda, List.of("objects=[{name: ee}]")))
        .hasMessageContaining("objects.name")
        .hasMessageContaining("the tool");
    assertThatThrownBy(() -> loader.load(panda, List.of("objects=[{name: a}, {name: a}]")))
        .hasMessageContaining("'a' appears twice");
  }

  @Test
  void camerasFromYamlBecomeImageFeaturesAndTheirErrorsNameTheField() {
    ConfigLoader loader = ConfigLoader.discover();
    Path panda = Path.of("../configs/ros2/panda.yaml");
    Ros2RobotConfig r =
        loader.load(
            panda,
            Ros2RobotConfig.class,
            List.of(
                "cameras=[{name: front, width: 64, height: 48}, {name: wrist, topic:"
                    + " /wrist/color/image_raw, width: 32, height: 32, onStale: KEEP_LAST}]"));
    assertThat(r.cameras().get(0).topic()).isEqualTo("/tandem/cameras/front/image_raw");
    assertThat(r.cameras().get(0).onStale()).isEqualTo(OnStale.HOLD);
    assertThat(r.cameras().get(0).staleAfterSeconds()).isEqualTo(0.5);
    assertThat(r.cameras().get(1).onStale()).isEqualTo(OnStale.KEEP_LAST);
    var front = r.spec().feature(dev.tandem.core.spec.FeatureSpec.IMAGES_PREFIX + "front");
    assertThat(front.shape()).containsExactly(48, 64, 3);
    assertThat(r.spec().feature(dev.tandem.core.spec.FeatureSpec.IMAGES_PREFIX + "wrist").shape())
        .containsExactly(32, 32, 3);
    assertThatThrownBy(() -> loader.load(panda, List.of("cameras=[{name: front, width: 64}]")))
        .hasMessageContaining("cameras.front.height");
    assertThatThrownBy(
            () -> loader.load(panda, List.of("cameras=[{name: front, width: 4, height: 48}]")))
        .hasMessageContaining("cameras.front.width");
    assertThatThrownBy(
            () ->
                loader.load(
                    panda,
                    List.of(
                        "cameras=[{name: a, width: 64, height: 48}, {name: a, width: 8, height:"
                            + " 8}]")))
        .hasMessageContaining("'a' appears twice");
  }

  @Test
  void theSpecIsKnownWithoutConnectingAndIsTheRobotsSpec() throws Exception {
    Ros2RobotConfig r =
        (Ros2RobotConfig)
            ConfigLoader.discover()
                .load(
                    Path.of("../configs/ros2/panda.yaml"),
                    List.of("domainId=" + (100 + new java.util.Random().nextInt(100))));
    var spec = r.spec();
    assertThat(spec.name()).isEqualTo("ros2/" + r.name());
    assertThat(spec.action().mode()).isEqualTo(r.actionMode());
    try (Ros2Robot robot = r.create()) {
      // field by field: the specs hold arrays, which records compare by identity
      assertThat(robot.spec()).usingRecursiveComparison().isEqualTo(spec);
    }
  }

  @Test
  void targetsLeavingTheWorkspaceBoxAreRefusedAndOutOfRangeOnesClamped() {
    RobotModel model =
        RobotModel.of(UrdfLoader.loadResource("/robots/panda.urdf"), "panda_hand_tcp", List.of());
    var spec =
        model.robotSpec(
            new dev.tandem.core.spec.RobotSpec.CartesianLimits(
                1, new double[] {0, -1, 0.3}, new double[] {1, 1, 1}));
    double[] neutral = {0.0, 0.41, 0.0, -1.85, 0.0, 2.26, 0.79};
    // the box floor sits 2 cm below the neutral posture's tool
    RobotKinematics k = new RobotKinematics(model);
    double[] q = new double[model.dof()];
    System.arraycopy(neutral, 0, q, 0, 7);
    k.forward(q);
    double z = k.eePosition()[2];
    JointTargetLimiter limiter =
        new JointTargetLimiter(
            spec.joints(),
            model.armJoints(),
            new RobotKinematics(model),
            0.5,
            1.0,
            new double[] {0, -1, z - 0.02},
            new double[] {1, 1, 1});
    limiter.reset(neutral);
    double[] down = neutral.clone();
    down[3] = -1.95; // bends the elbow: the tool goes down, below the box floor
    double[] t = down.clone();
    String what = limiter.limit(t);
    assertThat(what).contains("workspace");
    assertThat(t).containsExactly(neutral);
    double[] over = neutral.clone();
    over[3] = 0.3; // a 2.15 rad step: limited to 0.5 rad
    limiter.limit(over);
    assertThat(over[3]).isEqualTo(-1.35, org.assertj.core.api.Assertions.within(1e-12));
    JointTargetLimiter.Counts c = limiter.counts();
    assertThat(c.workspaceRefused()).isEqualTo(1);
    assertThat(c.stepLimited()).isEqualTo(1);
  }
}
