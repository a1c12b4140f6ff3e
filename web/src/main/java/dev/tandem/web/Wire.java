package dev.tandem.web;

import dev.tandem.core.scene.Pose;
import dev.tandem.core.scene.SceneDescription;
import dev.tandem.core.scene.SceneObject;
import dev.tandem.core.scene.Shape;
import java.util.List;

/** What the server sends a browser: JSON objects whose {@code t} names them. */
final class Wire {
  private Wire() {}

  /** The first message: who the client is, the robots, the deadman timeout. */
  record Hello(String t, String client, List<RobotInfo> robots, int deadmanTimeoutMillis) {
    Hello(String client, List<RobotInfo> robots, int deadmanTimeoutMillis) {
      this("hello", client, robots, deadmanTimeoutMillis);
    }
  }

  /**
   * A robot's frame for the page: the runtime's {@link RobotFrame} with the seat holder and the
   * server-side input-to-applied latency of {@code inputSeq} (NaN: none).
   */
  record Frame(
      String t,
      String robot,
      String seat,
      double inputToActionMs,
      RobotFrame status,
      List<WireObject> scene) {}

  /** Who holds the seat of a robot now (null: free), and who is connected. */
  record SeatChange(String t, String robot, String seat, List<String> clients) {}

  /** An answer to one client: a correction's interpretation, a refusal, a pong. */
  record Reply(String t, String robot, String kind, String text, String detail, boolean ok) {}

  record Pong(String t, double sentMs) {}

  /** A scene object as three.js builds it: shape kind and size (m), position, quaternion. */
  record WireObject(
      String name,
      String shape,
      double[] size,
      double[] position,
      double[] quaternion,
      float[] rgba,
      boolean ghost) {}

  static List<WireObject> scene(SceneDescription scene) {
    return scene == null ? null : scene.objects().stream().map(Wire::object).toList();
  }

  private static WireObject object(SceneObject o) {
    Pose p = o.pose();
    Shape sh = o.shape();
    String kind;
    double[] size;
    if (sh instanceof Shape.Box b) {
      kind = "box";
      size = new double[] {b.sizeX(), b.sizeY(), b.sizeZ()};
    } else if (sh instanceof Shape.Sphere s) {
      kind = "sphere";
      size = new double[] {s.radius()};
    } else if (sh instanceof Shape.Cylinder c) {
      kind = "cylinder";
      size = new double[] {c.radius(), c.length()};
    } else if (sh instanceof Shape.Capsule c) {
      kind = "capsule";
      size = new double[] {c.radius(), c.length()};
    } else {
      kind = "plane";
      size = new double[] {((Shape.Plane) sh).halfExtent()};
    }
    return new WireObject(
        o.name(),
        kind,
        size,
        new double[] {p.x(), p.y(), p.z()},
        new double[] {p.qx(), p.qy(), p.qz(), p.qw()},
        o.rgba(),
        o.ghost());
  }
}
