package dev.tandem.core.scene;

import java.util.Objects;

/**
 * One drawable thing: a name (link or object name), a shape, its world pose, and an RGBA colour in
 * [0, 1]. {@code ghost} objects (goals, the policy's proposed motion) are drawn translucent and are
 * never seen by physics.
 */
public record SceneObject(String name, Shape shape, Pose pose, float[] rgba, boolean ghost) {
  public SceneObject {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(pose, "pose");
    if (rgba == null || rgba.length != 4) {
      throw new IllegalArgumentException("object '" + name + "': rgba needs 4 values");
    }
  }
}
