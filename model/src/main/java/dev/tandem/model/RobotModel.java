package dev.tandem.model;

import dev.tandem.core.spec.GripperSpec;
import dev.tandem.core.spec.JointSpec;
import dev.tandem.core.spec.RobotSpec;
import dev.tandem.model.urdf.UrdfModel;
import dev.tandem.model.urdf.UrdfModel.Geometry;
import dev.tandem.model.urdf.UrdfModel.Joint;
import dev.tandem.model.urdf.UrdfModel.JointType;
import dev.tandem.model.urdf.UrdfModel.Limit;
import dev.tandem.model.urdf.UrdfModel.Link;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A URDF robot reduced to what simulation and kinematics need: rigid bodies (links joined by fixed
 * joints are merged into one body, with combined mass properties and all their collision shapes)
 * and the movable joints between them, in parent-before-child order. Body 0 is the base; body
 * {@code i + 1} is moved by movable joint {@code i}. A body's frame is the frame of the joint that
 * moves it (the URDF child link frame).
 *
 * <p>The arm joints are the movable joints between the base and the end-effector link; the gripper
 * joints are named by the caller. Immutable.
 */
public final class RobotModel {

  /** A collision shape placed in its body's frame. */
  public record BodyShape(String link, Geometry geometry, double[] rot, double[] pos) {}

  /**
   * A rigid body: the URDF links it merges, its mass (kg), its centre of mass and principal
   * inertias (kg·m², the diagonal of the combined tensor about the centre of mass, in the body
   * frame), and its shapes.
   */
  public record Body(
      String name,
      List<String> links,
      double mass,
      double[] com,
      double[] inertia,
      List<BodyShape> shapes) {}

  /**
   * A movable joint: the body it hangs from, the fixed transform from that body's frame to this
   * joint's frame at zero position, the unit axis (joint frame), and its limits.
   */
  public record MovableJoint(
      String name,
      JointType type,
      int parentBody,
      double[] fixedRot,
      double[] fixedPos,
      double[] axis,
      Limit limit) {
    public boolean prismatic() {
      return type == JointType.PRISMATIC;
    }
  }

  private final UrdfModel urdf;
  private final List<Body> bodies;
  private final List<MovableJoint> joints;
  private final int[] armJoints;
  private final int[] gripperJoints;
  private final int tipBody;
  private final double[] tipRot;
  private final double[] tipPos;
  private final String endEffectorLink;

  private RobotModel(
      UrdfModel urdf,
      List<Body> bodies,
      List<MovableJoint> joints,
      int[] armJoints,
      int[] gripperJoints,
      int tipBody,
      double[] tipRot,
      double[] tipPos,
      String endEffectorLink) {
    this.urdf = urdf;
    this.bodies = List.copyOf(bodies);
    this.joints = List.copyOf(joints);
    this.armJoints = armJoints;
    this.gripperJoints = gripperJoints;
    this.tipBody = tipBody;
    this.tipRot = tipRot;
    this.tipPos = tipPos;
    this.endEffectorLink = endEffectorLink;
  }

  /**
   * Builds the model of {@code urdf} with the given end-effector link and gripper joints (empty for
   * none). Fails with a message naming the file when a name is unknown, a movable link has no mass,
   * or a gripper joint is on the arm's chain.
   */
  public static RobotModel of(UrdfModel urdf, String endEffectorLink, List<String> gripperJoints) {
    String src = urdf.source();
    urdf.link(endEffectorLink);
    Map<String, List<Joint>> childJoints = new HashMap<>();
    for (Joint j : urdf.joints()) {
      childJoints.computeIfAbsent(j.parent(), k -> new ArrayList<>()).add(j);
    }
    // Walk the tree depth-first; each link gets (body index, pose in body).
    List<BodyBuilder> builders = new ArrayList<>();
    List<MovableJoint> joints = new ArrayList<>();
    Map<String, Integer> bodyOfLink = new HashMap<>();
    Map<String, double[][]> poseInBody = new HashMap<>();
    builders.add(new BodyBuilder(urdf.rootLink()));
    List<String> stack = new ArrayList<>();
    stack.add(urdf.rootLink());
    bodyOfLink.put(urdf.rootLink(), 0);
    poseInBody.put(urdf.rootLink(), new double[][] {Rot.identity(), new double[3]});
    // depth-first, children in file order
    while (!stack.isEmpty()) {
      String link = stack.remove(stack.size() - 1);
      int body = bodyOfLink.get(link);
      double[][] pose = poseInBody.get(link);
      builders.get(body).add(urdf.link(link), pose[0], pose[1]);
      List<Joint> kids = childJoints.getOrDefault(link, List.of());
      for (int k = kids.size() - 1; k >= 0; k--) {
        stack.add(kids.get(k).child());
      }
      for (Joint j : kids) {
        double[] oRot = Rot.fromRpy(j.origin().rpy()[0], j.origin().rpy()[1], j.origin().rpy()[2]);
        double[] rot = new double[9];
        Rot.mul(pose[0], oRot, rot);
        double[] pos = new double[3];
        Rot.apply(pose[0], j.origin().xyz(), pos);
        for (int i = 0; i < 3; i++) {
          pos[i] += pose[1][i];
        }
        if (j.type().movable()) {
          int newBody = builders.size();
          builders.add(new BodyBuilder(j.child()));
          Limit limit = j.limit().orElseThrow();
          joints.add(new MovableJoint(j.name(), j.type(), body, rot, pos, j.axis(), limit));
          bodyOfLink.put(j.child(), newBody);
          poseInBody.put(j.child(), new double[][] {Rot.identity(), new double[3]});
        } else {
          bodyOfLink.put(j.child(), body);
          poseInBody.put(j.child(), new double[][] {rot, pos});
        }
      }
    }
    // joints were appended in DFS visiting order of their parents; re-sort so that a joint comes
    // after the joint moving its parent body (it already does: parents are visited first).
    List<Body> bodies = new ArrayList<>();
    for (int b = 0; b < builders.size(); b++) {
      BodyBuilder bb = builders.get(b);
      if (b > 0 && !(bb.mass > 0)) {
        throw new IllegalArgumentException(
            src
                + ": link '"
                + bb.name
                + "' is moved by joint '"
                + joints.get(b - 1).name()
                + "' but has no <inertial>; movable links need a positive mass");
      }
      bodies.add(bb.build());
    }
    int tipBody = bodyOfLink.get(endEffectorLink);
    double[][] tipPose = poseInBody.get(endEffectorLink);
    // arm joints: ancestors of the tip body, base to tip
    List<Integer> chain = new ArrayList<>();
    for (int b = tipBody; b > 0; b = joints.get(b - 1).parentBody()) {
      chain.add(0, b - 1);
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException(
          src + ": end-effector link '" + endEffectorLink + "' is not moved by any joint");
    }
    int[] grip = new int[gripperJoints.size()];
    for (int g = 0; g < grip.length; g++) {
      String name = gripperJoints.get(g);
      int idx = -1;
      for (int i = 0; i < joints.size(); i++) {
        if (joints.get(i).name().equals(name)) {
          idx = i;
        }
      }
      if (idx < 0) {
        throw new IllegalArgumentException(
            src + ": gripper joint '" + name + "' is not a movable joint of the robot");
      }
      if (chain.contains(idx)) {
        throw new IllegalArgumentException(
            src
                + ": gripper joint '"
                + name
                + "' is on the chain to the end effector '"
                + endEffectorLink
                + "'");
      }
      grip[g] = idx;
    }
    return new RobotModel(
        urdf,
        bodies,
        joints,
        chain.stream().mapToInt(Integer::intValue).toArray(),
        grip,
        tipBody,
        tipPose[0],
        tipPose[1],
        endEffectorLink);
  }

  /** The core robot description: arm joints with their limits, end effector, gripper. */
  public RobotSpec robotSpec(RobotSpec.CartesianLimits limits) {
    List<JointSpec> specs = new ArrayList<>();
    for (int i : armJoints) {
      MovableJoint j = joints.get(i);
      specs.add(
          new JointSpec(
              j.name(),
              j.prismatic() ? JointSpec.JointType.PRISMATIC : JointSpec.JointType.REVOLUTE,
              j.limit().lower(),
              j.limit().upper(),
              j.limit().velocity(),
              j.limit().effort()));
    }
    Optional<GripperSpec> gripper = Optional.empty();
    if (gripperJoints.length > 0) {
      double opening = 0;
      double force = Double.POSITIVE_INFINITY;
      List<String> names = new ArrayList<>();
      for (int i : gripperJoints) {
        MovableJoint j = joints.get(i);
        names.add(j.name());
        opening += j.limit().upper() - j.limit().lower();
        force = Math.min(force, j.limit().effort());
      }
      gripper = Optional.of(new GripperSpec(names, opening, force));
    }
    return new RobotSpec(urdf.name(), specs, endEffectorLink, gripper, limits);
  }

  public UrdfModel urdf() {
    return urdf;
  }

  public List<Body> bodies() {
    return bodies;
  }

  public List<MovableJoint> joints() {
    return joints;
  }

  /** Number of movable joints (arm and gripper). */
  public int dof() {
    return joints.size();
  }

  /** Indices (into {@link #joints()}) of the arm joints, base to tip. */
  public int[] armJoints() {
    return armJoints.clone();
  }

  /** Indices of the gripper joints. */
  public int[] gripperJoints() {
    return gripperJoints.clone();
  }

  public int tipBody() {
    return tipBody;
  }

  public double[] tipRot() {
    return tipRot.clone();
  }

  public double[] tipPos() {
    return tipPos.clone();
  }

  public String endEffectorLink() {
    return endEffectorLink;
  }

  /** Accumulates the links merged into one body. */
  private static final class BodyBuilder {
    final String name;
    final List<String> links = new ArrayList<>();
    final List<BodyShape> shapes = new ArrayList<>();
    double mass;
    final double[] momentSum = new double[3]; // sum of m * c
    // inertia contributions about the body origin, assembled at build time
    final List<double[]> parts = new ArrayList<>(); // {m, cx, cy, cz, I00..I22 (rotated, at com)}

    BodyBuilder(String name) {
      this.name = name;
    }

    void add(Link link, double[] rot, double[] pos) {
      links.add(link.name());
      for (UrdfModel.Collision c : link.collisions()) {
        double[] oRot = Rot.fromRpy(c.origin().rpy()[0], c.origin().rpy()[1], c.origin().rpy()[2]);
        double[] r = new double[9];
        Rot.mul(rot, oRot, r);
        double[] p = new double[3];
        Rot.apply(rot, c.origin().xyz(), p);
        for (int i = 0; i < 3; i++) {
          p[i] += pos[i];
        }
        shapes.add(new BodyShape(link.name(), c.geometry(), r, p));
      }
      link.inertial()
          .ifPresent(
              in -> {
                double[] iRot =
                    Rot.fromRpy(in.origin().rpy()[0], in.origin().rpy()[1], in.origin().rpy()[2]);
                double[] r = new double[9];
                Rot.mul(rot, iRot, r);
                double[] c = new double[3];
                Rot.apply(rot, in.origin().xyz(), c);
                for (int i = 0; i < 3; i++) {
                  c[i] += pos[i];
                }
                double[] local = {
                  in.ixx(), in.ixy(), in.ixz(), in.ixy(), in.iyy(), in.iyz(), in.ixz(), in.iyz(),
                  in.izz()
                };
                double[] tmp = new double[9];
                Rot.mul(r, local, tmp);
                double[] world = new double[9];
                Rot.mul(tmp, Rot.transpose(r), world);
                double[] part = new double[13];
                part[0] = in.mass();
                System.arraycopy(c, 0, part, 1, 3);
                System.arraycopy(world, 0, part, 4, 9);
                parts.add(part);
                mass += in.mass();
                for (int i = 0; i < 3; i++) {
                  momentSum[i] += in.mass() * c[i];
                }
              });
    }

    Body build() {
      double[] com = new double[3];
      double[] inertia = new double[3];
      if (mass > 0) {
        for (int i = 0; i < 3; i++) {
          com[i] = momentSum[i] / mass;
        }
        double[] total = new double[9];
        for (double[] part : parts) {
          double m = part[0];
          double dx = part[1] - com[0];
          double dy = part[2] - com[1];
          double dz = part[3] - com[2];
          double d2 = dx * dx + dy * dy + dz * dz;
          double[] d = {dx, dy, dz};
          for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
              total[3 * r + c] += part[4 + 3 * r + c] + m * ((r == c ? d2 : 0) - d[r] * d[c]);
            }
          }
        }
        inertia[0] = total[0];
        inertia[1] = total[4];
        inertia[2] = total[8];
      }
      return new Body(name, links, mass, com, inertia, shapes);
    }
  }
}
