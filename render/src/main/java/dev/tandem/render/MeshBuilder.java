package dev.tandem.render;

import dev.tandem.core.scene.Shape;

/**
 * Builds the triangle mesh of a primitive {@link Shape}, with the sizes baked in so the model
 * matrix of an object stays rigid (its rotation part is also the normal matrix). Triangles wind
 * counter-clockwise seen from outside, so back faces can be culled.
 */
final class MeshBuilder {
  /**
   * How finely round shapes are tessellated. Software rasterizers pay per vertex, so small camera
   * images use {@link #COARSE} (12 segments around, a silhouette error under 2% of the radius, well
   * under a pixel at 84x84) and larger views {@link #FINE}.
   */
  enum Detail {
    COARSE(12, 3),
    FINE(28, 7);

    /** Segments around a round shape's axis. */
    final int segments;

    /** Latitude bands of each hemisphere (a sphere has twice as many). */
    final int hemisphereBands;

    Detail(int segments, int hemisphereBands) {
      this.segments = segments;
      this.hemisphereBands = hemisphereBands;
    }
  }

  private MeshBuilder() {}

  static MeshData build(Shape shape, Detail detail) {
    if (shape instanceof Shape.Box b) {
      return box(b.sizeX(), b.sizeY(), b.sizeZ());
    } else if (shape instanceof Shape.Sphere s) {
      return sphere(s.radius(), detail);
    } else if (shape instanceof Shape.Cylinder c) {
      return cylinder(c.radius(), c.length(), detail);
    } else if (shape instanceof Shape.Capsule c) {
      return capsule(c.radius(), c.length(), detail);
    } else if (shape instanceof Shape.Plane p) {
      return plane(p.halfExtent());
    }
    throw new IllegalArgumentException("unknown shape " + shape);
  }

  /** Whether every size of the shape is finite and positive (else it cannot be drawn). */
  static boolean isValid(Shape shape) {
    if (shape instanceof Shape.Box b) {
      return positive(b.sizeX()) && positive(b.sizeY()) && positive(b.sizeZ());
    } else if (shape instanceof Shape.Sphere s) {
      return positive(s.radius());
    } else if (shape instanceof Shape.Cylinder c) {
      return positive(c.radius()) && positive(c.length());
    } else if (shape instanceof Shape.Capsule c) {
      return positive(c.radius()) && positive(c.length());
    } else if (shape instanceof Shape.Plane p) {
      return positive(p.halfExtent());
    }
    return false;
  }

  private static boolean positive(double v) {
    return v > 0 && Double.isFinite(v);
  }

  /**
   * Whether back faces of this shape may be culled (closed shapes; a plane is seen from both
   * sides).
   */
  static boolean isClosed(Shape shape) {
    return !(shape instanceof Shape.Plane);
  }

  static MeshData box(double sizeX, double sizeY, double sizeZ) {
    float hx = (float) (sizeX / 2);
    float hy = (float) (sizeY / 2);
    float hz = (float) (sizeZ / 2);
    Builder b = new Builder(24, 36);
    // Each face: outward normal n and two in-plane axes u, v with u x v = n, so (0,1,2),(0,2,3)
    // over corners (-u-v, +u-v, +u+v, -u+v) wind counter-clockwise seen from outside.
    face(b, 1, 0, 0, 0, 1, 0, 0, 0, 1, hx, hy, hz);
    face(b, -1, 0, 0, 0, 0, 1, 0, 1, 0, hx, hy, hz);
    face(b, 0, 1, 0, 0, 0, 1, 1, 0, 0, hx, hy, hz);
    face(b, 0, -1, 0, 1, 0, 0, 0, 0, 1, hx, hy, hz);
    face(b, 0, 0, 1, 1, 0, 0, 0, 1, 0, hx, hy, hz);
    face(b, 0, 0, -1, 0, 1, 0, 1, 0, 0, hx, hy, hz);
    return b.build();
  }

  private static void face(
      Builder b,
      float nx,
      float ny,
      float nz,
      float ux,
      float uy,
      float uz,
      float vx,
      float vy,
      float vz,
      float hx,
      float hy,
      float hz) {
    int first = b.vertexCount();
    float[][] corners = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
    for (float[] c : corners) {
      float x = (nx + c[0] * ux + c[1] * vx) * hx;
      float y = (ny + c[0] * uy + c[1] * vy) * hy;
      float z = (nz + c[0] * uz + c[1] * vz) * hz;
      b.vertex(x, y, z, nx, ny, nz);
    }
    b.triangle(first, first + 1, first + 2);
    b.triangle(first, first + 2, first + 3);
  }

  static MeshData plane(double halfExtent) {
    float h = (float) halfExtent;
    Builder b = new Builder(4, 6);
    b.vertex(-h, -h, 0, 0, 0, 1);
    b.vertex(h, -h, 0, 0, 0, 1);
    b.vertex(h, h, 0, 0, 0, 1);
    b.vertex(-h, h, 0, 0, 0, 1);
    b.triangle(0, 1, 2);
    b.triangle(0, 2, 3);
    return b.build();
  }

  static MeshData sphere(double radius, Detail detail) {
    return capsule(radius, 2 * radius, detail);
  }

  /** A capsule of {@code length} tip to tip (at least 2 radius; shorter ones become a sphere). */
  static MeshData capsule(double radius, double length, Detail detail) {
    int bandsPerHemisphere = detail.hemisphereBands;
    double halfCylinder = Math.max(0, length / 2 - radius);
    int n = detail.segments;
    // Latitude rings from the south pole (-z) to the north pole; with a cylinder section the
    // equator ring is duplicated, one copy at -halfCylinder and one at +halfCylinder.
    int rings = 2 * bandsPerHemisphere + 1 + (halfCylinder > 0 ? 1 : 0);
    Builder b = new Builder(rings * (n + 1), (rings - 1) * n * 6);
    for (int r = 0; r < rings; r++) {
      int latitudeIndex = r <= bandsPerHemisphere || halfCylinder == 0 ? r : r - 1;
      double latitude = -Math.PI / 2 + Math.PI * latitudeIndex / (2.0 * bandsPerHemisphere);
      boolean north = halfCylinder > 0 ? r > bandsPerHemisphere : latitude > 0;
      double offsetZ = north ? halfCylinder : -halfCylinder;
      double cosLat = Math.cos(latitude);
      double sinLat = Math.sin(latitude);
      for (int s = 0; s <= n; s++) {
        double longitude = 2 * Math.PI * s / n;
        double nx = cosLat * Math.cos(longitude);
        double ny = cosLat * Math.sin(longitude);
        double nz = sinLat;
        b.vertex(
            (float) (radius * nx),
            (float) (radius * ny),
            (float) (radius * nz + offsetZ),
            (float) nx,
            (float) ny,
            (float) nz);
      }
    }
    for (int r = 0; r < rings - 1; r++) {
      for (int s = 0; s < n; s++) {
        int a = r * (n + 1) + s;
        int c = a + n + 1;
        // Going up in latitude and counter-clockwise in longitude (seen from +z) keeps the
        // outward side counter-clockwise.
        b.triangle(a, a + 1, c + 1);
        b.triangle(a, c + 1, c);
      }
    }
    return b.build();
  }

  static MeshData cylinder(double radius, double length, Detail detail) {
    int n = detail.segments;
    float h = (float) (length / 2);
    Builder b = new Builder(4 * (n + 1) + 2, 12 * n);
    // Side: two rings with radial normals.
    for (int ring = 0; ring < 2; ring++) {
      float z = ring == 0 ? -h : h;
      for (int s = 0; s <= n; s++) {
        double longitude = 2 * Math.PI * s / n;
        float cx = (float) Math.cos(longitude);
        float cy = (float) Math.sin(longitude);
        b.vertex((float) radius * cx, (float) radius * cy, z, cx, cy, 0);
      }
    }
    for (int s = 0; s < n; s++) {
      int a = s;
      int c = s + n + 1;
      b.triangle(a, a + 1, c + 1);
      b.triangle(a, c + 1, c);
    }
    // Caps: a centre vertex and a ring with axial normals.
    for (int cap = 0; cap < 2; cap++) {
      float nz = cap == 0 ? -1 : 1;
      float z = nz * h;
      int centre = b.vertexCount();
      b.vertex(0, 0, z, 0, 0, nz);
      for (int s = 0; s <= n; s++) {
        double longitude = 2 * Math.PI * s / n;
        b.vertex(
            (float) (radius * Math.cos(longitude)),
            (float) (radius * Math.sin(longitude)),
            z,
            0,
            0,
            nz);
      }
      for (int s = 0; s < n; s++) {
        int a = centre + 1 + s;
        if (nz > 0) {
          b.triangle(centre, a, a + 1);
        } else {
          b.triangle(centre, a + 1, a);
        }
      }
    }
    return b.build();
  }

  private static final class Builder {
    private final float[] vertices;
    private final int[] indices;
    private int vertexFloats;
    private int indexCount;

    Builder(int maxVertices, int maxIndices) {
      vertices = new float[maxVertices * MeshData.FLOATS_PER_VERTEX];
      indices = new int[maxIndices];
    }

    int vertexCount() {
      return vertexFloats / MeshData.FLOATS_PER_VERTEX;
    }

    void vertex(float x, float y, float z, float nx, float ny, float nz) {
      vertices[vertexFloats++] = x;
      vertices[vertexFloats++] = y;
      vertices[vertexFloats++] = z;
      vertices[vertexFloats++] = nx;
      vertices[vertexFloats++] = ny;
      vertices[vertexFloats++] = nz;
    }

    void triangle(int a, int b, int c) {
      indices[indexCount++] = a;
      indices[indexCount++] = b;
      indices[indexCount++] = c;
    }

    MeshData build() {
      return new MeshData(
          java.util.Arrays.copyOf(vertices, vertexFloats),
          java.util.Arrays.copyOf(indices, indexCount));
    }
  }
}
