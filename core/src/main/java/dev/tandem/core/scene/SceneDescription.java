package dev.tandem.core.scene;

import java.util.List;

/**
 * What to draw at one instant: every object with its pose. Produced by the simulator from its
 * bodies, or from a URDF plus joint states for a real robot; consumed by the one renderer that
 * serves both the sim's cameras and the operator's viewer.
 */
public record SceneDescription(List<SceneObject> objects) {
  public SceneDescription {
    objects = List.copyOf(objects);
  }
}
