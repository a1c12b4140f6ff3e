package dev.tandem.teleop.viewer;

import static org.lwjgl.glfw.GLFW.GLFW_MOD_SHIFT;
import static org.lwjgl.glfw.GLFW.GLFW_MOUSE_BUTTON_LEFT;
import static org.lwjgl.glfw.GLFW.GLFW_PRESS;
import static org.lwjgl.glfw.GLFW.glfwGetWindowSize;
import static org.lwjgl.glfw.GLFW.glfwSetCursorPosCallback;
import static org.lwjgl.glfw.GLFW.glfwSetFramebufferSizeCallback;
import static org.lwjgl.glfw.GLFW.glfwSetMouseButtonCallback;
import static org.lwjgl.glfw.GLFW.glfwSetScrollCallback;
import static org.lwjgl.glfw.GLFW.glfwWaitEventsTimeout;

import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.scene.CameraSpec;
import dev.tandem.core.scene.SceneDescription;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.render.RenderSettings;
import dev.tandem.render.RenderUnavailableException;
import dev.tandem.render.WindowRenderer;
import dev.tandem.teleop.OperatorEvent;
import dev.tandem.teleop.OperatorListener;
import dev.tandem.teleop.TeleopDevice;
import dev.tandem.teleop.device.BindingWords;
import dev.tandem.teleop.device.Key;
import dev.tandem.teleop.device.KeyboardConfig;
import dev.tandem.teleop.device.RawInput;
import dev.tandem.teleop.device.RawState;
import dev.tandem.teleop.device.TeleopDeviceConfig;
import dev.tandem.teleop.glfw.GlfwDevices;
import dev.tandem.teleop.glfw.GlfwKeyboardInput;
import dev.tandem.teleop.glfw.TextSink;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.lwjgl.glfw.GLFWCursorPosCallback;
import org.lwjgl.glfw.GLFWFramebufferSizeCallback;
import org.lwjgl.glfw.GLFWMouseButtonCallback;
import org.lwjgl.glfw.GLFWScrollCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's window: the scene (drawn by the shared renderer) with depth cues (a grid on the
 * table, drop lines and shadows, the workspace box, axes) and overlays — the control mode in a big
 * coloured banner, the policy's proposed motion next to the applied one (arrows beside the gripper,
 * with their speed), episode, round, interventions, policy version, gripper width and speed factor,
 * the last correction and how it was understood, the line being typed, a timeline strip of the
 * episode, frame rate and takeover latency, and a help panel (F1) — and the operator's input: the
 * keyboard (deadman and driving keys for a {@link dev.tandem.teleop.device.KeyboardDevice},
 * printable keys for the correction line, Enter submits a {@link OperatorEvent.CorrectionTyped}),
 * joysticks (gamepad, SpaceMouse) polled at {@link ViewerConfig#inputPollRateHz()}, the viewer's
 * own keys ({@link ViewerKeys}: Esc emergency stop, F12 resume, F1 help, F2-F4/F6/F7 views) and the
 * mouse (left drag orbits, right/middle or Shift + left drag pans, the wheel zooms).
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
  private static final long VIEW_SAVE_DELAY_NANOS = 500_000_000L;
  private static final long ACTIONS_CLOSE_SECONDS = 5;
  private static final long RATE_WINDOW_NANOS = 1_000_000_000L;

  private final ViewerConfig config;
  private final LongSupplier nanoClock = System::nanoTime;
  private final TextLine textLine;
  private final Thread thread;
  private final ExecutorService actions;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final AtomicReference<ViewerStatus> status =
      new AtomicReference<>(ViewerStatus.initial());
  private final ConcurrentLinkedQueue<CompletableFuture<ImageFrame>> screenshots =
      new ConcurrentLinkedQueue<>();
  private final List<Connected> connected = new CopyOnWriteArrayList<>();
  private final List<String> sessionHints = new CopyOnWriteArrayList<>();
  private final java.util.Map<Key, Runnable> keyActions =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Consumer<Boolean>> helpListeners = new CopyOnWriteArrayList<>();
  private final AtomicLong frames = new AtomicLong();
  private final AtomicLong longestFrameGap = new AtomicLong();
  private final AtomicLong longestInputGap = new AtomicLong();
  private final AtomicLong timingSince = new AtomicLong(System.nanoTime());
  private final AtomicLong framesAtTiming = new AtomicLong();
  private final AtomicReference<OrbitView> view;
  private final OrbitView homeDirection;
  private volatile SceneDescription scene = new SceneDescription(List.of());
  private volatile ViewPreset.Box workspace;
  private volatile boolean homeFitted;
  private volatile Path viewFile;
  private volatile long viewChangedNanos = Long.MIN_VALUE;
  private volatile boolean helpOpen;
  private volatile Map<String, ImageFrame> cameraImages = Map.of();
  private volatile boolean cameraPanelOpen = true;
  // whether the fitted views were framed beside the camera panel
  private volatile boolean panelFramed;
  private volatile Runnable stopAction;
  private volatile Runnable resumeAction;
  private volatile boolean closeRequested;
  private volatile long lastLostStamp = Long.MIN_VALUE;
  private volatile long inputSinceNanos = Long.MIN_VALUE;
  private volatile double takeoverLatencyMs = Double.NaN;
  private volatile double framesPerSecond = Double.NaN;
  private volatile double drawMsPerFrame = Double.NaN;
  private volatile GlfwDevices devices;
  private volatile int[] size = {0, 0};

  /** A device the viewer made, with the raw inputs that tell whether its hardware answers. */
  private record Connected(
      TeleopDeviceConfig config, List<RawInput<? extends RawState>> inputs, Key deadmanKey) {
    boolean answers() {
      for (RawInput<? extends RawState> in : inputs) {
        RawState s = in.latest();
        if (s == null || !s.connected()) {
          return false;
        }
      }
      return true;
    }
  }

  private Viewer(ViewerConfig config, OperatorListener listener) {
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(listener, "listener");
    this.actions =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "tandem-viewer-actions");
              t.setDaemon(true);
              return t;
            });
    this.textLine =
        new TextLine(e -> dispatch("the operator listener", () -> listener.onEvent(e)), nanoClock);
    CameraSpec c = config.camera();
    this.homeDirection = OrbitView.lookingAt(c.eye(), c.target(), ViewPreset.HOME);
    this.view = new AtomicReference<>(homeDirection);
    this.thread = new Thread(this::run, "tandem-viewer");
    this.thread.setDaemon(true);
  }

  /**
   * Opens the window and starts the viewer's thread.
   *
   * @param listener receives typed corrections (on the viewer's actions thread, see {@link
   *     #dispatch})
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
   * @throws IllegalArgumentException when the spec is not an end-effector delta, or a keyboard
   *     device binds one of the viewer's own keys ({@link ViewerKeys})
   */
  public TeleopDevice connect(TeleopDeviceConfig deviceConfig, ActionSpec spec) {
    GlfwDevices d = devices;
    if (d == null) {
      throw new IllegalStateException("the viewer is closed");
    }
    Key deadman = null;
    if (deviceConfig instanceof KeyboardConfig k) {
      checkFree(k.deadman(), "deadman");
      checkFree(k.gripperOpen(), "gripperOpen");
      checkFree(k.gripperClose(), "gripperClose");
      k.keys()
          .forEach(
              (axis, pair) -> {
                checkFree(pair.positive(), "keys." + axis + ".positive");
                checkFree(pair.negative(), "keys." + axis + ".negative");
              });
      deadman = Key.fromConfig(k.deadman());
    }
    List<RawInput<? extends RawState>> inputs = new ArrayList<>();
    TeleopDevice device = d.create(deviceConfig, spec, inputs);
    connected.add(new Connected(deviceConfig, List.copyOf(inputs), deadman));
    return device;
  }

  private static void checkFree(String keyName, String field) {
    String use = ViewerKeys.use(Key.fromConfig(keyName));
    if (use != null) {
      throw new IllegalArgumentException(
          field
              + ": '"
              + keyName
              + "' is the viewer's "
              + use
              + " key; bind another key (the viewer keeps F1-F4, F6, F7, F12 and Esc)");
    }
  }

  /**
   * Runs {@code action} whenever {@code key} is pressed in the window (on the viewer's actions
   * thread, never the one that polls input), e.g. F5 to ask for retraining. The key must not drive
   * a connected keyboard device nor be one of the viewer's own keys; {@code hint} (may be empty) is
   * shown in the help, e.g. "F5: retrain after this episode".
   *
   * @throws IllegalArgumentException when {@code key} is one of the viewer's own keys
   */
  public void onKeyPressed(Key key, String hint, Runnable action) {
    String use = ViewerKeys.use(Objects.requireNonNull(key, "key"));
    if (use != null) {
      throw new IllegalArgumentException(
          key.configName() + " is the viewer's " + use + " key; choose another key");
    }
    keyActions.put(key, Objects.requireNonNull(action, "action"));
    if (hint != null && !hint.isBlank()) {
      sessionHints.add(hint);
    }
  }

  /**
   * Runs {@code stop} when the operator presses Esc (emergency stop) and {@code resume} on F12, on
   * the viewer's actions thread. Without them the keys do nothing.
   */
  public void onStopAndResume(Runnable stop, Runnable resume) {
    stopAction = Objects.requireNonNull(stop, "stop");
    resumeAction = Objects.requireNonNull(resume, "resume");
  }

  /**
   * {@code listener} hears the help panel open (true) and close (false), on the viewer's actions
   * thread.
   */
  public void onHelp(Consumer<Boolean> listener) {
    helpListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** The scene to draw from the next frame on. */
  public void show(SceneDescription next) {
    scene = Objects.requireNonNull(next, "scene");
  }

  /**
   * The images the policy sees (an observation's images, by camera name), shown in the camera panel
   * from the next frame on while it is open (F8 closes and opens it); empty: no panel.
   */
  public void showCameras(Map<String, ImageFrame> images) {
    cameraImages = Map.copyOf(Objects.requireNonNull(images, "images"));
  }

  /**
   * The box the end effector is kept in (the safety filter's workspace, world frame): drawn, and
   * framed by the default view.
   */
  public void setWorkspace(double[] min, double[] max) {
    workspace = new ViewPreset.Box(min, max);
    if (view.get().preset() == ViewPreset.HOME) {
      homeFitted = false;
    }
  }

  /**
   * Keeps the camera view in {@code file} (a small properties file): the view saved there is
   * restored now, and every change the operator makes is saved there (a moment after it settles). A
   * missing file is created on the first change; an unreadable one is ignored with a warning.
   */
  public void rememberViewIn(Path file) {
    viewFile = Objects.requireNonNull(file, "file");
    if (!Files.exists(file)) {
      return;
    }
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Properties p = new Properties();
      p.load(r);
      String[] t = p.getProperty("target", "").split(",");
      OrbitView v =
          new OrbitView(
              new double[] {
                Double.parseDouble(t[0]), Double.parseDouble(t[1]), Double.parseDouble(t[2])
              },
              Double.parseDouble(p.getProperty("yawDegrees")),
              Double.parseDouble(p.getProperty("pitchDegrees")),
              Double.parseDouble(p.getProperty("distanceMeters")),
              Boolean.parseBoolean(p.getProperty("followGripper")),
              ViewPreset.valueOf(p.getProperty("preset", "CUSTOM")));
      view.set(v);
      homeFitted = true;
      LOG.info("viewer: {} (from {})", v, file);
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "viewer: ignoring the saved view {} ({}); F7 shows the whole workspace",
          file,
          e.toString());
    }
  }

  /** The camera the scene is drawn from now (the gripper followed or not). */
  public CameraSpec camera() {
    int[] wh = size;
    return view.get()
        .camera(
            status.get().eePosition(),
            config.cameraFovYDegrees(),
            Math.max(1, wh[0]),
            Math.max(1, wh[1]));
  }

  /** The current view. */
  public OrbitView view() {
    return view.get();
  }

  public void update(ViewerStatus next) {
    ViewerStatus before = status.getAndSet(Objects.requireNonNull(next, "status"));
    heardMode(before, next);
  }

  /** Changes the status atomically, e.g. {@code viewer.update(s -> s.withMode(HUMAN))}. */
  public void update(UnaryOperator<ViewerStatus> change) {
    ViewerStatus[] before = new ViewerStatus[1];
    ViewerStatus after =
        status.updateAndGet(
            s -> {
              before[0] = s;
              return change.apply(s);
            });
    heardMode(before[0], after);
  }

  /**
   * A takeover shown: how long since the deadman was pressed (the input-to-action latency). A
   * deadman pressed while no episode ran counts from the episode's start (the first moment it could
   * act), not from the press.
   */
  private void heardMode(ViewerStatus before, ViewerStatus after) {
    if (!episodeRuns(before.mode()) && episodeRuns(after.mode())) {
      long since = inputSinceNanos;
      if (since != Long.MIN_VALUE) {
        inputSinceNanos = Math.max(since, nanoClock.getAsLong());
      }
    }
    if (after.mode() == ControlMode.HUMAN && before.mode() != ControlMode.HUMAN) {
      long since = inputSinceNanos;
      if (since != Long.MIN_VALUE) {
        takeoverLatencyMs = (nanoClock.getAsLong() - since) / 1e6;
        inputSinceNanos = Long.MIN_VALUE;
      }
    }
  }

  private static boolean episodeRuns(ControlMode mode) {
    return switch (mode) {
      case AUTONOMOUS, HUMAN, CORRECTING, STOPPED -> true;
      case IDLE, TRAINING, RETRAINING -> false;
    };
  }

  public ViewerStatus status() {
    return status.get();
  }

  /**
   * Shows what the operator must know about an event: a lost device ("gamepad lost: ... holding
   * position, control back to the policy", an alarm) until the next takeover. Usable as a listener:
   * {@code listener.andThen(viewer::note)}.
   */
  public void note(OperatorEvent event) {
    if (event instanceof OperatorEvent.DeviceLost lost) {
      lastLostStamp = lost.stampNanos();
      update(s -> s.withAlarm(lost.device() + " lost: " + lost.reason()));
    } else if (event instanceof OperatorEvent.Released r && r.stampNanos() == lastLostStamp) {
      // the hand-back that follows a lost device in the same tick says what happened next
      update(s -> s.withAlarm(r.reason()));
    } else if (event instanceof OperatorEvent.TakeoverStarted t) {
      if (inputSinceNanos == Long.MIN_VALUE) {
        inputSinceNanos = t.tickStampNanos(); // a joystick's deadman: seen at this tick
      }
      update(s -> s.withNotice(""));
    }
  }

  /** The correction line being typed. */
  public String typedText() {
    return textLine.text();
  }

  /** Whether the help panel shows. */
  public boolean helpOpen() {
    return helpOpen;
  }

  /**
   * What the help panel says, one line each: every device's bindings in words under its name and
   * whether it answers (bindings only for those that do), the viewer's keys and mouse, the
   * session's keys.
   */
  public List<String> helpLines() {
    List<String> lines = new ArrayList<>();
    for (Connected c : connected) {
      boolean on = c.answers();
      lines.add(
          c.config().deviceName().toUpperCase(Locale.ROOT)
              + (on ? " (connected)" : " (not connected)"));
      if (on) {
        for (String b : c.config().bindingsInWords()) {
          lines.add("  " + b);
        }
      }
    }
    lines.add("VIEWER");
    lines.add("  " + ViewerKeys.STOP_NAME + ": emergency stop (holds position); F12 resumes");
    lines.add("  F1, or type help or ?: this help");
    lines.add("  F8: the policy's camera images (when it has cameras)");
    StringBuilder views = new StringBuilder("  views:");
    ViewerKeys.presets()
        .forEach(
            (k, p) ->
                views
                    .append(' ')
                    .append(BindingWords.control(k.configName()))
                    .append(' ')
                    .append(
                        p == ViewPreset.HOME ? "workspace" : p.name().toLowerCase(Locale.ROOT)));
    lines.add(views.toString());
    lines.add("  mouse: left drag orbits, right drag or Shift + drag pans, wheel zooms");
    lines.add("  type a correction and press Enter (e.g. a bit more to the left)");
    for (String h : sessionHints) {
      lines.add("  " + h);
    }
    return lines;
  }

  /**
   * The hint line's parts: stop and help first (they must show in a narrow window), then each
   * device that answers and how to drive it ("keyboard: hold Left Ctrl to drive").
   */
  List<String> driveHints() {
    List<String> hints = new ArrayList<>();
    hints.add(ViewerKeys.STOP_NAME + ": stop");
    hints.add("F1: help");
    for (Connected c : connected) {
      if (c.answers()) {
        List<String> b = c.config().bindingsInWords();
        String first = b.isEmpty() ? "" : b.get(0);
        int comma = first.indexOf(',');
        hints.add(c.config().deviceName() + ": " + (comma > 0 ? first.substring(0, comma) : first));
      }
    }
    return hints;
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
   * makes it look lost), and the last takeover's input-to-action latency (NaN before any).
   */
  public record Timing(
      double seconds,
      double framesPerSecond,
      double longestFrameGapMs,
      double longestInputGapMs,
      double lastTakeoverMs) {
    @Override
    public String toString() {
      return String.format(
              Locale.ROOT,
              "%.1f frames/s, longest frame gap %.0f ms, longest input gap %.0f ms over %.1f s",
              framesPerSecond,
              longestFrameGapMs,
              longestInputGapMs,
              seconds)
          + (Double.isNaN(lastTakeoverMs)
              ? ""
              : String.format(
                  Locale.ROOT, ", last takeover shown %.0f ms after the deadman", lastTakeoverMs));
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
        longestInputGap.getAndSet(0) / 1e6,
        takeoverLatencyMs);
  }

  /** Milliseconds the last second's frames took to draw, on average (NaN before any). */
  public double drawMsPerFrame() {
    return drawMsPerFrame;
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

  // ------------------------------------------------------------------ the camera

  /** Shows preset {@code p} (on any thread). */
  void showPreset(ViewPreset p) {
    int[] wh = size;
    int w = Math.max(1, wh[0]);
    int h = Math.max(1, wh[1]);
    boolean beside = panelShown();
    panelFramed = beside;
    OrbitView next =
        p.view(
            view.get(),
            homeDirection,
            framedBox(),
            config.cameraFovYDegrees(),
            w,
            h,
            OverlayLayout.sceneTop(h),
            OverlayLayout.sceneBottom(h),
            beside ? CameraPanel.left(w, OverlayLayout.textScale(h)) : w);
    if (p == ViewPreset.FOLLOW) {
      double[] ee = status.get().eePosition();
      if (ee != null) {
        next =
            new OrbitView(
                ee,
                next.yawDegrees(),
                next.pitchDegrees(),
                next.distanceMeters(),
                true,
                ViewPreset.FOLLOW);
      }
    }
    view.set(next);
    homeFitted = true;
    viewChanged();
  }

  /**
   * What the fitted views keep in frame: the workspace box and every object of the scene (the base,
   * the arm, the cube, the goal) and the table's top (not the block under it).
   */
  private ViewPreset.Box framedBox() {
    ViewPreset.Box box = workspace;
    for (dev.tandem.core.scene.SceneObject o : scene.objects()) {
      double[] half = halfExtents(o);
      dev.tandem.core.scene.Pose p = o.pose();
      double[] c = {p.x(), p.y(), p.z()};
      if (half == null || !Double.isFinite(c[0] + c[1] + c[2])) {
        continue;
      }
      if (o.name().equals("table")) {
        c[2] += half[2]; // its top face
        half[2] = 0;
      }
      double[] lo = {c[0] - half[0], c[1] - half[1], c[2] - half[2]};
      double[] hi = {c[0] + half[0], c[1] + half[1], c[2] + half[2]};
      box = box == null ? new ViewPreset.Box(lo, hi) : box.with(lo, 0).with(hi, 0);
    }
    double[] ee = status.get().eePosition();
    if (ee != null) {
      box = box == null ? new ViewPreset.Box(ee, ee).with(ee, 0.05) : box.with(ee, 0.05);
    }
    return box != null
        ? box
        : new ViewPreset.Box(new double[] {-0.5, -0.5, 0}, new double[] {0.5, 0.5, 0.5});
  }

  /**
   * Half the size along x, y, z of the axis-aligned box holding the object as posed (null for an
   * unbounded plane).
   */
  static double[] halfExtents(dev.tandem.core.scene.SceneObject o) {
    dev.tandem.core.scene.Shape shape = o.shape();
    double[] local;
    double round = 0;
    if (shape instanceof dev.tandem.core.scene.Shape.Box b) {
      local = new double[] {b.sizeX() / 2, b.sizeY() / 2, b.sizeZ() / 2};
    } else if (shape instanceof dev.tandem.core.scene.Shape.Sphere s) {
      return new double[] {s.radius(), s.radius(), s.radius()};
    } else if (shape instanceof dev.tandem.core.scene.Shape.Cylinder c) {
      local = new double[] {0, 0, c.length() / 2};
      round = c.radius();
    } else if (shape instanceof dev.tandem.core.scene.Shape.Capsule c) {
      local = new double[] {0, 0, c.length() / 2 - c.radius()};
      round = c.radius();
    } else {
      return null;
    }
    dev.tandem.core.scene.Pose p = o.pose();
    double x = p.qx();
    double y = p.qy();
    double z = p.qz();
    double w = p.qw();
    double n = Math.sqrt(x * x + y * y + z * z + w * w);
    if (!(n > 0)) {
      return null;
    }
    x /= n;
    y /= n;
    z /= n;
    w /= n;
    double[][] r = {
      {1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)},
      {2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)},
      {2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)}
    };
    double[] out = new double[3];
    for (int i = 0; i < 3; i++) {
      out[i] =
          Math.abs(r[i][0]) * local[0]
              + Math.abs(r[i][1]) * local[1]
              + Math.abs(r[i][2]) * local[2]
              + round;
    }
    return out;
  }

  private void viewChanged() {
    viewChangedNanos = nanoClock.getAsLong();
  }

  /** True once the operator's last view change settled and should be remembered. */
  private boolean viewSettled(long now) {
    long changed = viewChangedNanos;
    return viewFile != null && changed != Long.MIN_VALUE && now - changed >= VIEW_SAVE_DELAY_NANOS;
  }

  /**
   * Writes {@code v} to the remembered file. Never on the thread that polls input: a disk busy with
   * another process's fsync can hold a write for hundreds of milliseconds.
   */
  private void saveView(OrbitView v) {
    Path file = viewFile;
    Properties p = new Properties();
    double[] t = v.target();
    p.setProperty("target", t[0] + "," + t[1] + "," + t[2]);
    p.setProperty("yawDegrees", Double.toString(v.yawDegrees()));
    p.setProperty("pitchDegrees", Double.toString(v.pitchDegrees()));
    p.setProperty("distanceMeters", Double.toString(v.distanceMeters()));
    p.setProperty("followGripper", Boolean.toString(v.followGripper()));
    p.setProperty("preset", v.preset().name());
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        p.store(w, "Tandem viewer: the operator's last camera view (F7 shows the whole workspace)");
      }
    } catch (IOException e) {
      LOG.warn("viewer: could not save the view to {}: {}", file, e.toString());
    }
  }

  /** The mouse on the window: drags orbit or pan, the wheel zooms (window thread). */
  private final class Mouse {
    private boolean orbiting;
    private boolean panning;
    private double lastX;
    private double lastY;

    void button(long window, int button, int action, int mods) {
      if (action == GLFW_PRESS) {
        boolean pan = button != GLFW_MOUSE_BUTTON_LEFT || (mods & GLFW_MOD_SHIFT) != 0;
        panning = pan;
        orbiting = !pan;
      } else {
        orbiting = false;
        panning = false;
        viewChanged();
      }
    }

    void moved(long window, double x, double y) {
      double dx = x - lastX;
      double dy = y - lastY;
      lastX = x;
      lastY = y;
      if (orbiting) {
        view.updateAndGet(v -> v.orbit(dx, dy));
        viewChanged();
      } else if (panning) {
        int[] h = new int[1];
        glfwGetWindowSize(window, new int[1], h);
        double[] ee = status.get().eePosition();
        view.updateAndGet(v -> v.pan(dx, dy, h[0], config.cameraFovYDegrees(), ee));
        viewChanged();
      }
    }

    void scrolled(long window, double dx, double dy) {
      view.updateAndGet(v -> v.zoom(dy));
      viewChanged();
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
    Mouse mouse = new Mouse();
    try (window;
        GlfwKeyboardInput keyboard =
            new GlfwKeyboardInput(window.glfwWindow(), new Typing(), nanoClock, this::onKey);
        GlfwDevices glfwDevices = new GlfwDevices(keyboard, nanoClock);
        GLFWFramebufferSizeCallback resized =
            GLFWFramebufferSizeCallback.create(
                (w, width, height) -> size = new int[] {width, height});
        GLFWMouseButtonCallback buttons = GLFWMouseButtonCallback.create(mouse::button);
        GLFWCursorPosCallback cursor = GLFWCursorPosCallback.create(mouse::moved);
        GLFWScrollCallback scroll = GLFWScrollCallback.create(mouse::scrolled)) {
      long w = window.glfwWindow();
      glfwSetFramebufferSizeCallback(w, resized);
      glfwSetMouseButtonCallback(w, buttons);
      glfwSetCursorPosCallback(w, cursor);
      glfwSetScrollCallback(w, scroll);
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
        stopActions();
        if (viewFile != null && viewChangedNanos != Long.MIN_VALUE) {
          saveView(view.get()); // the view moved in the last half second
        }
        glfwSetFramebufferSizeCallback(w, null);
        glfwSetMouseButtonCallback(w, null);
        glfwSetCursorPosCallback(w, null);
        glfwSetScrollCallback(w, null);
      }
    } catch (RuntimeException | LinkageError | ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      LOG.error("viewer stopped: {}", cause.toString(), cause);
      ready.completeExceptionally(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ready.completeExceptionally(e);
    } finally {
      actions.shutdown();
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
      if (viewSettled(now)) {
        viewChangedNanos = Long.MIN_VALUE;
        OrbitView settled = view.get();
        dispatch("saving the view", () -> saveView(settled));
      }
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
    private long rateSince;
    private long framesSince;
    private long drawNanosSince;

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
          rateSince = nanoClock.getAsLong();
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
        long done = nanoClock.getAsLong();
        count(done - now, done);
        drawn = next;
        longestFrameGap.accumulateAndGet(now - lastFrame, Math::max);
        lastFrame = now;
        nextFrame = Math.max(nextFrame + framePeriod, now);
      }
    }

    /** Frame rate and drawing time over the last second, for the readout. */
    private void count(long drawNanos, long now) {
      framesSince++;
      drawNanosSince += drawNanos;
      if (now - rateSince >= RATE_WINDOW_NANOS) {
        framesPerSecond = framesSince * 1e9 / (now - rateSince);
        drawMsPerFrame = drawNanosSince / 1e6 / framesSince;
        framesSince = 0;
        drawNanosSince = 0;
        rateSince = now;
      }
    }
  }

  /** Everything a frame shows; references compared by identity (each change makes a new one). */
  private record Picture(
      SceneDescription scene,
      ViewerStatus status,
      OrbitView view,
      String typed,
      boolean cursorOn,
      boolean help,
      Map<String, ImageFrame> cameras,
      int width,
      int height) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Picture p
          && scene == p.scene
          && status == p.status
          && view == p.view
          && typed.equals(p.typed)
          && cursorOn == p.cursorOn
          && help == p.help
          && cameras == p.cameras
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
    SceneDescription sc = scene;
    if (!homeFitted && !sc.objects().isEmpty() && wh[1] > 0) {
      showPreset(ViewPreset.HOME); // the default view: the whole workspace, once it is known
      viewChangedNanos = Long.MIN_VALUE; // not the operator's choice: nothing to remember
    } else if (homeFitted && panelShown() != panelFramed) {
      // the camera panel came or went: a fitted view frames the scene beside it (or the whole
      // window again); a view the operator moved stays as it is
      panelFramed = panelShown();
      ViewPreset p = view.get().preset();
      if (p != ViewPreset.CUSTOM && p != ViewPreset.FOLLOW) {
        long changed = viewChangedNanos;
        showPreset(p);
        viewChangedNanos = changed; // not the operator's choice
      }
    }
    return new Picture(
        sc,
        status.get(),
        view.get(),
        textLine.text(),
        (now / CURSOR_BLINK_NANOS) % 2 == 0,
        helpOpen,
        cameraPanelOpen ? cameraImages : Map.of(),
        wh[0],
        wh[1]);
  }

  /** Whether the camera panel covers the window's right part now. */
  private boolean panelShown() {
    return cameraPanelOpen && !cameraImages.isEmpty();
  }

  private void drawFrame(WindowRenderer window, OverlayRenderer overlay, Picture p) {
    ViewerStatus st = p.status();
    int w = Math.max(1, p.width());
    int h = Math.max(1, p.height());
    CameraSpec cam = p.view().camera(st.eePosition(), config.cameraFovYDegrees(), w, h);
    List<dev.tandem.core.scene.SceneObject> objects =
        MotionArrows.withArrows(
            DepthCues.with(
                JointWarningTint.tinted(p.scene().objects(), st.jointWarningParts()),
                st.eePosition(),
                workspace),
            st,
            config.arrowGain(),
            cam.eye());
    window.render(new SceneDescription(objects), cam, p.width(), p.height());
    if (p.width() > 0 && p.height() > 0) {
      OverlayLayout.Hud hud =
          new OverlayLayout.Hud(
              p.typed(),
              p.cursorOn(),
              driveHints(),
              p.help() ? helpLines() : List.of(),
              readout(p.view()),
              p.cameras());
      overlay.draw(OverlayLayout.layout(st, hud, p.width(), p.height()), p.width(), p.height());
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

  /** "60 FPS 4 MS/FRAME TAKEOVER 180 MS VIEW: TOP". */
  private String readout(OrbitView v) {
    StringBuilder b = new StringBuilder();
    double fps = framesPerSecond;
    if (!Double.isNaN(fps)) {
      b.append(String.format(Locale.ROOT, "%.0f FPS %.0f MS/FRAME", fps, drawMsPerFrame));
    }
    b.append('\n');
    double latency = takeoverLatencyMs;
    if (!Double.isNaN(latency)) {
      b.append(String.format(Locale.ROOT, "TAKEOVER %.0f MS  ", latency));
    }
    b.append("VIEW ").append(v.preset() == ViewPreset.HOME ? "WORKSPACE" : v.preset().name());
    return b.toString();
  }

  private void onKey(Key key) {
    for (Connected c : connected) {
      if (key == c.deadmanKey()) {
        inputSinceNanos = nanoClock.getAsLong(); // the takeover's latency counts from here
      }
    }
    ViewPreset preset = ViewerKeys.preset(key);
    if (preset != null) {
      showPreset(preset);
      return;
    }
    if (key == ViewerKeys.HELP) {
      toggleHelp();
      return;
    }
    if (key == ViewerKeys.CAMERAS) {
      cameraPanelOpen = !cameraPanelOpen;
      return;
    }
    Runnable action = key == ViewerKeys.RESUME ? resumeAction : keyActions.get(key);
    runAction(action, key.configName());
  }

  private void toggleHelp() {
    boolean open = !helpOpen;
    helpOpen = open;
    for (Consumer<Boolean> l : helpListeners) {
      dispatch("the help listener", () -> l.accept(open));
    }
  }

  private void runAction(Runnable action, String key) {
    if (action != null) {
      dispatch("the action on key " + key, action);
    }
  }

  /**
   * Runs {@code action} on the viewer's actions thread, in the order asked, never on the thread
   * that polls input: what the application does on a key or a typed line (an actor's lock, a line
   * to a terminal pipe, a file) may wait, and a poller that waits makes the keyboard look lost
   * (before this, the live session's keyboard read as lost during retraining on a loaded machine).
   * A failing action is logged and dropped.
   */
  private void dispatch(String what, Runnable action) {
    try {
      actions.execute(
          () -> {
            try {
              action.run();
            } catch (RuntimeException e) {
              LOG.warn("{} failed: {}", what, e.toString());
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.debug("viewer closed: {} dropped", what);
    }
  }

  /**
   * Lets the actions asked before the window closed finish (for a while), then stops the thread.
   */
  private void stopActions() {
    actions.shutdown();
    try {
      if (!actions.awaitTermination(ACTIONS_CLOSE_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn(
            "viewer: actions still running {} s after the window closed", ACTIONS_CLOSE_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The keyboard's text: to the correction line, but "help" or "?" sent opens the help instead, and
   * Esc (which clears the line) is also the emergency stop.
   */
  private final class Typing implements TextSink {
    @Override
    public void typed(int codePoint) {
      textLine.typed(codePoint);
    }

    @Override
    public void backspace() {
      textLine.backspace();
    }

    @Override
    public void enter() {
      String t = textLine.text().strip().toLowerCase(Locale.ROOT);
      if (t.equals("help") || t.equals("?")) {
        textLine.escape();
        if (!helpOpen) {
          toggleHelp();
        }
        return;
      }
      textLine.enter();
    }

    @Override
    public void escape() {
      textLine.escape();
      runAction(stopAction, "escape");
    }
  }
}
