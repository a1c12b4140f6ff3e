package dev.tandem.render;

/**
 * Triangle mesh in a shape's local frame: interleaved vertices (x, y, z, nx, ny, nz) and
 * counter-clockwise (seen from outside) triangle indices.
 */
record MeshData(float[] vertices, int[] indices) {
  static final int FLOATS_PER_VERTEX = 6;

  int vertexCount() {
    return vertices.length / FLOATS_PER_VERTEX;
  }
}
