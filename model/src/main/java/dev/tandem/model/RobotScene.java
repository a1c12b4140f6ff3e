package dev.tandem.model;

import dev.tandem.core.scene.Pose;
import dev.tandem.core.scene.SceneDescription;
import dev.tandem.core.scene.SceneObject;
import dev.tandem.core.scene.Shape;
import dev.tandem.model.urdf.UrdfModel.Geometry;
import java.util.ArrayList;
import java.util.List;

/**
 * A robot drawn from its model and joint positions: every collision shape of every link posed by
 * forward kinematics. The simulation draws its arm this way, and a real robot is drawn the same way
 * from its URDF ({@link RobotModel#of}) and the joint states it reports, so the operator's viewer
 * shows simulated and real robots alike. Not thread-safe (one kinematics buffer per instance).
 */
public final class RobotScene {
  private static final float[] LINK = {0.92f, 0.92f, 0.92f, 1f};
  private static final float[] FINGER = {0.25f, 0.25f, 0.28f, 1f};

  private final RobotModel model;
  private final RobotKinematics kinematics;
  private final boolean[] finger;

  /** The robot with its base at the world origin. */
  public RobotScene(RobotModel model) {
    this(model, Rot.identity(), new double[3]);
  }

  /** The robot with its base at {@code basePosition}, rotated by {@code baseRotation} (3x3). */
  public RobotScene(RobotModel model, double[] baseRotation, double[] basePosition) {
    this.model = model;
    this.kinematics = new RobotKinematics(model);
    kinematics.setBasePose(baseRotation, basePosition);
    this.finger = new boolean[model.bodies().size()];
    for (int j : model.gripperJoints()) {
      int body = j + 1; // body 0 is the fixed base; movable joint j moves body j + 1
      if (body < finger.length) {
        finger[body] = true;
      }
    }
  }

  /**
   * The robot's shapes for joint positions {@code q} (one per movable joint, in the model's joint
   * order, arm then gripper).
   *
   * @throws IllegalArgumentException when {@code q} has the wrong length or a non-finite value
   */
  public List<SceneObject> objects(double[] q) {
    if (q.length != model.dof()) {
      throw new IllegalArgumentException(
          "joint positions: expected " + model.dof() + " values, found " + q.length);
    }
    for (int i = 0; i < q.length; i++) {
      if (!Double.isFinite(q[i])) {
        throw new IllegalArgumentException(
            "joint positions: " + model.joints().get(i).name() + " is " + q[i]);
      }
    }
    kinematics.forward(q);
    List<SceneObject> objects = new ArrayList<>();
    double[] r = new double[9];
    double[] p = new double[3];
    for (int b = 0; b < model.bodies().size(); b++) {
      RobotModel.Body body = model.bodies().get(b);
      for (RobotModel.BodyShape s : body.shapes()) {
        Rot.mul(kinematics.bodyRotation(b), s.rot(), r);
        Rot.apply(kinematics.bodyRotation(b), s.pos(), p);
        double[] o = kinematics.bodyPosition(b);
        objects.add(
            new SceneObject(
                s.link(),
                shapeOf(s.geometry()),
                pose(new double[] {o[0] + p[0], o[1] + p[1], o[2] + p[2]}, r),
                finger[b] ? FINGER : LINK,
                false));
      }
    }
    return objects;
  }

  /**
   * The names of the scene objects that movable joint {@code joint} moves directly (the URDF links
   * of the body it carries, as {@link #objects} names them); empty for a joint the model lacks.
   */
  public List<String> linksMovedBy(String joint) {
    for (int j = 0; j < model.joints().size(); j++) {
      int body = j + 1; // body 0 is the fixed base; movable joint j moves body j + 1
      if (model.joints().get(j).name().equals(joint) && body < model.bodies().size()) {
        return List.copyOf(model.bodies().get(body).links());
      }
    }
    return List.of();
  }

  /** Just the robot, as a scene. */
  public SceneDescription scene(double[] q) {
    return new SceneDescription(objects(q));
  }

  public static Shape shapeOf(Geometry g) {
    if (g instanceof Geometry.Box b) {
      return new Shape.Box(b.sizeX(), b.sizeY(), b.sizeZ());
    } else if (g instanceof Geometry.Capsule c) {
      return new Shape.Capsule(c.radius(), c.length() + 2 * c.radius());
    } else if (g instanceof Geometry.Cylinder c) {
      return new Shape.Cylinder(c.radius(), c.length());
    } else if (g instanceof Geometry.Sphere s) {
      return new Shape.Sphere(s.radius());
    }
    throw new IllegalArgumentException("unsupported geometry " + g);
  }

  public static Pose pose(double[] p, double[] rot) {
    double[] q = new double[4];
    Rot.toQuaternion(rot, q);
    return new Pose(p[0], p[1], p[2], q[0], q[1], q[2], q[3]);
  }
}
