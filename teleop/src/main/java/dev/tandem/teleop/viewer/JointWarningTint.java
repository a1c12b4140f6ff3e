package dev.tandem.teleop.viewer;

import dev.tandem.core.scene.SceneObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The joint near its limit drawn on the arm: the scene objects it moves (its links, named in {@link
 * ViewerStatus#jointWarningParts()}) in the joint warning's amber, the same colour as the warning
 * line, so the operator sees which part of the arm is about to stop.
 */
final class JointWarningTint {
  private JointWarningTint() {}

  /** {@code scene} with the objects named in {@code parts} amber; the same list when none is. */
  static List<SceneObject> tinted(List<SceneObject> scene, Collection<String> parts) {
    if (parts.isEmpty()) {
      return scene;
    }
    List<SceneObject> out = new ArrayList<>(scene.size());
    for (SceneObject o : scene) {
      out.add(
          parts.contains(o.name())
              ? new SceneObject(
                  o.name(), o.shape(), o.pose(), OverlayLayout.JOINT_WARNING.clone(), o.ghost())
              : o);
    }
    return out;
  }
}
