package dev.tandem.teleop.glfw;

import static org.lwjgl.glfw.GLFW.*;

import dev.tandem.teleop.device.KeyboardState;
import dev.tandem.teleop.device.LatestState;
import dev.tandem.teleop.device.RawInput;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.lwjgl.glfw.GLFWCharCallback;
import org.lwjgl.glfw.GLFWKeyCallback;
import org.lwjgl.glfw.GLFWWindowFocusCallback;

/**
 * A window's keyboard: driving keys go to a {@link KeyboardState} (for the keyboard device),
 * printable characters, Enter, Backspace and Escape to a {@link TextSink}. Losing the window focus
 * releases every held key (a key held when the focus went elsewhere would otherwise stay held, and
 * a held deadman would keep driving). Callbacks run inside {@code glfwPollEvents} on the window's
 * thread; {@link #poll} republishes the state with a fresh stamp so the device knows the window is
 * alive.
 */
public final class GlfwKeyboardInput implements AutoCloseable {
  private final long window;
  private final TextSink text;
  private final LongSupplier nanoClock;
  private final LatestState<KeyboardState> latest = new LatestState<>();
  private final GLFWKeyCallback keyCallback;
  private final GLFWCharCallback charCallback;
  private final GLFWWindowFocusCallback focusCallback;
  private final java.util.function.Consumer<dev.tandem.teleop.device.Key> pressed;
  private KeyboardState state;

  /** Installs the callbacks on {@code window}; call on the window's thread. */
  public GlfwKeyboardInput(long window, TextSink text, LongSupplier nanoClock) {
    this(window, text, nanoClock, k -> {});
  }

  /**
   * As above; {@code pressed} also hears every press of a bindable key (F5 for "retrain now", say),
   * on the window's thread: it must not block.
   */
  public GlfwKeyboardInput(
      long window,
      TextSink text,
      LongSupplier nanoClock,
      java.util.function.Consumer<dev.tandem.teleop.device.Key> pressed) {
    this.pressed = Objects.requireNonNull(pressed, "pressed");
    this.window = window;
    this.text = Objects.requireNonNull(text, "text");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.state = KeyboardState.idle(nanoClock.getAsLong());
    latest.publish(state);
    this.keyCallback = GLFWKeyCallback.create(this::onKey);
    this.charCallback = GLFWCharCallback.create(this::onChar);
    this.focusCallback = GLFWWindowFocusCallback.create(this::onFocus);
    glfwSetKeyCallback(window, keyCallback);
    glfwSetCharCallback(window, charCallback);
    glfwSetWindowFocusCallback(window, focusCallback);
  }

  /** The keyboard state for a {@link dev.tandem.teleop.device.KeyboardDevice}. */
  public RawInput<KeyboardState> input() {
    return latest;
  }

  /** Republishes the current keys stamped now (call once per loop, after polling events). */
  public void poll() {
    state = state.at(nanoClock.getAsLong());
    latest.publish(state);
  }

  private void onKey(long w, int key, int scancode, int action, int mods) {
    long now = nanoClock.getAsLong();
    if (action == GLFW_PRESS || action == GLFW_RELEASE) {
      GlfwKeys.of(key)
          .ifPresent(
              k -> {
                state = action == GLFW_PRESS ? state.press(k, now) : state.release(k, now);
                latest.publish(state);
                if (action == GLFW_PRESS) {
                  pressed.accept(k);
                }
              });
    }
    if (action == GLFW_PRESS || action == GLFW_REPEAT) {
      switch (key) {
        case GLFW_KEY_ENTER, GLFW_KEY_KP_ENTER -> {
          if (action == GLFW_PRESS) {
            text.enter();
          }
        }
        case GLFW_KEY_BACKSPACE -> text.backspace();
        case GLFW_KEY_ESCAPE -> {
          if (action == GLFW_PRESS) {
            text.escape();
          }
        }
        default -> {}
      }
    }
  }

  private void onChar(long w, int codePoint) {
    text.typed(codePoint);
  }

  private void onFocus(long w, boolean focused) {
    if (!focused) {
      long now = nanoClock.getAsLong();
      state = state.releaseAll(now);
      latest.publish(state);
    }
  }

  @Override
  public void close() {
    glfwSetKeyCallback(window, null);
    glfwSetCharCallback(window, null);
    glfwSetWindowFocusCallback(window, null);
    keyCallback.free();
    charCallback.free();
    focusCallback.free();
  }
}
