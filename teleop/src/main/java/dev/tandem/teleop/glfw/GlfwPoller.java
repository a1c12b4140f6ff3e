package dev.tandem.teleop.glfw;

/** A device adapter polled once per viewer loop on the GLFW thread. */
public interface GlfwPoller extends AutoCloseable {
  void poll();

  @Override
  void close();
}
