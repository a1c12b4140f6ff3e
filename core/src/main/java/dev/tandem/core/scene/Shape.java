package dev.tandem.core.scene;

/**
 * A primitive shape in its local frame, centred at the origin. Sizes in m: a box by its full
 * extents, a sphere by radius, a cylinder and a capsule by radius and full length along local z
 * (for a capsule: tip to tip, caps included), a plane by its half extent in x and y (normal +z).
 */
public sealed interface Shape {
  record Box(double sizeX, double sizeY, double sizeZ) implements Shape {}

  record Sphere(double radius) implements Shape {}

  record Cylinder(double radius, double length) implements Shape {}

  record Capsule(double radius, double length) implements Shape {}

  record Plane(double halfExtent) implements Shape {}
}
