package dev.tandem.bridge;

import dev.tandem.core.config.ConfigChecks;
import java.util.List;

/**
 * One object whose pose a tracker publishes ({@code geometry_msgs/PoseStamped}) and which the
 * bridge puts in its observation, after the robot part, as a sim task does: {@code <name>.x},
 * {@code .y}, {@code .z} and, by {@code part}, the orientation quaternion and the velocities.
 *
 * @param name the object's name in the observation (e.g. {@code goal}, {@code object}); not {@code
 *     ee}, which names the tool in {@link PoseDifference}s
 * @param topic where its {@code PoseStamped} arrives (default {@code /tandem/objects/<name>}, what
 *     {@code tandem sim-robot} publishes)
 * @param part what of it goes in the observation (default POSITION)
 * @param staleAfterSeconds a pose older than this is stale (default 0.5 s)
 * @param onStale what a stale pose does: HOLD (default) the robot holds its posture until the pose
 *     is fresh again; KEEP_LAST the last pose is observed, velocities zero; both are counted and
 *     said in the step's detail
 */
public record ObjectPoseConfig(
    String name, String topic, Part part, Double staleAfterSeconds, OnStale onStale) {

  /** What of an object's pose is observed. */
  public enum Part {
    /** x, y, z (3 values): a goal or a fixture. */
    POSITION(List.of("x", "y", "z")),
    /** Position and quaternion qx, qy, qz, qw (7 values). */
    POSE(List.of("x", "y", "z", "qx", "qy", "qz", "qw")),
    /**
     * Position, quaternion, linear velocity vx, vy, vz and angular velocity wx, wy, wz (13 values,
     * the sim's layout for a movable object); velocities by finite differences of the stamps.
     */
    POSE_AND_VELOCITY(
        List.of("x", "y", "z", "qx", "qy", "qz", "qw", "vx", "vy", "vz", "wx", "wy", "wz"));

    private final List<String> suffixes;

    Part(List<String> suffixes) {
      this.suffixes = suffixes;
    }

    /** The names of the part's values, e.g. {@code goal.x}. */
    public List<String> names(String object) {
      return suffixes.stream().map(s -> object + "." + s).toList();
    }

    public int size() {
      return suffixes.size();
    }
  }

  /** The tool's name in {@link PoseDifference}s, refused as an object name. */
  public static final String TOOL = "ee";

  public ObjectPoseConfig {
    ConfigChecks.required(name, "objects.name");
    if (name.isBlank() || name.equals(TOOL) || !name.matches("[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException(
          "objects.name: found '"
              + name
              + "', expected letters, digits and _ (and not '"
              + TOOL
              + "', the tool)");
    }
    topic = ConfigChecks.orDefault(topic, "/tandem/objects/" + name);
    part = ConfigChecks.orDefault(part, Part.POSITION);
    staleAfterSeconds = ConfigChecks.orDefault(staleAfterSeconds, 0.5);
    ConfigChecks.inRange(staleAfterSeconds, 0.001, 3600, "objects." + name + ".staleAfterSeconds");
    onStale = ConfigChecks.orDefault(onStale, OnStale.HOLD);
  }
}
