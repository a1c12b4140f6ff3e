package dev.tandem.bridge;

/** How commands reach the robot: a ros2_control controller's joint targets, or moveit_servo. */
public enum CommandInterface {
  /**
   * forward_command_controller on the position interface: {@code <controller>/commands},
   * std_msgs/Float64MultiArray of joint positions (rad or m) in the robot spec's joint order.
   */
  POSITION,
  /** forward_command_controller on the velocity interface: the same topic, joint velocities. */
  VELOCITY,
  /**
   * joint_trajectory_controller: {@code <controller>/joint_trajectory},
   * trajectory_msgs/JointTrajectory with one point reached one control period from now.
   */
  TRAJECTORY,
  /**
   * moveit_servo: {@code <controller>/delta_twist_cmds} (the controller is the servo node, e.g.
   * {@code /servo_node}), geometry_msgs/TwistStamped of the tool in the robot's base link: the
   * EE-delta action's motion (clamped into the workspace box) over one control period, angular
   * zero; zero while the bridge holds. EE_DELTA actions only; moveit_servo applies the joint limits
   * and stops by itself when commands stop for its timeout.
   */
  TWIST;

  /** The command topic of {@code controller} for this interface. */
  public String topic(String controller) {
    String base = controller.startsWith("/") ? controller : "/" + controller;
    return switch (this) {
      case TRAJECTORY -> base + "/joint_trajectory";
      case TWIST -> base + "/delta_twist_cmds";
      default -> base + "/commands";
    };
  }
}
