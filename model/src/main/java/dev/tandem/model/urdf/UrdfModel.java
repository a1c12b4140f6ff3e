package dev.tandem.model.urdf;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed and validated URDF robot: its links (in file order), its joints, and the root link (the
 * only link that is no joint's child). Lengths in m, angles in rad, masses in kg. Produced by
 * {@link UrdfLoader}; everything here has already been checked (tree shape, limits, positive
 * sizes).
 */
public record UrdfModel(
    String name, String source, Map<String, Link> links, List<Joint> joints, String rootLink) {

  public UrdfModel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    links = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(links));
    joints = List.copyOf(joints);
    Objects.requireNonNull(rootLink, "rootLink");
  }

  /** The link called {@code linkName}, or an exception naming the file. */
  public Link link(String linkName) {
    Link l = links.get(linkName);
    if (l == null) {
      throw new IllegalArgumentException(source + ": robot has no link '" + linkName + "'");
    }
    return l;
  }

  /** The joint called {@code jointName}, or an exception naming the file. */
  public Joint joint(String jointName) {
    return joints.stream()
        .filter(j -> j.name().equals(jointName))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(source + ": robot has no joint '" + jointName + "'"));
  }

  /** The joint whose child is {@code linkName}, empty for the root. */
  public Optional<Joint> parentJoint(String linkName) {
    return joints.stream().filter(j -> j.child().equals(linkName)).findFirst();
  }

  /** A rigid transform: translation {@code xyz} then fixed-axis roll, pitch, yaw {@code rpy}. */
  public record Origin(double[] xyz, double[] rpy) {
    public static final Origin IDENTITY = new Origin(new double[3], new double[3]);

    public Origin {
      xyz = xyz.clone();
      rpy = rpy.clone();
    }
  }

  /** The joint kinds Tandem simulates. */
  public enum JointType {
    REVOLUTE,
    CONTINUOUS,
    PRISMATIC,
    FIXED;

    public boolean movable() {
      return this != FIXED;
    }
  }

  /** Position limits (rad or m), effort (N·m or N) and velocity (rad/s or m/s). */
  public record Limit(double lower, double upper, double effort, double velocity) {}

  /** A primitive collision shape in its own frame, centred at the origin. */
  public sealed interface Geometry {
    /** Full extents along x, y, z. */
    record Box(double sizeX, double sizeY, double sizeZ) implements Geometry {}

    /** Radius and length along local z. */
    record Cylinder(double radius, double length) implements Geometry {}

    record Sphere(double radius) implements Geometry {}

    /**
     * Radius and the length of the cylindrical part along local z (the SDF convention); the caps
     * add one radius at each end.
     */
    record Capsule(double radius, double length) implements Geometry {}
  }

  /** Mass properties: centre of mass frame and the inertia tensor about it (kg·m²). */
  public record Inertial(
      Origin origin,
      double mass,
      double ixx,
      double iyy,
      double izz,
      double ixy,
      double ixz,
      double iyz) {}

  /** One collision element: a shape placed in the link frame. */
  public record Collision(Origin origin, Geometry geometry) {}

  /** A link: optional mass properties and its collision shapes. {@code line} is its file line. */
  public record Link(
      String name, Optional<Inertial> inertial, List<Collision> collisions, int line) {
    public Link {
      collisions = List.copyOf(collisions);
    }
  }

  /**
   * A joint: child frame placed at {@code origin} in the parent frame, moving along/about the unit
   * {@code axis} (child frame). {@code limit} is present for revolute and prismatic joints.
   */
  public record Joint(
      String name,
      JointType type,
      String parent,
      String child,
      Origin origin,
      double[] axis,
      Optional<Limit> limit,
      int line) {
    public Joint {
      axis = axis.clone();
    }
  }
}
