package dev.tandem.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.scene.SceneObject;
import dev.tandem.model.RobotModel;
import dev.tandem.model.RobotScene;
import dev.tandem.model.Rot;
import dev.tandem.model.urdf.UrdfLoader;
import dev.tandem.sim.config.ReachConfig;
import dev.tandem.sim.task.Workcell;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A robot drawn from its URDF and joint states, as a real robot's viewer would draw it. */
class RobotSceneTest {
  private static RobotModel panda() {
    return RobotModel.of(
        UrdfLoader.loadResource(Workcell.ROBOT_RESOURCE), Workcell.EE_LINK, Workcell.FINGER_JOINTS);
  }

  @Test
  void theSimulationDrawsItsArmExactlyAsTheUrdfAndItsJointStatesDo() {
    RobotModel model = panda();
    try (var env = (SimEnvironment) ReachConfig.defaults().create()) {
      env.reset(3);
      List<SceneObject> sim = env.scene().objects();
      RobotScene scene = new RobotScene(model, Rot.identity(), Workcell.BASE);
      double[] rest = env.jointPositions();
      List<SceneObject> fromJoints = scene.objects(rest);
      assertThat(fromJoints).isNotEmpty();
      for (int i = 0; i < fromJoints.size(); i++) {
        SceneObject a = fromJoints.get(i);
        SceneObject b = sim.get(i);
        assertThat(a.name()).isEqualTo(b.name());
        assertThat(a.shape()).isEqualTo(b.shape());
        assertThat(a.pose().x()).isCloseTo(b.pose().x(), within(1e-9));
        assertThat(a.pose().y()).isCloseTo(b.pose().y(), within(1e-9));
        assertThat(a.pose().z()).isCloseTo(b.pose().z(), within(1e-9));
      }
    }
  }

  @Test
  void movingAJointMovesTheLinksAfterItOnly() {
    RobotModel model = panda();
    RobotScene scene = new RobotScene(model);
    double[] q = new double[model.dof()];
    List<SceneObject> before = scene.objects(q);
    q[0] = 0.8; // the first joint turns the whole arm about the vertical
    List<SceneObject> after = scene.objects(q);
    SceneObject baseBefore = before.get(0);
    SceneObject baseAfter = after.get(0);
    assertThat(baseAfter.pose()).isEqualTo(baseBefore.pose());
    SceneObject handBefore = byName(before, "panda_hand");
    SceneObject handAfter = byName(after, "panda_hand");
    double r0 = Math.hypot(handBefore.pose().x(), handBefore.pose().y());
    double r1 = Math.hypot(handAfter.pose().x(), handAfter.pose().y());
    assertThat(r1).isCloseTo(r0, within(1e-6)); // a rotation about z keeps the distance
    assertThat(handAfter.pose().z()).isCloseTo(handBefore.pose().z(), within(1e-6));
    assertThat(
            Math.atan2(handAfter.pose().y(), handAfter.pose().x())
                - Math.atan2(handBefore.pose().y(), handBefore.pose().x()))
        .isCloseTo(0.8, within(1e-6));
    assertThat(after.stream().filter(o -> o.name().contains("finger")).toList())
        .isNotEmpty()
        .allSatisfy(o -> assertThat(o.rgba()[0]).isLessThan(0.5f));
  }

  @Test
  void wrongJointStatesAreRefusedNamingWhatWasExpected() {
    RobotScene scene = new RobotScene(panda());
    assertThatThrownBy(() -> scene.objects(new double[3]))
        .hasMessageContaining("expected 9")
        .hasMessageContaining("found 3");
    double[] q = new double[9];
    q[2] = Double.NaN;
    assertThatThrownBy(() -> scene.objects(q)).hasMessageContaining("NaN");
  }

  @Test
  void eachArmJointNamesTheLinksItMovesSoTheViewerCanTintThemNearALimit() {
    RobotModel model = panda();
    RobotScene scene = new RobotScene(model, Rot.identity(), Workcell.BASE);
    double[] q = new double[model.dof()];
    List<SceneObject> before = scene.objects(q);
    List<String> parentLinks = List.of(model.bodies().get(0).links().get(0));
    for (int j : model.armJoints()) {
      String joint = model.joints().get(j).name();
      List<String> links = scene.linksMovedBy(joint);
      assertThat(links).as(joint).isNotEmpty();
      double[] moved = q.clone();
      moved[j] += 0.4;
      List<SceneObject> after = scene.objects(moved);
      List<String> drawn = before.stream().map(SceneObject::name).toList();
      assertThat(drawn).as(joint).containsAnyElementsOf(links);
      for (int i = 0; i < before.size(); i++) {
        String name = before.get(i).name();
        if (links.contains(name)) {
          assertThat(posed(after.get(i)))
              .as(name + " moves with " + joint)
              .isNotEqualTo(posed(before.get(i)));
        }
        if (parentLinks.contains(name)) {
          assertThat(posed(after.get(i)))
              .as(name + " stays when " + joint + " moves")
              .isEqualTo(posed(before.get(i)));
        }
      }
      parentLinks = links;
    }
    assertThat(scene.linksMovedBy("panda_joint4")).contains("panda_link4");
    assertThat(scene.linksMovedBy("no_such_joint")).isEmpty();
  }

  private static List<Long> posed(SceneObject o) {
    var p = o.pose();
    return java.util.stream.DoubleStream.of(p.x(), p.y(), p.z(), p.qx(), p.qy(), p.qz(), p.qw())
        .mapToObj(v -> Math.round(v * 1e6))
        .toList();
  }

  private static SceneObject byName(List<SceneObject> objects, String name) {
    return objects.stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
  }
}
