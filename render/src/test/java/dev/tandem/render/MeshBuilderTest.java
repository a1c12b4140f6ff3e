package dev.tandem.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.scene.Shape;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MeshBuilderTest {
  private static final List<Shape> SHAPES =
      List.of(
          new Shape.Box(0.4, 0.2, 0.1),
          new Shape.Sphere(0.15),
          new Shape.Cylinder(0.1, 0.3),
          new Shape.Capsule(0.1, 0.5),
          new Shape.Capsule(0.1, 0.2),
          new Shape.Plane(0.3));

  @ParameterizedTest
  @EnumSource(MeshBuilder.Detail.class)
  void triangles_wind_counter_clockwise_seen_from_outside(MeshBuilder.Detail detail) {
    for (Shape shape : SHAPES) {
      MeshData mesh = MeshBuilder.build(shape, detail);
      float[] v = mesh.vertices();
      int[] idx = mesh.indices();
      int checked = 0;
      for (int t = 0; t < idx.length; t += 3) {
        double[] a = position(v, idx[t]);
        double[] b = position(v, idx[t + 1]);
        double[] c = position(v, idx[t + 2]);
        double[] faceNormal = cross(minus(b, a), minus(c, a));
        if (length(faceNormal) < 1e-9) {
          continue; // degenerate triangle at a pole
        }
        double[] vertexNormals = new double[3];
        for (int k = 0; k < 3; k++) {
          int base = idx[t + k] * MeshData.FLOATS_PER_VERTEX;
          for (int d = 0; d < 3; d++) {
            vertexNormals[d] += v[base + 3 + d];
          }
        }
        assertThat(dot(faceNormal, vertexNormals))
            .as("%s triangle %d winding agrees with its normals", shape, t / 3)
            .isPositive();
        checked++;
      }
      assertThat(checked).as("%s has triangles", shape).isGreaterThan(1);
    }
  }

  @ParameterizedTest
  @EnumSource(MeshBuilder.Detail.class)
  void vertices_have_unit_normals_and_stay_inside_the_documented_extents(
      MeshBuilder.Detail detail) {
    for (Shape shape : SHAPES) {
      MeshData mesh = MeshBuilder.build(shape, detail);
      double[] halfExtent = halfExtent(shape);
      double[] max = new double[3];
      float[] v = mesh.vertices();
      for (int i = 0; i < mesh.vertexCount(); i++) {
        double[] p = position(v, i);
        double[] n = {
          v[i * MeshData.FLOATS_PER_VERTEX + 3],
          v[i * MeshData.FLOATS_PER_VERTEX + 4],
          v[i * MeshData.FLOATS_PER_VERTEX + 5]
        };
        assertThat(length(n)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        for (int d = 0; d < 3; d++) {
          assertThat(Math.abs(p[d])).isLessThanOrEqualTo(halfExtent[d] + 1e-6);
          max[d] = Math.max(max[d], Math.abs(p[d]));
        }
      }
      // The extents are reached (a capsule's length is tip to tip).
      for (int d = 0; d < 3; d++) {
        assertThat(max[d])
            .as("%s extent along axis %d", shape, d)
            .isCloseTo(halfExtent[d], org.assertj.core.data.Offset.offset(1e-6));
      }
    }
  }

  @org.junit.jupiter.api.Test
  void invalid_sizes_are_detected() {
    assertThat(MeshBuilder.isValid(new Shape.Box(0.1, 0, 0.1))).isFalse();
    assertThat(MeshBuilder.isValid(new Shape.Sphere(Double.NaN))).isFalse();
    assertThat(MeshBuilder.isValid(new Shape.Capsule(-0.1, 0.3))).isFalse();
    assertThat(MeshBuilder.isValid(new Shape.Plane(Double.POSITIVE_INFINITY))).isFalse();
    assertThat(MeshBuilder.isValid(new Shape.Cylinder(0.1, 0.3))).isTrue();
  }

  private static double[] halfExtent(Shape shape) {
    if (shape instanceof Shape.Box b) {
      return new double[] {b.sizeX() / 2, b.sizeY() / 2, b.sizeZ() / 2};
    } else if (shape instanceof Shape.Sphere s) {
      return new double[] {s.radius(), s.radius(), s.radius()};
    } else if (shape instanceof Shape.Cylinder c) {
      return new double[] {c.radius(), c.radius(), c.length() / 2};
    } else if (shape instanceof Shape.Capsule c) {
      return new double[] {c.radius(), c.radius(), Math.max(c.length() / 2, c.radius())};
    } else if (shape instanceof Shape.Plane p) {
      return new double[] {p.halfExtent(), p.halfExtent(), 0};
    }
    throw new AssertionError(shape);
  }

  private static double[] position(float[] v, int i) {
    int base = i * MeshData.FLOATS_PER_VERTEX;
    return new double[] {v[base], v[base + 1], v[base + 2]};
  }

  private static double[] minus(double[] a, double[] b) {
    return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
  }

  private static double[] cross(double[] a, double[] b) {
    return new double[] {
      a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]
    };
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }

  private static double length(double[] a) {
    return Math.sqrt(dot(a, a));
  }
}
