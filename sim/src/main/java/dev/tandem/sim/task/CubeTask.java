package dev.tandem.sim.task;

import dev.tandem.core.scene.Pose;
import dev.tandem.core.scene.SceneObject;
import dev.tandem.core.scene.Shape;
import dev.tandem.model.Rot;
import dev.tandem.model.urdf.UrdfModel.Geometry;
import dev.tandem.sim.physics.RigidObject;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/** What Push and PickAndPlace share: a cube on the table and a goal for its centre. */
abstract class CubeTask extends Task {

  protected final double size;
  private final double objectXyRange;
  private final double goalXyRange;
  private final double successDistance;
  protected final RigidObject cube;
  protected final double[] goal = new double[3];
  protected final double[] obj = new double[3];
  private final double[] tmp3 = new double[3];
  private final double[] tmp9 = new double[9];

  CubeTask(
      Workcell cell,
      double size,
      double massKg,
      double objectXyRange,
      double goalXyRange,
      double successDistance) {
    super(cell);
    this.size = size;
    this.objectXyRange = objectXyRange;
    this.goalXyRange = goalXyRange;
    this.successDistance = successDistance;
    this.cube = cell.addDynamicObject("object", new Geometry.Box(size, size, size), massKg, 1.0);
  }

  @Override
  public List<String> stateNames() {
    List<String> names = new ArrayList<>(objectStateNames("object"));
    names.addAll(names("goal", "x", "y", "z"));
    names.addAll(names("ee_to_object", "x", "y", "z"));
    names.addAll(names("object_to_goal", "x", "y", "z"));
    return names;
  }

  @Override
  public void writeState(float[] out, int offset) {
    int o = writeObjectState(cube, out, offset, tmp3, tmp9);
    cube.position(tmp3);
    out[o] = (float) goal[0];
    out[o + 1] = (float) goal[1];
    out[o + 2] = (float) goal[2];
    double[] ee = cell.eePosition();
    for (int i = 0; i < 3; i++) {
      out[o + 3 + i] = (float) (tmp3[i] - ee[i]);
      out[o + 6 + i] = (float) (goal[i] - tmp3[i]);
    }
  }

  /**
   * panda-gym's sampling: the cube at rest, unrotated, on the table uniformly in the object range
   * square around the table centre; the goal uniformly in the goal range square, on the table.
   */
  protected void placeCubeAndGoal(SplittableRandom rng) {
    double r = objectXyRange;
    double x = uniform(rng, -r / 2, r / 2);
    double y = uniform(rng, -r / 2, r / 2);
    cube.setPose(new double[] {x, y, size / 2}, Rot.identity());
    double g = goalXyRange;
    goal[0] = uniform(rng, -g / 2, g / 2);
    goal[1] = uniform(rng, -g / 2, g / 2);
    goal[2] = size / 2;
  }

  @Override
  public double successDistance() {
    return successDistance;
  }

  @Override
  public double goalDistance() {
    cube.position(obj);
    return distance(obj, goal);
  }

  @Override
  public Optional<String> failure() {
    cube.position(obj);
    return obj[2] < -0.05 ? Optional.of("the object fell off the table") : Optional.empty();
  }

  @Override
  public void writeEpisode(DataOutputStream out) throws IOException {
    writeVec(out, goal);
  }

  @Override
  public void readEpisode(DataInputStream in) throws IOException {
    readVec(in, goal);
  }

  @Override
  public void addDrawables(List<SceneObject> out) {
    cube.position(tmp3);
    cube.rotation(tmp9);
    double[] q = new double[4];
    Rot.toQuaternion(tmp9, q);
    out.add(
        new SceneObject(
            "object",
            new Shape.Box(size, size, size),
            new Pose(tmp3[0], tmp3[1], tmp3[2], q[0], q[1], q[2], q[3]),
            new float[] {0.1f, 0.3f, 0.9f, 1f},
            false));
    out.add(
        new SceneObject(
            "goal",
            new Shape.Box(size, size, size),
            Pose.at(goal[0], goal[1], goal[2]),
            new float[] {0.1f, 0.3f, 0.9f, 0.3f},
            true));
  }
}
