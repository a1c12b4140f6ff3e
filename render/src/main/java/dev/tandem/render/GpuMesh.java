package dev.tandem.render;

import static org.lwjgl.opengl.GL33C.*;

import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import org.lwjgl.system.MemoryUtil;

/** One shape's mesh on the GPU: a vertex array with its vertex and index buffers. */
final class GpuMesh {
  final int vertexArray;
  final int indexCount;
  final boolean closed;
  private final int vertexBuffer;
  private final int indexBuffer;

  private GpuMesh(
      int vertexArray, int vertexBuffer, int indexBuffer, int indexCount, boolean closed) {
    this.vertexArray = vertexArray;
    this.vertexBuffer = vertexBuffer;
    this.indexBuffer = indexBuffer;
    this.indexCount = indexCount;
    this.closed = closed;
  }

  /** Uploads {@code data}; needs a current GL context. Leaves no vertex array bound. */
  static GpuMesh upload(MeshData data, boolean closed) {
    if (data.vertexCount() > 0xFFFF) {
      throw new IllegalArgumentException(
          "mesh has " + data.vertexCount() + " vertices, at most 65535 fit 16-bit indices");
    }
    int vao = glGenVertexArrays();
    glBindVertexArray(vao);
    int vbo = glGenBuffers();
    int ebo = glGenBuffers();
    FloatBuffer vertices = MemoryUtil.memAllocFloat(data.vertices().length);
    ShortBuffer indices = MemoryUtil.memAllocShort(data.indices().length);
    try {
      vertices.put(data.vertices()).flip();
      for (int index : data.indices()) {
        indices.put((short) index);
      }
      indices.flip();
      glBindBuffer(GL_ARRAY_BUFFER, vbo);
      glBufferData(GL_ARRAY_BUFFER, vertices, GL_STATIC_DRAW);
      glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ebo);
      glBufferData(GL_ELEMENT_ARRAY_BUFFER, indices, GL_STATIC_DRAW);
    } finally {
      MemoryUtil.memFree(vertices);
      MemoryUtil.memFree(indices);
    }
    int stride = MeshData.FLOATS_PER_VERTEX * Float.BYTES;
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 3, GL_FLOAT, false, stride, 0);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 3, GL_FLOAT, false, stride, 3L * Float.BYTES);
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    return new GpuMesh(vao, vbo, ebo, data.indices().length, closed);
  }

  void delete() {
    glDeleteVertexArrays(vertexArray);
    glDeleteBuffers(vertexBuffer);
    glDeleteBuffers(indexBuffer);
  }
}
