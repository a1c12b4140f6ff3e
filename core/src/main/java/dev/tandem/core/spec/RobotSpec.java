package dev.tandem.core.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a robot is, independent of how it is driven: its arm joints (in kinematic order), its end
 * effector link and its gripper. The safety limits every applied action passes through come from
 * here.
 */
public record RobotSpec(
    String name,
    List<JointSpec> joints,
    String endEffectorLink,
    Optional<GripperSpec> gripper,
    CartesianLimits cartesianLimits) {

  /**
   * Bounds on end-effector motion: maximum translation per second (m/s) and a workspace box (m, in
   * the robot base frame).
   */
  public record CartesianLimits(
      double maxLinearSpeed, double[] workspaceMin, double[] workspaceMax) {
    public CartesianLimits {
      if (!(maxLinearSpeed > 0)) {
        throw new IllegalArgumentException(
            "cartesian limits: max linear speed must be positive, found " + maxLinearSpeed);
      }
      if (workspaceMin.length != 3 || workspaceMax.length != 3) {
        throw new IllegalArgumentException("cartesian limits: workspace bounds need 3 values");
      }
      workspaceMin = workspaceMin.clone();
      workspaceMax = workspaceMax.clone();
    }
  }

  public RobotSpec {
    Objects.requireNonNull(name, "name");
    joints = List.copyOf(joints);
    if (joints.isEmpty()) {
      throw new IllegalArgumentException("robot '" + name + "' has no joints");
    }
    long distinct = joints.stream().map(JointSpec::name).distinct().count();
    if (distinct != joints.size()) {
      throw new IllegalArgumentException("robot '" + name + "' has duplicate joint names");
    }
    Objects.requireNonNull(endEffectorLink, "endEffectorLink");
    gripper = gripper == null ? Optional.empty() : gripper;
    Objects.requireNonNull(cartesianLimits, "cartesianLimits");
  }

  public int dof() {
    return joints.size();
  }

  public JointSpec joint(String jointName) {
    return joints.stream()
        .filter(j -> j.name().equals(jointName))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "robot '" + name + "' has no joint '" + jointName + "'"));
  }
}
