package dev.tandem.render;

import static org.lwjgl.egl.EGL15.*;

import java.util.ArrayList;
import java.util.List;
import org.lwjgl.PointerBuffer;
import org.lwjgl.egl.EGL;
import org.lwjgl.egl.EGLCapabilities;
import org.lwjgl.egl.EXTDeviceEnumeration;
import org.lwjgl.opengl.GL;
import org.lwjgl.opengl.GLCapabilities;
import org.lwjgl.system.JNI;
import org.lwjgl.system.MemoryStack;

/**
 * An OpenGL 3.3 core context with no window and no surface (EGL, surfaceless), current on the
 * thread that made it. Rendering goes to framebuffer objects.
 *
 * <p>The EGL display is Mesa's surfaceless platform ({@code EGL_MESA_platform_surfaceless}, what
 * GLFW's null platform uses), or the first EGL device ({@code EGL_EXT_platform_device}, e.g. a GPU
 * driver without the Mesa platform). It is initialised once per process and never terminated
 * (terminating it would destroy every other renderer's context); each context is destroyed on
 * {@link #close()}.
 */
final class HeadlessContext implements AutoCloseable {
  static final String PACKAGES = "libegl1 libegl-mesa0 libgl1-mesa-dri";

  private static final int EGL_PLATFORM_SURFACELESS_MESA = 0x31DD;
  private static final int EGL_PLATFORM_DEVICE_EXT = 0x313F;

  private static long sharedDisplay;

  private final long display;
  private final long context;
  private final GLCapabilities capabilities;
  private final String description;

  private HeadlessContext(
      long display, long context, GLCapabilities capabilities, String description) {
    this.display = display;
    this.context = context;
    this.capabilities = capabilities;
    this.description = description;
  }

  /** Makes an OpenGL 3.3 core context and makes it current on this thread. */
  static HeadlessContext create() {
    GlLibrary.configure();
    long display = display();
    long context;
    try (MemoryStack stack = MemoryStack.stackPush()) {
      if (!eglBindAPI(EGL_OPENGL_API)) {
        throw unavailable("eglBindAPI(EGL_OPENGL_API) failed: " + errorName(), null);
      }
      PointerBuffer configs = stack.mallocPointer(1);
      var count = stack.mallocInt(1);
      var attributes =
          stack.ints(EGL_SURFACE_TYPE, 0, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE);
      if (!eglChooseConfig(display, attributes, configs, count) || count.get(0) == 0) {
        throw unavailable("no EGL config for desktop OpenGL: " + errorName(), null);
      }
      var contextAttributes =
          stack.ints(
              EGL_CONTEXT_MAJOR_VERSION,
              3,
              EGL_CONTEXT_MINOR_VERSION,
              3,
              EGL_CONTEXT_OPENGL_PROFILE_MASK,
              EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
              EGL_NONE);
      context = eglCreateContext(display, configs.get(0), EGL_NO_CONTEXT, contextAttributes);
      if (context == EGL_NO_CONTEXT) {
        throw unavailable("eglCreateContext (OpenGL 3.3 core) failed: " + errorName(), null);
      }
    }
    if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context)) {
      String error = errorName();
      eglDestroyContext(display, context);
      throw unavailable("eglMakeCurrent without a surface failed: " + error, null);
    }
    GLCapabilities capabilities;
    try {
      capabilities = GL.createCapabilities();
    } catch (RuntimeException | LinkageError e) {
      eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
      eglDestroyContext(display, context);
      throw unavailable("loading OpenGL functions failed: " + e, e);
    }
    if (!capabilities.OpenGL33) {
      eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
      eglDestroyContext(display, context);
      throw unavailable("the EGL context does not provide OpenGL 3.3", null);
    }
    return new HeadlessContext(
        display, context, capabilities, "EGL " + eglQueryString(display, EGL_VENDOR));
  }

  /** Makes this context current on the calling thread if it is not already. */
  void makeCurrent() {
    if (eglGetCurrentContext() != context) {
      if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context)) {
        throw new IllegalStateException("eglMakeCurrent failed: " + errorName());
      }
      GL.setCapabilities(capabilities);
    }
  }

  String description() {
    return description;
  }

  @Override
  public void close() {
    if (eglGetCurrentContext() == context) {
      eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
      GL.setCapabilities(null);
    }
    eglDestroyContext(display, context);
  }

  private static synchronized long display() {
    if (sharedDisplay != 0) {
      return sharedDisplay;
    }
    EGLCapabilities client;
    try {
      client = EGL.getCapabilities();
    } catch (LinkageError | RuntimeException e) {
      throw unavailable("the EGL library (libEGL.so.1) could not be loaded: " + e, e);
    }
    List<String> tried = new ArrayList<>();
    long display = 0;
    if (client.eglGetPlatformDisplayEXT != 0) {
      // LWJGL's wrapper rejects the null native display that the surfaceless platform takes, so
      // call the entry point directly.
      display =
          initialize(
              JNI.callPPP(EGL_PLATFORM_SURFACELESS_MESA, 0L, 0L, client.eglGetPlatformDisplayEXT),
              "Mesa surfaceless platform",
              tried);
      if (display == 0 && client.eglQueryDevicesEXT != 0) {
        long device = firstDeviceDisplay(client);
        if (device == 0) {
          tried.add("EGL devices: none found");
        } else {
          display = initialize(device, "first EGL device", tried);
        }
      }
    } else {
      tried.add("EGL_EXT_platform_base is missing (no EGL vendor library found)");
    }
    if (display == 0) {
      throw unavailable(
          "no EGL display could be initialised (" + String.join("; ", tried) + ")", null);
    }
    sharedDisplay = display;
    return display;
  }

  private static long firstDeviceDisplay(EGLCapabilities client) {
    try (MemoryStack stack = MemoryStack.stackPush()) {
      PointerBuffer devices = stack.mallocPointer(1);
      var count = stack.mallocInt(1);
      if (!EXTDeviceEnumeration.eglQueryDevicesEXT(devices, count) || count.get(0) == 0) {
        return 0;
      }
      return JNI.callPPP(
          EGL_PLATFORM_DEVICE_EXT, devices.get(0), 0L, client.eglGetPlatformDisplayEXT);
    }
  }

  private static long initialize(long display, String what, List<String> tried) {
    if (display == EGL_NO_DISPLAY) {
      tried.add(what + ": no display (" + errorName() + ")");
      return 0;
    }
    try (MemoryStack stack = MemoryStack.stackPush()) {
      var major = stack.mallocInt(1);
      var minor = stack.mallocInt(1);
      if (!eglInitialize(display, major, minor)) {
        tried.add(what + ": eglInitialize failed (" + errorName() + ")");
        return 0;
      }
    }
    return display;
  }

  private static RenderUnavailableException unavailable(String what, Throwable cause) {
    return new RenderUnavailableException(
        "no OpenGL context could be made: "
            + what
            + ". Headless rendering needs Mesa's EGL and software rasterizer; install the system"
            + " packages "
            + PACKAGES
            + " (apt-get install -y "
            + PACKAGES
            + ")",
        cause);
  }

  private static String errorName() {
    int error;
    try {
      error = eglGetError();
    } catch (RuntimeException | LinkageError e) {
      return "unknown EGL error";
    }
    return switch (error) {
      case EGL_SUCCESS -> "EGL_SUCCESS";
      case EGL_NOT_INITIALIZED -> "EGL_NOT_INITIALIZED";
      case EGL_BAD_ACCESS -> "EGL_BAD_ACCESS";
      case EGL_BAD_ALLOC -> "EGL_BAD_ALLOC";
      case EGL_BAD_ATTRIBUTE -> "EGL_BAD_ATTRIBUTE";
      case EGL_BAD_CONFIG -> "EGL_BAD_CONFIG";
      case EGL_BAD_CONTEXT -> "EGL_BAD_CONTEXT";
      case EGL_BAD_DISPLAY -> "EGL_BAD_DISPLAY";
      case EGL_BAD_MATCH -> "EGL_BAD_MATCH";
      case EGL_BAD_PARAMETER -> "EGL_BAD_PARAMETER";
      case EGL_BAD_SURFACE -> "EGL_BAD_SURFACE";
      default -> "EGL error 0x" + Integer.toHexString(error);
    };
  }
}
