package dev.tandem.teleop.viewer;

import static org.lwjgl.opengl.GL33C.*;

import java.nio.FloatBuffer;
import java.util.List;
import org.lwjgl.system.MemoryUtil;

/**
 * Draws {@link OverlayRect}s over whatever is in the bound framebuffer: one shader, one dynamic
 * vertex buffer (two triangles per rectangle, position and colour per vertex), alpha blended, no
 * depth test. Lives on the GL thread of the window's context; {@link #close()} there too.
 */
final class OverlayRenderer implements AutoCloseable {
  private static final int FLOATS_PER_VERTEX = 6;

  private static final String VERTEX_SHADER =
      """
      #version 330 core
      layout(location = 0) in vec2 pixel;
      layout(location = 1) in vec4 colour;
      uniform vec2 viewport;
      out vec4 vertexColour;
      void main() {
        vertexColour = colour;
        gl_Position = vec4(pixel.x / viewport.x * 2.0 - 1.0, 1.0 - pixel.y / viewport.y * 2.0,
                           0.0, 1.0);
      }
      """;

  private static final String FRAGMENT_SHADER =
      """
      #version 330 core
      in vec4 vertexColour;
      out vec4 fragColour;
      void main() {
        fragColour = vertexColour;
      }
      """;

  private final int program;
  private final int viewportUniform;
  private final int vertexArray;
  private final int buffer;
  private FloatBuffer vertices;

  OverlayRenderer() {
    program =
        link(
            compile(GL_VERTEX_SHADER, VERTEX_SHADER), compile(GL_FRAGMENT_SHADER, FRAGMENT_SHADER));
    viewportUniform = glGetUniformLocation(program, "viewport");
    vertexArray = glGenVertexArrays();
    buffer = glGenBuffers();
    glBindVertexArray(vertexArray);
    glBindBuffer(GL_ARRAY_BUFFER, buffer);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, false, FLOATS_PER_VERTEX * 4, 0);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 4, GL_FLOAT, false, FLOATS_PER_VERTEX * 4, 2 * 4);
    glBindVertexArray(0);
    vertices = MemoryUtil.memAllocFloat(6 * FLOATS_PER_VERTEX * 1024);
  }

  /** Draws {@code rects} into the bound framebuffer of {@code width} x {@code height} pixels. */
  void draw(List<OverlayRect> rects, int width, int height) {
    int needed = rects.size() * 6 * FLOATS_PER_VERTEX;
    if (vertices.capacity() < needed) {
      MemoryUtil.memFree(vertices);
      vertices = MemoryUtil.memAllocFloat(Math.max(needed, vertices.capacity() * 2));
    }
    vertices.clear();
    for (OverlayRect r : rects) {
      float x0 = r.x();
      float y0 = r.y();
      float x1 = x0 + r.width();
      float y1 = y0 + r.height();
      vertex(x0, y0, r);
      vertex(x1, y0, r);
      vertex(x1, y1, r);
      vertex(x0, y0, r);
      vertex(x1, y1, r);
      vertex(x0, y1, r);
    }
    vertices.flip();
    glViewport(0, 0, width, height);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glDepthMask(false);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glUseProgram(program);
    glUniform2f(viewportUniform, width, height);
    glBindVertexArray(vertexArray);
    glBindBuffer(GL_ARRAY_BUFFER, buffer);
    glBufferData(GL_ARRAY_BUFFER, vertices, GL_STREAM_DRAW);
    glDrawArrays(GL_TRIANGLES, 0, rects.size() * 6);
    glBindVertexArray(0);
    glDisable(GL_BLEND);
    glDepthMask(true);
    glEnable(GL_DEPTH_TEST);
    int error = glGetError();
    if (error != GL_NO_ERROR) {
      throw new IllegalStateException(
          "GL error 0x" + Integer.toHexString(error) + " drawing the overlay");
    }
  }

  private void vertex(float x, float y, OverlayRect r) {
    vertices.put(x).put(y).put(r.channel(0)).put(r.channel(1)).put(r.channel(2)).put(r.channel(3));
  }

  @Override
  public void close() {
    glDeleteBuffers(buffer);
    glDeleteVertexArrays(vertexArray);
    glDeleteProgram(program);
    MemoryUtil.memFree(vertices);
  }

  private static int compile(int type, String source) {
    int shader = glCreateShader(type);
    glShaderSource(shader, source);
    glCompileShader(shader);
    if (glGetShaderi(shader, GL_COMPILE_STATUS) != GL_TRUE) {
      String log = glGetShaderInfoLog(shader);
      glDeleteShader(shader);
      throw new IllegalStateException("overlay shader does not compile: " + log);
    }
    return shader;
  }

  private static int link(int vertex, int fragment) {
    int p = glCreateProgram();
    glAttachShader(p, vertex);
    glAttachShader(p, fragment);
    glLinkProgram(p);
    glDeleteShader(vertex);
    glDeleteShader(fragment);
    if (glGetProgrami(p, GL_LINK_STATUS) != GL_TRUE) {
      String log = glGetProgramInfoLog(p);
      glDeleteProgram(p);
      throw new IllegalStateException("overlay program does not link: " + log);
    }
    return p;
  }
}
