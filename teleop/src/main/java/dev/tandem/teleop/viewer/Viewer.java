package dev.tandem.teleop.viewer;

import static org.lwjgl.glfw.GLFW.glfwSetFramebufferSizeCallback;
import static org.lwjgl.glfw.GLFW.glfwWaitEventsTimeout;

import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.scene.CameraSpec;
import dev.tandem.core.scene.SceneDescription;
import dev.tandem.core.scene.SceneObject;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.render.RenderSettings;
import dev.tandem.render.RenderUnavailableException;
import dev.tandem.render.WindowRenderer;
import dev.tandem.teleop.OperatorEvent;
import dev.tandem.teleop.OperatorListener;
import dev.tandem.teleop.TeleopDevice;
import dev.tandem.teleop.device.TeleopDeviceConfig;
import dev.tandem.teleop.glfw.GlfwDevices;
import dev.tandem.teleop.glfw.GlfwKeyboardInput;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.lwjgl.glfw.GLFWFramebufferSizeCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's window: the scene (drawn by the shared renderer) with overlays — the control mode
 * in a big coloured banner, the policy's proposed motion next to the applied one (arrows from the
 * end effector), episode, round, interventions, policy version, the last correction and how it was
 * understood, the line being typed — and the operator's input: the keyboard (deadman and driving
 * keys for a {@link dev.tandem.teleop.device.KeyboardDevice}, printable keys for the correction
 * line, Enter submits a {@link OperatorEvent.CorrectionTyped}) and joysticks (gamepad, SpaceMouse),
 * polled at {@link ViewerConfig#inputPollRateHz()}.
 *
 * <p>The viewer runs its own thread, which owns the window and GLFW (GLFW input must be polled on
 * the thread that initialised it). Every public method is thread-safe. Devices made with {@link
 * #connect} read the latest input the viewer's thread published; a {@link
 * dev.tandem.teleop.TeleopSession} ticks them from the control loop. If the window closes (or the
 * viewer stops), their input goes stale and the session reports them lost and hands back.
 *
 * <p>Without a display, {@link #open} throws {@link RenderUnavailableException} ("no display: run
 * under xvfb-run or set DISPLAY ...").
 */
public final class Viewer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Viewer.class);
  private static final long OPEN_TIMEOUT_SECONDS = 30;
  private static final long CURSOR_BLINK_NANOS = 500_000_000L;
  private static final long REFRESH_NANOS = 100_000_000L;
  private static final long CHANGE_CHECK_NANOS = 4_000_000L;

  private final ViewerConfig config;
  private final LongSupplier nanoClock = System::nanoTime;
  private final TextLine textLine;
  private final Thread thread;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final AtomicReference<ViewerStatus> status =
      new AtomicReference<>(ViewerStatus.initial());
  private final ConcurrentLinkedQueue<CompletableFuture<ImageFrame>> screenshots =
      new ConcurrentLinkedQueue<>();
  private final List<String> hints = new CopyOnWriteArrayList<>();
  private final java.util.Map<dev.tandem.teleop.device.Key, Runnable> keyActions =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicLong frames = new AtomicLong();
  private final AtomicLong longestFrameGap = new AtomicLong();
  private final AtomicLong longestInputGap = new AtomicLong();
  private final AtomicLong timingSince = new AtomicLong(System.nanoTime());
  private final AtomicLong framesAtTiming = new AtomicLong();
  private volatile SceneDescription scene = new SceneDescription(List.of());
  private volatile CameraSpec camera;
  private volatile boolean closeRequested;
  private volatile long lastLostStamp = Long.MIN_VALUE;
  private volatile GlfwDevices devices;
  private volatile int[] size = {0, 0};

  private Viewer(ViewerConfig config, OperatorListener listener) {
    this.config = Objects.requireNonNull(config, "config");
    this.textLine = new TextLine(Objects.requireNonNull(listener, "listener"), nanoClock);
    this.camera = config.camera();
    this.thread = new Thread(this::run, "tandem-viewer");
    this.thread.setDaemon(true);
  }

  /**
   * Opens the window and starts the viewer's thread.
   *
   * @param listener receives typed corrections (on the viewer's thread)
   * @throws RenderUnavailableException without a display or an OpenGL 3.3 context
   */
  public static Viewer open(ViewerConfig config, OperatorListener listener) {
    Viewer v = new Viewer(config, listener);
    v.thread.start();
    try {
      v.ready.get(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("viewer failed to open", e.getCause());
    } catch (TimeoutException e) {
      v.close();
      throw new IllegalStateException(
          "viewer window did not open within " + OPEN_TIMEOUT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      v.close();
      throw new IllegalStateException("interrupted while opening the viewer", e);
    }
    return v;
  }

  /**
   * A device reading this viewer's keyboard or a joystick it polls, producing actions of {@code
   * spec} (the environment's end-effector delta spec).
   *
   * @throws IllegalArgumentException when the spec is not an end-effector delta
   */
  public TeleopDevice connect(TeleopDeviceConfig deviceConfig, ActionSpec spec) {
    GlfwDevices d = devices;
    if (d == null) {
      throw new IllegalStateException("the viewer is closed");
    }
    TeleopDevice device = d.create(deviceConfig, spec);
    hints.add(driveHint(deviceConfig));
    return device;
  }

  /**
   * Runs {@code action} whenever {@code key} is pressed in the window (on the viewer's thread: it
   * must not block), e.g. F5 to ask for retraining. The key must not drive a connected keyboard
   * device; {@code hint} (may be empty) is shown with the drive hints.
   */
  public void onKeyPressed(dev.tandem.teleop.device.Key key, String hint, Runnable action) {
    keyActions.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(action, "action"));
    if (hint != null && !hint.isBlank()) {
      hints.add(hint.toUpperCase(Locale.ROOT));
    }
  }

  /** The scene to draw from the next frame on. */
  public void show(SceneDescription next) {
    scene = Objects.requireNonNull(next, "scene");
  }

  /** The camera to draw from (only its pose and field of view are used). */
  public void setCamera(CameraSpec next) {
    camera = Objects.requireNonNull(next, "camera");
  }

  public void update(ViewerStatus next) {
    status.set(Objects.requireNonNull(next, "status"));
  }

  /** Changes the status atomically, e.g. {@code viewer.update(s -> s.withMode(HUMAN))}. */
  public void update(UnaryOperator<ViewerStatus> change) {
    status.updateAndGet(change);
  }

  public ViewerStatus status() {
    return status.get();
  }

  /**
   * Shows what the operator must know about an event: a lost device ("gamepad lost: ... holding
   * position, control back to the policy") until the next takeover. Usable as a listener: {@code
   * listener.andThen(viewer::note)}.
   */
  public void note(OperatorEvent event) {
    if (event instanceof OperatorEvent.DeviceLost lost) {
      lastLostStamp = lost.stampNanos();
      update(s -> s.withNotice(lost.device() + " lost: " + lost.reason()));
    } else if (event instanceof OperatorEvent.Released r && r.stampNanos() == lastLostStamp) {
      // the hand-back that follows a lost device in the same tick says what happened next
      update(s -> s.withNotice(r.reason()));
    } else if (event instanceof OperatorEvent.TakeoverStarted) {
      update(s -> s.withNotice(""));
    }
  }

  /** The correction line being typed. */
  public String typedText() {
    return textLine.text();
  }

  /** The next frame's pixels (scene and overlays), rows top to bottom. */
  public CompletableFuture<ImageFrame> screenshot() {
    CompletableFuture<ImageFrame> f = new CompletableFuture<>();
    if (!isOpen()) {
      f.completeExceptionally(new IllegalStateException("the viewer is closed"));
      return f;
    }
    screenshots.add(f);
    if (!isOpen() && screenshots.remove(f)) {
      f.completeExceptionally(new IllegalStateException("the viewer is closed"));
    }
    return f;
  }

  /** Frames drawn so far. */
  public long frames() {
    return frames.get();
  }

  /**
   * How the viewer kept up over a stretch of time: frames per second, and the longest gaps between
   * two frames and between two input polls (a gap longer than a device's {@code staleAfterSeconds}
   * makes it look lost).
   */
  public record Timing(
      double seconds, double framesPerSecond, double longestFrameGapMs, double longestInputGapMs) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%.1f frames/s, longest frame gap %.0f ms, longest input gap %.0f ms over %.1f s",
          framesPerSecond,
          longestFrameGapMs,
          longestInputGapMs,
          seconds);
    }
  }

  /** The timing since the last call (or since the viewer opened), and starts a new stretch. */
  public Timing takeTiming() {
    long now = nanoClock.getAsLong();
    double seconds = (now - timingSince.getAndSet(now)) / 1e9;
    long f = frames.get();
    long drawn = f - framesAtTiming.getAndSet(f);
    return new Timing(
        seconds,
        seconds > 0 ? drawn / seconds : 0,
        longestFrameGap.getAndSet(0) / 1e6,
        longestInputGap.getAndSet(0) / 1e6);
  }

  /** False once the window was closed (by the operator or {@link #close()}). */
  public boolean isOpen() {
    return thread.isAlive() && !stopped.isDone();
  }

  /** Closes the window and waits for the viewer's thread to finish. */
  @Override
  public void close() {
    closeRequested = true;
    if (Thread.currentThread() != thread) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ------------------------------------------------------------------ the viewer's threads

  /**
   * The window's thread: creates the window, polls input at {@link ViewerConfig#inputPollRateHz()}
   * and hands drawing to a thread of its own ({@link Drawing}), so that a slow frame (a software
   * rasterizer on a CPU busy training) never holds up the keyboard: its input stays fresh.
   */
  private void run() {
    WindowRenderer window;
    try {
      window =
          WindowRenderer.create(
              config.title(),
              config.width(),
              config.height(),
              RenderSettings.defaults(),
              config.visible());
    } catch (RuntimeException | LinkageError e) {
      stopped.complete(null);
      ready.completeExceptionally(e);
      return;
    }
    try (window;
        GlfwKeyboardInput keyboard =
            new GlfwKeyboardInput(window.glfwWindow(), textLine, nanoClock, this::onKey);
        GlfwDevices glfwDevices = new GlfwDevices(keyboard, nanoClock);
        GLFWFramebufferSizeCallback resized =
            GLFWFramebufferSizeCallback.create(
                (w, width, height) -> size = new int[] {width, height})) {
      glfwSetFramebufferSizeCallback(window.glfwWindow(), resized);
      size = new int[] {window.framebufferWidth(), window.framebufferHeight()};
      devices = glfwDevices;
      window.releaseDrawing();
      Drawing drawing = new Drawing(window);
      try {
        // the first frame compiles shaders and builds meshes (slow on a software rasterizer):
        // wait for it before anyone reads input, so it does not make the input look stale
        drawing.firstFrame.get(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        glfwDevices.pollAll();
        ready.complete(null);
        pollInput(window, glfwDevices, drawing);
      } finally {
        drawing.stop(); // the window closes once its drawing thread let go of the context
        glfwSetFramebufferSizeCallback(window.glfwWindow(), null);
      }
    } catch (RuntimeException | LinkageError | ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      LOG.error("viewer stopped: {}", cause.toString(), cause);
      ready.completeExceptionally(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ready.completeExceptionally(e);
    } finally {
      devices = null;
      stopped.complete(null);
      CompletableFuture<ImageFrame> f;
      while ((f = screenshots.poll()) != null) {
        f.completeExceptionally(new IllegalStateException("the viewer closed"));
      }
    }
  }

  private void pollInput(WindowRenderer window, GlfwDevices glfwDevices, Drawing drawing) {
    long pollPeriod = (long) (1e9 / config.inputPollRateHz());
    long lastPoll = nanoClock.getAsLong();
    takeTiming();
    while (!closeRequested && !window.shouldClose() && drawing.isAlive()) {
      glfwWaitEventsTimeout(pollPeriod / 1e9); // returns at once when a key event arrives
      glfwDevices.pollAll();
      long now = nanoClock.getAsLong();
      longestInputGap.accumulateAndGet(now - lastPoll, Math::max);
      lastPoll = now;
    }
  }

  /**
   * The drawing thread: draws a frame when what it shows changed (scene, status, camera, typed
   * line, cursor, window size) or a screenshot is asked for, at most at {@link
   * ViewerConfig#frameRateHz()} and at least every {@link #REFRESH_NANOS}: an unchanged picture is
   * not redrawn 60 times a second, which leaves the CPU to the control loop and to training.
   */
  private final class Drawing {
    final CompletableFuture<Void> firstFrame = new CompletableFuture<>();
    private final WindowRenderer window;
    private final Thread thread;
    private volatile boolean stopRequested;

    Drawing(WindowRenderer window) {
      this.window = window;
      this.thread = new Thread(this::run, "tandem-viewer-drawing");
      thread.setDaemon(true);
      thread.start();
    }

    boolean isAlive() {
      return thread.isAlive();
    }

    void wake() {
      LockSupport.unpark(thread);
    }

    void stop() {
      stopRequested = true;
      wake();
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void run() {
      try {
        window.drawOnThisThread();
        try (OverlayRenderer overlay = new OverlayRenderer()) {
          drawFrame(window, overlay, picture(nanoClock.getAsLong()));
          firstFrame.complete(null);
          loop(overlay);
        } finally {
          window.releaseDrawing();
        }
      } catch (RuntimeException | LinkageError e) {
        LOG.error("viewer drawing stopped: {}", e.toString(), e);
        firstFrame.completeExceptionally(e);
      }
    }

    private void loop(OverlayRenderer overlay) {
      long framePeriod = (long) (1e9 / config.frameRateHz());
      long lastFrame = nanoClock.getAsLong();
      long nextFrame = lastFrame + framePeriod;
      Picture drawn = null;
      while (!stopRequested) {
        long now = nanoClock.getAsLong();
        if (now < nextFrame && screenshots.isEmpty()) {
          LockSupport.parkNanos(Math.min(nextFrame - now, CHANGE_CHECK_NANOS));
          continue;
        }
        Picture next = picture(now);
        if (next.equals(drawn) && now - lastFrame < REFRESH_NANOS && screenshots.isEmpty()) {
          LockSupport.parkNanos(CHANGE_CHECK_NANOS);
          continue;
        }
        drawFrame(window, overlay, next);
        drawn = next;
        longestFrameGap.accumulateAndGet(now - lastFrame, Math::max);
        lastFrame = now;
        nextFrame = Math.max(nextFrame + framePeriod, now);
      }
    }
  }

  /** Everything a frame shows; references compared by identity (each change makes a new one). */
  private record Picture(
      SceneDescription scene,
      ViewerStatus status,
      CameraSpec camera,
      String typed,
      boolean cursorOn,
      int width,
      int height) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Picture p
          && scene == p.scene
          && status == p.status
          && camera == p.camera
          && typed.equals(p.typed)
          && cursorOn == p.cursorOn
          && width == p.width
          && height == p.height;
    }

    @Override
    public int hashCode() {
      return Objects.hash(typed, cursorOn, width, height);
    }
  }

  private Picture picture(long now) {
    int[] wh = size;
    return new Picture(
        scene,
        status.get(),
        camera,
        textLine.text(),
        (now / CURSOR_BLINK_NANOS) % 2 == 0,
        wh[0],
        wh[1]);
  }

  private void drawFrame(WindowRenderer window, OverlayRenderer overlay, Picture p) {
    ViewerStatus st = p.status();
    List<SceneObject> objects =
        MotionArrows.withArrows(p.scene().objects(), st, config.arrowGain());
    window.render(new SceneDescription(objects), p.camera(), p.width(), p.height());
    if (p.width() > 0 && p.height() > 0) {
      overlay.draw(
          OverlayLayout.layout(st, p.typed(), p.cursorOn(), hints, p.width(), p.height()),
          p.width(),
          p.height());
    }
    CompletableFuture<ImageFrame> shot = screenshots.poll();
    if (shot != null) {
      ImageFrame image = window.readPixels(p.width(), p.height());
      shot.complete(image);
      while ((shot = screenshots.poll()) != null) {
        shot.complete(image);
      }
    }
    window.swapBuffers();
    frames.incrementAndGet();
  }

  private void onKey(dev.tandem.teleop.device.Key key) {
    Runnable action = keyActions.get(key);
    if (action != null) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.warn("action on key {} failed: {}", key, e.toString());
      }
    }
  }

  /** "KEYBOARD: HOLD LEFT_CONTROL TO DRIVE", for any device. */
  static String driveHint(TeleopDeviceConfig c) {
    return (c.deviceName() + ": hold " + c.deadmanControl() + " to drive").toUpperCase(Locale.ROOT);
  }
}
