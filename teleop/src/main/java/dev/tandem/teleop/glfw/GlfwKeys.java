package dev.tandem.teleop.glfw;

import static org.lwjgl.glfw.GLFW.*;

import dev.tandem.teleop.device.Key;
import java.util.Optional;

/** GLFW key codes of the driving keys. */
final class GlfwKeys {
  private GlfwKeys() {}

  static Optional<Key> of(int glfwKey) {
    Key k =
        switch (glfwKey) {
          case GLFW_KEY_UP -> Key.UP;
          case GLFW_KEY_DOWN -> Key.DOWN;
          case GLFW_KEY_LEFT -> Key.LEFT;
          case GLFW_KEY_RIGHT -> Key.RIGHT;
          case GLFW_KEY_PAGE_UP -> Key.PAGE_UP;
          case GLFW_KEY_PAGE_DOWN -> Key.PAGE_DOWN;
          case GLFW_KEY_HOME -> Key.HOME;
          case GLFW_KEY_END -> Key.END;
          case GLFW_KEY_INSERT -> Key.INSERT;
          case GLFW_KEY_DELETE -> Key.DELETE;
          case GLFW_KEY_LEFT_CONTROL -> Key.LEFT_CONTROL;
          case GLFW_KEY_RIGHT_CONTROL -> Key.RIGHT_CONTROL;
          case GLFW_KEY_LEFT_ALT -> Key.LEFT_ALT;
          case GLFW_KEY_RIGHT_ALT -> Key.RIGHT_ALT;
          case GLFW_KEY_LEFT_SHIFT -> Key.LEFT_SHIFT;
          case GLFW_KEY_RIGHT_SHIFT -> Key.RIGHT_SHIFT;
          default -> {
            if (glfwKey >= GLFW_KEY_F1 && glfwKey <= GLFW_KEY_F12) {
              yield Key.values()[Key.F1.ordinal() + (glfwKey - GLFW_KEY_F1)];
            }
            yield null;
          }
        };
    return Optional.ofNullable(k);
  }
}
