package dev.tandem.bridge;

import dev.tandem.core.config.ConfigChecks;

/**
 * A camera whose {@code sensor_msgs/Image} the bridge observes as {@code observation.images.<name>}
 * (height x width x 3, RGB, uint8), the size the policy was trained on: the received image (rgb8,
 * bgr8 or mono8) is cropped about its centre to that aspect ratio and shrunk (area average) or
 * grown (nearest) to that size.
 *
 * @param name the camera's name in the observation (e.g. {@code front}, as the sim task's camera)
 * @param topic where its images arrive (default {@code /tandem/cameras/<name>/image_raw}, what
 *     {@code tandem sim-robot} publishes)
 * @param width the observed width (pixels)
 * @param height the observed height (pixels)
 * @param staleAfterSeconds an image older than this is stale (default 0.5 s)
 * @param onStale HOLD (default: the robot holds until a fresh image) or KEEP_LAST
 */
public record CameraTopicConfig(
    String name,
    String topic,
    Integer width,
    Integer height,
    Double staleAfterSeconds,
    OnStale onStale) {

  public CameraTopicConfig {
    ConfigChecks.required(name, "cameras.name");
    if (!name.matches("[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException(
          "cameras.name: found '" + name + "', expected letters, digits and _");
    }
    topic = ConfigChecks.orDefault(topic, defaultTopic(name));
    ConfigChecks.required(width, "cameras." + name + ".width");
    ConfigChecks.intInRange(width, 8, 1024, "cameras." + name + ".width");
    ConfigChecks.required(height, "cameras." + name + ".height");
    ConfigChecks.intInRange(height, 8, 1024, "cameras." + name + ".height");
    staleAfterSeconds = ConfigChecks.orDefault(staleAfterSeconds, 0.5);
    ConfigChecks.inRange(staleAfterSeconds, 0.001, 3600, "cameras." + name + ".staleAfterSeconds");
    onStale = ConfigChecks.orDefault(onStale, OnStale.HOLD);
  }

  /** Where camera {@code name}'s images are unless configured: what sim-robot publishes. */
  public static String defaultTopic(String name) {
    return "/tandem/cameras/" + name + "/image_raw";
  }
}
