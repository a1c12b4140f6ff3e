package dev.tandem.bridge;

/** How joint targets reach the robot's ros2_control controller. */
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
  TRAJECTORY;

  /** The command topic of {@code controller} for this interface. */
  public String topic(String controller) {
    String base = controller.startsWith("/") ? controller : "/" + controller;
    return this == TRAJECTORY ? base + "/joint_trajectory" : base + "/commands";
  }
}
