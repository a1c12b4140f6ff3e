package dev.tandem.render;

import static org.lwjgl.opengl.GL33C.*;

import java.nio.ByteBuffer;
import org.lwjgl.system.MemoryUtil;

/** An offscreen framebuffer of one size (RGBA8 colour, 24-bit depth) and its readback buffer. */
final class RenderTarget {
  final int width;
  final int height;
  final int framebuffer;
  final ByteBuffer readback;
  private final int colorBuffer;
  private final int depthBuffer;

  private RenderTarget(int width, int height) {
    this.width = width;
    this.height = height;
    framebuffer = glGenFramebuffers();
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
    colorBuffer = glGenRenderbuffers();
    glBindRenderbuffer(GL_RENDERBUFFER, colorBuffer);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colorBuffer);
    depthBuffer = glGenRenderbuffers();
    glBindRenderbuffer(GL_RENDERBUFFER, depthBuffer);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, width, height);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, depthBuffer);
    glBindRenderbuffer(GL_RENDERBUFFER, 0);
    int status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
    if (status != GL_FRAMEBUFFER_COMPLETE) {
      delete();
      throw new IllegalStateException(
          "offscreen framebuffer "
              + width
              + "x"
              + height
              + " is incomplete (status 0x"
              + Integer.toHexString(status)
              + ")");
    }
    readback = MemoryUtil.memAlloc(width * height * 3);
  }

  /** Creates the target and leaves its framebuffer bound. */
  static RenderTarget create(int width, int height) {
    return new RenderTarget(width, height);
  }

  void delete() {
    glDeleteFramebuffers(framebuffer);
    glDeleteRenderbuffers(colorBuffer);
    glDeleteRenderbuffers(depthBuffer);
    if (readback != null) {
      MemoryUtil.memFree(readback);
    }
  }
}
