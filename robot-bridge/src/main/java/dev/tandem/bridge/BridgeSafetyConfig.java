package dev.tandem.bridge;

import dev.tandem.core.config.ConfigChecks;

/**
 * The bridge's safety settings, on top of the joint position and velocity limits that come from the
 * robot's URDF (the robot spec). A deployer fills these in first.
 *
 * @param maxJointStepRad largest change of a joint target from one tick to the next (rad, or m for
 *     a prismatic joint); the velocity limit times the control period applies as well
 * @param workspaceMin lower corner of the box the end effector must stay in (m, robot base frame)
 * @param workspaceMax upper corner of that box
 * @param staleAfterSeconds watchdog: joint states older than this make the robot hold; it moves
 *     again only after the operator resumes ({@link Ros2Robot#resume()})
 * @param deadAfterSeconds no joint state for this long ends the episode: the robot is gone
 * @param estopInTopic std_msgs/Bool in: {@code true} engages the e-stop, {@code false} releases it
 *     (motion resumes only on the operator's word)
 * @param estopOutTopic std_msgs/Bool out, every tick and at once on a change: {@code true} while
 *     the bridge holds the robot (e-stop, watchdog)
 */
public record BridgeSafetyConfig(
    double maxJointStepRad,
    double[] workspaceMin,
    double[] workspaceMax,
    Double staleAfterSeconds,
    Double deadAfterSeconds,
    String estopInTopic,
    String estopOutTopic) {

  public BridgeSafetyConfig {
    ConfigChecks.inRange(maxJointStepRad, 1e-6, 1.0, "maxJointStepRad");
    workspaceMin = ConfigChecks.vector3(workspaceMin, "workspaceMin").clone();
    workspaceMax = ConfigChecks.vector3(workspaceMax, "workspaceMax").clone();
    for (int i = 0; i < 3; i++) {
      if (!(workspaceMin[i] < workspaceMax[i])) {
        throw new IllegalArgumentException(
            "workspaceMin: component "
                + i
                + " is "
                + workspaceMin[i]
                + ", expected below workspaceMax's "
                + workspaceMax[i]);
      }
    }
    staleAfterSeconds = ConfigChecks.orDefault(staleAfterSeconds, 0.1);
    ConfigChecks.inRange(staleAfterSeconds, 0.001, 10, "staleAfterSeconds");
    deadAfterSeconds = ConfigChecks.orDefault(deadAfterSeconds, 1.0);
    ConfigChecks.inRange(deadAfterSeconds, 0.01, 60, "deadAfterSeconds");
    if (!(deadAfterSeconds > staleAfterSeconds)) {
      throw new IllegalArgumentException(
          "deadAfterSeconds: found "
              + deadAfterSeconds
              + ", expected more than staleAfterSeconds ("
              + staleAfterSeconds
              + ")");
    }
    estopInTopic = ConfigChecks.orDefault(estopInTopic, "/tandem/estop");
    estopOutTopic = ConfigChecks.orDefault(estopOutTopic, "/tandem/estop_state");
  }
}
