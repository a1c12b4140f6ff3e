package dev.tandem.runtime.live;

import dev.tandem.bridge.Ros2Robot;
import dev.tandem.core.data.Action;
import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.data.EpisodeOutcome;
import dev.tandem.core.data.Step;
import dev.tandem.core.env.Environment;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.core.store.DatasetSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeSummary;
import dev.tandem.core.store.StoreOptions;
import dev.tandem.intervention.InterventionDataset;
import dev.tandem.intervention.language.CameraFrames;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.policy.infer.InferencePolicy;
import dev.tandem.policy.train.TrainingResult;
import dev.tandem.render.RenderUnavailableException;
import dev.tandem.runtime.actors.ArbiterActor;
import dev.tandem.runtime.actors.EnvironmentActor;
import dev.tandem.runtime.actors.LearnerActor;
import dev.tandem.runtime.actors.PolicyActor;
import dev.tandem.runtime.actors.RecorderActor;
import dev.tandem.runtime.actors.RolloutPool;
import dev.tandem.runtime.actors.Ticker;
import dev.tandem.runtime.training.Demonstrations;
import dev.tandem.runtime.training.Training;
import dev.tandem.sim.SimEnvironment;
import dev.tandem.sim.task.Workcell;
import dev.tandem.teleop.TeleopDevice;
import dev.tandem.teleop.TeleopSession;
import dev.tandem.teleop.device.BindingWords;
import dev.tandem.teleop.device.TeleopDeviceConfig;
import dev.tandem.teleop.viewer.ControlMode;
import dev.tandem.teleop.viewer.ImageFiles;
import dev.tandem.teleop.viewer.Timeline;
import dev.tandem.teleop.viewer.Viewer;
import dev.tandem.web.WebConsole;
import dev.tandem.web.WebConsoleConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * A live teleop session ({@code tandem teleop}): a sim task stepped by the {@link ArbiterActor} at
 * a fixed rate from a {@link Ticker}, a policy in a {@link PolicyActor}, every step recorded to an
 * episode store, and an operator at the viewer who takes over with a device's deadman, hands back,
 * and types corrections (in the viewer or on the terminal). Between episodes the policy is
 * retrained (every N episodes, or when asked) on everything recorded, with the session's weighting
 * scheme, published in a policy registry and hot-swapped into the policy actor; the viewer shows
 * the version.
 *
 * <p>Set-up problems (no display, a bad registry, a device that cannot drive the task) throw {@link
 * SetupException} before anything runs. Inside the loop nothing throws: a failed retraining keeps
 * the current version and says so.
 */
public final class LiveSession {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration TRAIN_TIMEOUT = Duration.ofMinutes(30);

  /** Where, in the session's output directory, the viewer keeps the operator's camera view. */
  public static final String VIEW_FILE = "viewer-view.properties";

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  /** A problem the operator can fix; the message is one line that says what to do. */
  public static final class SetupException extends RuntimeException {
    public SetupException(String message) {
      super(message);
    }

    public SetupException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Bounds and places the session (null: the config's value).
   *
   * @param maxEpisodes stop after this many episodes (0: unbounded)
   * @param seconds stop after this many seconds (the episode in progress ends as an operator stop)
   * @param output the session's directory
   * @param web where the web console serves this session's robot ({@code --web}; null: no console)
   */
  public record Options(Integer maxEpisodes, Double seconds, Path output, WebConsoleConfig web) {
    public static Options none() {
      return new Options(null, null, null, null);
    }
  }

  /** The robot's id on the web console's page. */
  static final String WEB_ROBOT = "r1";

  /** What a session did. */
  public record Summary(
      Path output,
      Path data,
      Path registry,
      int episodes,
      int retrainings,
      PolicyVersion finalVersion,
      String stoppedBecause) {}

  private final TeleopSessionConfig config;
  private final Options options;
  private final PrintWriter out;
  private final InputStream terminal;
  private final Clock clock;

  private final AtomicBoolean retrainRequested = new AtomicBoolean();
  private volatile double lastTrainingSeconds = Double.NaN;
  private final AtomicReference<String> quitReason = new AtomicReference<>();
  private final AtomicInteger screenshots = new AtomicInteger();

  // shown in the viewer; written by the session thread and the step tap
  private volatile int episode;
  private volatile int round;
  private volatile PolicyVersion version = PolicyVersion.NONE;
  private volatile int interventions;
  private volatile ControlSource lastSource;
  private volatile OperatorBridge bridge;
  private volatile WebRobot web;
  private volatile boolean workspaceInWorld;

  // a robot (an environment that cannot be restored) is reset by a person, who says when
  private volatile boolean robot;
  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicReference<Environment> liveEnvironment = new AtomicReference<>();

  public LiveSession(
      TeleopSessionConfig config,
      Options options,
      PrintWriter out,
      InputStream terminal,
      Clock clock) {
    this.config = config;
    this.options = options == null ? Options.none() : options;
    this.out = out;
    this.terminal = terminal;
    this.clock = clock;
  }

  public Summary run() {
    Path output = options.output() != null ? options.output() : Path.of(config.output());
    int maxEpisodes = options.maxEpisodes() != null ? options.maxEpisodes() : config.maxEpisodes();
    long deadline =
        options.seconds() == null
            ? Long.MAX_VALUE
            : System.nanoTime() + (long) (options.seconds() * 1e9);
    EnvironmentSpec spec = environmentSpec();
    double rateHz = config.rateHz() != null ? config.rateHz() : spec.controlRateHz();
    if (robot && Math.abs(rateHz - spec.controlRateHz()) > 1e-9) {
      throw new SetupException(
          "rateHz: "
              + rateText(rateHz)
              + " but the robot "
              + config.task().taskName()
              + " is configured for "
              + rateText(spec.controlRateHz())
              + " Hz (its controlRateHz); a robot runs at its own rate: leave rateHz out");
    }
    List<TeleopDevice> devices = new ArrayList<>();
    try (Viewer viewer = openViewer();
        Closing closing = () -> closeDevices(devices)) {
      setUpViewer(viewer, output, rateHz);
      devices.addAll(connectDevices(viewer, spec));
      bridge = bridge(viewer, spec, output);
      viewer.onStopAndResume(
          () -> bridge.emergencyStop("Esc in the viewer"),
          () -> bridge.resume("F12 in the viewer"));
      try (WebConsole console = startWebConsole(spec)) {
        return run(viewer, devices, spec, output, rateHz, maxEpisodes, deadline);
      }
    }
  }

  private Summary run(
      Viewer viewer,
      List<TeleopDevice> devices,
      EnvironmentSpec spec,
      Path output,
      double rateHz,
      int maxEpisodes,
      long deadline) {
    viewer.onHelp(open -> printHelp(viewer, open));
    TeleopSession teleop = new TeleopSession(devices, bridge);
    bindRetrainKey(viewer);
    bindReadyKey(viewer);
    startTerminalReader(bridge);
    show(viewer, ControlMode.IDLE, "preparing the session");
    Path dataDir = output.resolve("data");
    try (EpisodeStore store = openStore(dataDir, spec, rateHz)) {
      DjlRuntime djl =
          DjlRuntime.start(
              new RuntimeConfig(
                  RuntimeConfig.DeviceChoice.valueOf(
                      config.training().device().toUpperCase(Locale.ROOT)),
                  1,
                  1));
      recordDemosIfNone(store, viewer, spec);
      PolicyRegistry registry = startingRegistry(output, store, spec, djl, viewer);
      version = registry.current().orElseThrow();
      try (Actors actors = startActors(spec, store, registry, djl, viewer, teleop)) {
        bridge.connect(actors.arbiter());
        try (Ticker ticker = new Ticker("teleop", rateHz, teleop::tick, actors.arbiter())) {
          greet(spec, rateHz, dataDir, devices);
          show(viewer, ControlMode.IDLE, "");
          String stopped = runEpisodes(actors, store, viewer, rateHz, maxEpisodes, deadline);
          ticker.close();
          actors.flush();
          say("session finished (" + stopped + "): " + episode + " episodes, policy " + version);
          show(viewer, ControlMode.IDLE, "session finished: " + stopped);
          return new Summary(
              output, dataDir, registry.directory(), episode, round, version, stopped);
        }
      }
    }
  }

  /** Episodes until the limit, a quit or the window closes, retraining between them. */
  private String runEpisodes(
      Actors actors,
      EpisodeStore store,
      Viewer viewer,
      double rateHz,
      int maxEpisodes,
      long deadline) {
    int sinceTraining = 0;
    while (maxEpisodes == 0 || episode < maxEpisodes) {
      String why = stopReason(viewer, deadline);
      if (why != null) {
        return why;
      }
      if (robot) {
        String notReady = awaitReady(viewer, deadline);
        if (notReady != null) {
          return notReady;
        }
      }
      episode++;
      interventions = 0;
      lastSource = null;
      long seed = config.seed() * 1000 + episode;
      Map<String, String> tags = new TreeMap<>();
      tags.put("phase", "teleop");
      tags.put("episode", Integer.toString(episode));
      tags.put("round", Integer.toString(round));
      tags.put("policy", version.toString());
      tags.put("task", config.task().taskName());
      tags.put("rateHz", rateText(rateHz));
      say("episode " + episode + " started (policy " + version + ", seed " + seed + ")");
      viewer.takeTiming();
      ArbiterActor.EpisodeDone done = runEpisode(actors, seed, tags, viewer, deadline);
      say(
          String.format(
              Locale.ROOT,
              "episode %d ended: %s after %d steps, %d interventions, %d human steps",
              episode,
              describe(done.outcome()),
              done.steps(),
              done.interventions(),
              done.humanSteps()));
      say("viewer during episode " + episode + ": " + viewer.takeTiming());
      sinceTraining++;
      String after = stopReason(viewer, deadline);
      if (after != null) {
        return after;
      }
      boolean due =
          config.retrainEveryEpisodes() > 0 && sinceTraining >= config.retrainEveryEpisodes();
      if ((retrainRequested.getAndSet(false) || due) && retrain(actors, store, viewer)) {
        sinceTraining = 0;
      }
    }
    return "max episodes reached";
  }

  // ------------------------------------------------------------------ set-up

  /**
   * With {@code --web}: the web console serves the session's robot beside the viewer (the browser
   * drives through the operator bridge, see {@link OperatorBridge#browser}); null without.
   */
  private WebConsole startWebConsole(EnvironmentSpec spec) {
    if (options.web() == null) {
      return null;
    }
    WebRobot robot = new WebRobot(WEB_ROBOT, spec, config.viewer(), config.language());
    robot.connect(bridge.browser());
    WebConsole console;
    try {
      console = WebConsole.start(options.web(), List.of(robot));
    } catch (IllegalStateException e) {
      throw new SetupException("--web: " + e.getMessage(), e);
    }
    robot.publishTo(console);
    web = robot;
    say("web console: open " + console.address() + " (the desktop deadman takes precedence)");
    return console;
  }

  /** The task's spec; only end-effector deltas can be driven from the viewer. */
  private EnvironmentSpec environmentSpec() {
    EnvironmentSpec spec;
    try (Environment probe = config.task().create()) {
      spec = probe.spec();
      workspaceInWorld = probe instanceof SimEnvironment;
      robot = !probe.supportsRestore();
    }
    if (spec.action().mode() != ActionSpec.ActionMode.EE_DELTA) {
      throw new SetupException(
          "task: "
              + config.task().taskName()
              + " uses "
              + spec.action().mode()
              + " actions; teleop drives end-effector deltas (set sim.actionMode: EE_DELTA)");
    }
    return spec;
  }

  /**
   * The operator's window (first: without a display nothing else is worth starting); what the
   * operator types goes to the bridge once there is one.
   */
  private Viewer openViewer() {
    String display = System.getenv("DISPLAY");
    if (display == null || display.isBlank()) {
      throw new SetupException(
          "teleop needs a display for the operator viewer and DISPLAY is not set: run it in a"
              + " desktop session, or under xvfb-run (xvfb-run -a tandem teleop <config>)");
    }
    try {
      return Viewer.open(
          config.viewer(),
          e -> {
            OperatorBridge b = bridge;
            if (b != null) {
              b.onEvent(e);
            }
          });
    } catch (RenderUnavailableException e) {
      throw new SetupException(
          "teleop needs a display for the operator viewer: "
              + e.getMessage().replace('\n', ' ')
              + " (e.g. xvfb-run -a tandem teleop <config>)",
          e);
    }
  }

  /**
   * The viewer's camera is remembered in {@code <output>/viewer-view.properties}; the sim's
   * workspace box is drawn and framed; speeds read in m/s at the session's rate.
   */
  private void setUpViewer(Viewer viewer, Path output, double rateHz) {
    viewer.rememberViewIn(output.resolve(VIEW_FILE));
    if (workspaceInWorld) {
      viewer.setWorkspace(Workcell.WORKSPACE_MIN, Workcell.WORKSPACE_MAX);
    }
    viewer.update(s -> s.withControlRateHz(rateHz));
  }

  /** The help the viewer shows, on the terminal too (it lists the bindings in words). */
  private void printHelp(Viewer viewer, boolean open) {
    if (open) {
      for (String line : viewer.helpLines()) {
        say("help: " + line);
      }
    }
  }

  private List<TeleopDevice> connectDevices(Viewer viewer, EnvironmentSpec spec) {
    List<TeleopDevice> devices = new ArrayList<>();
    for (TeleopDeviceConfig d : config.devices()) {
      try {
        devices.add(viewer.connect(d, spec.action()));
      } catch (IllegalArgumentException e) {
        throw new SetupException("devices: " + d.deviceName() + ": " + e.getMessage(), e);
      }
    }
    return devices;
  }

  /** A resource whose closing throws nothing checked. */
  private interface Closing extends AutoCloseable {
    @Override
    void close();
  }

  /** Devices that hold a resource of their own (a ROS 2 joystick's DDS participant) let it go. */
  private static void closeDevices(List<TeleopDevice> devices) {
    for (TeleopDevice d : devices) {
      if (d instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          org.slf4j.LoggerFactory.getLogger(LiveSession.class)
              .warn("closing {} failed: {}", d.name(), e.toString());
        }
      }
    }
  }

  private OperatorBridge bridge(Viewer viewer, EnvironmentSpec spec, Path output) {
    return new OperatorBridge(
        spec.action(),
        () -> CameraFrames.cameraToWorld(viewer.camera()),
        config.language(),
        this::say,
        viewer,
        new OperatorBridge.Commands(
            () -> retrainRequested.set(true),
            () -> quitReason.compareAndSet(null, "/quit"),
            () -> screenshot(viewer, output),
            () -> markReady(viewer, "/ready"),
            this::holdRobot,
            this::releaseRobot));
  }

  private void bindRetrainKey(Viewer viewer) {
    String keyName = config.retrainKey().toUpperCase(Locale.ROOT);
    viewer.onKeyPressed(
        config.retrainKeyValue(),
        BindingWords.control(config.retrainKey()) + ": retrain after this episode",
        () -> {
          retrainRequested.set(true);
          viewer.update(s -> s.withNotice("retraining after this episode"));
          say("retraining after this episode (" + keyName + ")");
        });
  }

  /** On a robot, the key that says the scene is reset. */
  private void bindReadyKey(Viewer viewer) {
    if (robot) {
      viewer.onKeyPressed(
          config.readyKeyValue(),
          config.readyKey().toUpperCase(Locale.ROOT) + ": SCENE READY",
          () -> markReady(viewer, config.readyKey().toUpperCase(Locale.ROOT)));
    }
  }

  /** The scene objects (links) the live environment's joint moves, to draw its limit warning. */
  private List<String> linksMovedBy(String joint) {
    Environment e = liveEnvironment.get();
    if (e instanceof SimEnvironment sim) {
      return sim.linksMovedBy(joint);
    }
    if (e instanceof Ros2Robot r) {
      return r.linksMovedBy(joint);
    }
    return List.of();
  }

  /** A robot's bridge holds its posture too while the operator's e-stop holds. */
  private void holdRobot() {
    if (liveEnvironment.get() instanceof Ros2Robot r) {
      r.estop();
    }
  }

  /**
   * Asks a robot's bridge to release its own hold (the operator's e-stop, the e-stop topic, the
   * watchdog); false when no robot runs.
   */
  private boolean releaseRobot() {
    if (liveEnvironment.get() instanceof Ros2Robot r) {
      r.resume();
      return true;
    }
    return false;
  }

  private void markReady(Viewer viewer, String by) {
    if (!robot) {
      say("ready (" + by + "): a simulated task resets itself, nothing to wait for");
      return;
    }
    ready.set(true);
    say("scene ready (" + by + ")");
    viewer.update(s -> s.withNotice(""));
  }

  /**
   * A robot is not reset by a seed: waits until the operator has reset the scene and says so (the
   * ready key or {@code /ready}); returns why the session stops instead, or null when ready.
   */
  private String awaitReady(Viewer viewer, long deadline) {
    ready.set(false);
    Ros2Robot robotEnv = liveEnvironment.get() instanceof Ros2Robot r ? r : null;
    if (robotEnv != null) {
      robotEnv.takeReady(); // a word from during the episode is not this reset's
    }
    String ask =
        "episode "
            + (episode + 1)
            + ": reset the scene, then press "
            + config.readyKey().toUpperCase(Locale.ROOT)
            + " (or type /ready"
            + (robotEnv != null ? ", or publish true on " + robotEnv.readyTopic() : "")
            + ")";
    say(ask);
    show(viewer, ControlMode.IDLE, ask);
    bridge.idle("waiting for the operator to reset the scene");
    while (!ready.get()) {
      if (robotEnv != null && robotEnv.takeReady()) {
        markReady(viewer, robotEnv.readyTopic());
        continue;
      }
      String why = stopReason(viewer, deadline);
      if (why != null) {
        return why;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }
    return null;
  }

  private void greet(
      EnvironmentSpec spec, double rateHz, Path dataDir, List<TeleopDevice> devices) {
    say(
        String.format(
            Locale.ROOT,
            "session: %s at %.1f Hz, policy %s, recording to %s",
            config.task().taskName(),
            rateHz,
            version,
            dataDir));
    say(
        "hold a device's deadman to drive ("
            + String.join(", ", devices.stream().map(TeleopDevice::name).toList())
            + "), release to hand back; type a correction in the viewer or here;"
            + " "
            + config.retrainKey().toUpperCase(Locale.ROOT)
            + " or /retrain retrains after the episode; Esc in the viewer (or /estop) stops the"
            + " robot, F12 (or /resume) resumes; F1 or 'help' shows the keys; /screenshot, /quit"
            + (robot
                ? "; before each episode reset the scene and press "
                    + config.readyKey().toUpperCase(Locale.ROOT)
                    + " (or /ready)"
                : ""));
  }

  /**
   * The dataset, recording at the rate the session runs (ticks per second of wall time), which is
   * what its steps' timestamps show; a dataset recorded at another rate is refused.
   */
  private EpisodeStore openStore(Path dataDir, EnvironmentSpec spec, double rateHz) {
    EpisodeStore store;
    try {
      store =
          EpisodeStore.openOrCreate(
              dataDir, DatasetSpec.of(spec.withControlRateHz(rateHz)), StoreOptions.defaults());
    } catch (RuntimeException e) {
      throw new SetupException(
          "output: cannot record to " + dataDir + ": " + e.getMessage().replace('\n', ' '), e);
    }
    double recorded = store.spec().environment().controlRateHz();
    if (Math.abs(recorded - rateHz) > 1e-9) {
      store.close();
      throw new SetupException(
          "rateHz: "
              + dataDir
              + " records episodes at "
              + rateText(recorded)
              + " Hz and this session runs at "
              + rateText(rateHz)
              + " Hz; set rateHz: "
              + rateText(recorded)
              + " or record to another output");
    }
    return store;
  }

  private void recordDemosIfNone(EpisodeStore store, Viewer viewer, EnvironmentSpec spec) {
    boolean haveDemos =
        store.episodes().stream()
            .map(EpisodeSummary::meta)
            .flatMap(Optional::stream)
            .anyMatch(m -> "demo".equals(m.tags().get("phase")));
    if (haveDemos || config.demos() == 0) {
      return;
    }
    say("recording " + config.demos() + " scripted demos of " + config.task().taskName());
    show(viewer, ControlMode.IDLE, "recording " + config.demos() + " scripted demos");
    try (Environment env = config.task().create()) {
      if (env.oracle().isEmpty()) {
        say(config.task().taskName() + " has no scripted expert: no demos");
        return;
      }
      for (int i = 0; i < config.demos(); i++) {
        Map<String, String> tags = new TreeMap<>();
        tags.put("phase", "demo");
        tags.put("index", Integer.toString(i));
        tags.put("task", config.task().taskName());
        // scripted demos run as fast as the simulation goes: at the task's rate of simulated time
        tags.put("rateHz", rateText(spec.controlRateHz()));
        Demonstrations.record(env, store, 1_000_000L + config.seed() * 1000 + i, tags, clock);
      }
    }
  }

  private PolicyRegistry startingRegistry(
      Path output, EpisodeStore store, EnvironmentSpec spec, DjlRuntime djl, Viewer viewer) {
    if (!config.policy().isEmpty()) {
      return givenRegistry(spec);
    }
    PolicyRegistry registry = new PolicyRegistry(output.resolve("policies"));
    BcConfig bc = Training.config(config.training(), config.weighting(), config.seed());
    List<Long> demoIds =
        store.episodes().stream()
            .filter(e -> e.meta().map(m -> "demo".equals(m.tags().get("phase"))).orElse(false))
            .map(EpisodeSummary::id)
            .filter(store.readableEpisodeIds()::contains)
            .toList();
    if (demoIds.isEmpty()) {
      throw new SetupException(
          "demos: no demonstrations to train the starting policy on ("
              + config.task().taskName()
              + " has no scripted expert); set policy: <registry directory>");
    }
    // the banner says TRAINING (and the bridge refuses input) before the terminal says so
    bridge.idle("the starting policy is training");
    show(viewer, ControlMode.TRAINING, "training the starting policy on the demos");
    say(
        "no policy registry in the config: training BC on the scripted demos ("
            + bc.train().steps()
            + " steps) to start with");
    InterventionDataset data =
        Training.dataset(store, demoIds, config.segmenter(), config.weighting(), config.memory());
    TrainingResult r =
        Training.train(
            djl, data, spec, bc, Map.of("teleop.what", "starting policy: BC on the demos"));
    PolicyVersion v = registry.publish(r.checkpoint());
    lastTrainingSeconds = r.seconds();
    say(
        String.format(
            Locale.ROOT, "trained %s on %d demos (%.1f s)", v, demoIds.size(), r.seconds()));
    bridge.idle("the session is starting");
    show(viewer, ControlMode.IDLE, "");
    return registry;
  }

  private PolicyRegistry givenRegistry(EnvironmentSpec spec) {
    Path dir = Path.of(config.policy());
    Long pick = null;
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(.+):v?(\\d{1,9})").matcher(config.policy());
    if (!Files.isDirectory(dir) && m.matches()) {
      dir = Path.of(m.group(1));
      pick = Long.parseLong(m.group(2));
    }
    if (!Files.isDirectory(dir)) {
      throw new SetupException(
          "policy: " + dir + " is not a policy registry directory (train one with tandem train)");
    }
    PolicyRegistry registry = new PolicyRegistry(dir);
    if (registry.current().isEmpty()) {
      throw new SetupException(
          "policy: the registry "
              + dir
              + " has no published version (train one with tandem train, or leave policy"
              + " empty to start from scripted demos)");
    }
    if (pick != null) {
      try {
        PolicyVersion v = registry.rollbackTo(pick);
        say("deploying " + v + " of " + dir + " (now its current version)");
      } catch (RuntimeException e) {
        throw new SetupException(
            "policy: " + dir + " has no usable version " + pick + ": " + e.getMessage(), e);
      }
    }
    try {
      registry.loadCurrent().checkpoint().features().requireCompatible(spec, "policy " + dir);
    } catch (RuntimeException e) {
      throw new SetupException("policy: " + e.getMessage(), e);
    }
    say("starting from " + registry.current().get() + " of " + dir);
    return registry;
  }

  /** The actors of a running session; closing stops them. */
  private record Actors(
      ActorSystem<SpawnProtocol.Command> system,
      ActorRef<RecorderActor.Command> tap,
      ActorRef<ArbiterActor.Command> arbiter,
      ActorRef<LearnerActor.Command> learner)
      implements AutoCloseable {

    /** Waits until everything recorded so far is on disk and the tap's listener heard it. */
    void flush() {
      AskPattern.<RecorderActor.Command, RecorderActor.Flushed>ask(
              tap, RecorderActor.Flush::new, ASK_TIMEOUT, system.scheduler())
          .toCompletableFuture()
          .join();
    }

    @Override
    public void close() {
      system.terminate();
      try {
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // stopping anyway
      }
    }
  }

  private Actors startActors(
      EnvironmentSpec spec,
      EpisodeStore store,
      PolicyRegistry registry,
      DjlRuntime djl,
      Viewer viewer,
      TeleopSession teleop) {
    InferencePolicy initial =
        InferencePolicy.start(djl, registry.load(version), spec, InferenceConfig.defaults());
    ActorSystem<SpawnProtocol.Command> system =
        ActorSystem.create(SpawnProtocol.create(), "tandem-teleop");
    try {
      var recorder =
          spawn(system, RecorderActor.create(store), "recorder", "tandem.recorder-dispatcher");
      var tap =
          spawn(
              system,
              StepTap.create(recorder, new Screen(viewer, teleop, bridge, spec)),
              "tap",
              null);
      var env =
          spawn(
              system,
              EnvironmentActor.create(
                  () -> {
                    Environment raw = config.task().create();
                    liveEnvironment.set(raw);
                    return new HoldInPlace(new SceneTap(raw, scene -> showScene(viewer, scene)));
                  }),
              "environment",
              "tandem.environment-dispatcher");
      var policy =
          spawn(
              system,
              PolicyActor.create(
                  initial,
                  v ->
                      InferencePolicy.start(
                          djl, registry.load(v), spec, InferenceConfig.defaults())),
              "policy",
              "tandem.policy-dispatcher");
      var learner =
          spawn(
              system,
              LearnerActor.create(learnerSetup(djl, store, registry, spec)),
              "learner",
              "tandem.learner-dispatcher");
      learner.tell(new LearnerActor.Subscribe(policy));
      var wiring =
          new ArbiterActor.Wiring(
              "teleop", spec, env, policy, Optional.empty(), tap, "operator", false);
      var arbiter = spawn(system, ArbiterActor.create(wiring, clock), "arbiter", null);
      return new Actors(system, tap, arbiter, learner);
    } catch (RuntimeException e) {
      new Actors(system, null, null, null).close();
      throw e;
    }
  }

  /** The scene after a reset or step, to the viewer and the web console. */
  private void showScene(Viewer viewer, dev.tandem.core.scene.SceneDescription scene) {
    viewer.show(scene);
    WebRobot w = web;
    if (w != null) {
      w.scene(scene);
    }
  }

  private LearnerActor.Setup learnerSetup(
      DjlRuntime djl, EpisodeStore store, PolicyRegistry registry, EnvironmentSpec spec) {
    return new LearnerActor.Setup(
        djl,
        store,
        registry,
        spec,
        config.segmenter(),
        config.weighting(),
        config.memory(),
        config.training());
  }

  // ------------------------------------------------------------------ the loop

  private ArbiterActor.EpisodeDone runEpisode(
      Actors actors, long seed, Map<String, String> tags, Viewer viewer, long deadline) {
    CompletableFuture<ArbiterActor.EpisodeDone> f =
        AskPattern.<ArbiterActor.Command, ArbiterActor.EpisodeDone>ask(
                actors.arbiter(),
                replyTo -> new ArbiterActor.RunEpisode(seed, tags, replyTo),
                Duration.ofDays(1),
                actors.system().scheduler())
            .toCompletableFuture();
    boolean endSent = false;
    while (true) {
      try {
        return f.get(50, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        String why = stopReason(viewer, deadline);
        if (why != null && !endSent) {
          actors.arbiter().tell(new ArbiterActor.EndEpisode(why));
          endSent = true;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        actors.arbiter().tell(new ArbiterActor.EndEpisode("interrupted"));
        return f.orTimeout(10, TimeUnit.SECONDS).join();
      } catch (ExecutionException e) {
        throw new IllegalStateException("episode " + episode + " failed: " + e.getCause(), e);
      }
    }
  }

  private String stopReason(Viewer viewer, long deadline) {
    String q = quitReason.get();
    if (q != null) {
      return "operator quit (" + q + ")";
    }
    if (!viewer.isOpen()) {
      return "viewer closed";
    }
    if (System.nanoTime() > deadline) {
      return "time limit (--seconds)";
    }
    return null;
  }

  /**
   * What the recording shows the operator (on the tap's thread, in recording order): the banner
   * follows who drove each step (STOPPED while an emergency stop holds the robot), the timeline
   * strip gets a mark per step, the bridge learns when an episode runs, a new episode clears the
   * last correction, and how each one ended stays on the screen.
   */
  private final class Screen implements StepTap.Listener {
    private final Viewer viewer;
    private final TeleopSession teleop;
    private final OperatorBridge bridge;
    private final EnvironmentSpec spec;
    private final List<String> stateNames;
    private int steps;

    Screen(Viewer viewer, TeleopSession teleop, OperatorBridge bridge, EnvironmentSpec spec) {
      this.viewer = viewer;
      this.teleop = teleop;
      this.bridge = bridge;
      this.spec = spec;
      this.stateNames =
          spec.observationFeatures().stream()
              .filter(f -> f.key().equals(FeatureSpec.STATE))
              .findFirst()
              .map(FeatureSpec::names)
              .orElse(List.of());
    }

    @Override
    public void began(EpisodeMeta meta) {
      steps = 0;
      int ep = episode;
      int rnd = round;
      String v = meta.policyVersion();
      ControlMode mode = bridge.stopped() ? ControlMode.STOPPED : ControlMode.AUTONOMOUS;
      int limit = spec.maxEpisodeSteps();
      viewer.update(
          s ->
              s.withMode(mode)
                  .withProgress(ep, rnd, 0, v)
                  .withCorrection("", "", null)
                  .withCorrectionHorizon(0, 1.0)
                  .withTimeline(s.timeline().begin(limit)));
      bridge.episodeBegan();
      if (web != null) {
        web.began(meta);
      }
    }

    @Override
    public void ended(EpisodeOutcome outcome) {
      bridge.idle("between episodes");
      String why =
          outcome.detail().isEmpty()
              ? outcome.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ')
              : outcome.detail();
      String text = "episode " + episode + " ended after " + steps + " steps: " + why;
      Timeline.Outcome o = new Timeline.Outcome(episode, outcome.success(), why);
      viewer.update(
          s ->
              s.withMode(ControlMode.IDLE).withLastEpisode(text).withTimeline(s.timeline().end(o)));
      if (web != null) {
        web.ended(outcome);
      }
    }

    @Override
    public void recorded(Step s) {
      if (web != null) {
        web.recorded(s);
      }
      steps++;
      teleop.followApplied(s.applied());
      if (s.interventionId() >= 0) {
        interventions = Math.max(interventions, s.interventionId() + 1);
      }
      ControlMode mode = ControlMode.of(s.source());
      Timeline.Mark mark =
          switch (s.source()) {
            case HUMAN -> Timeline.Mark.HUMAN;
            case CORRECTED -> Timeline.Mark.CORRECTED;
            case STOPPED -> Timeline.Mark.STOPPED;
            default -> Timeline.Mark.POLICY;
          };
      // a policy step applied otherwise than proposed: the safety filter changed it
      boolean safety = s.source() == ControlSource.POLICY && differ(s.applied(), s.proposed());
      boolean corrected = !s.language().isEmpty();
      double[] ee = eePosition(s, spec);
      double[] proposed = translation(s.proposed());
      double[] applied = translation(s.applied());
      double gripper = stateValue(s, spec, "gripper.width");
      JointLimitWarning.Near joints =
          JointLimitWarning.of(spec.robot().joints(), stateNames, s.observation().state());
      List<String> warned = joints.joint().isEmpty() ? List.of() : linksMovedBy(joints.joint());
      int count = interventions;
      viewer.showCameras(s.observation().images()); // what the policy saw for this step
      viewer.update(
          st ->
              st.withMode(mode)
                  .withProgress(st.episode(), st.round(), count, st.policyVersion())
                  .withMotion(ee, proposed, applied)
                  .withGripperWidthMeters(gripper)
                  .withJointWarning(joints.text(), warned)
                  .withCorrectionHorizon(
                      s.source() == ControlSource.CORRECTED
                          ? st.correctionStepsLeft() - 1
                          : st.correctionStepsLeft(),
                      st.speedFactor())
                  .withTimeline(st.timeline().append(mark, corrected, safety)));
      if (s.source() != lastSource) {
        if (lastSource != null) {
          say(
              "episode "
                  + episode
                  + ", step "
                  + s.index()
                  + ": control "
                  + lastSource
                  + " -> "
                  + s.source()
                  + (s.interventionId() >= 0 ? " (intervention " + s.interventionId() + ")" : ""));
        }
        lastSource = s.source();
      }
    }
  }

  /** Whether two actions differ by more than rounding (1e-4 action units in some element). */
  private static boolean differ(Action a, Action b) {
    if (a.dim() != b.dim()) {
      return true;
    }
    for (int i = 0; i < a.dim(); i++) {
      if (Math.abs(a.get(i) - b.get(i)) > 1e-4) {
        return true;
      }
    }
    return false;
  }

  private static double[] translation(Action a) {
    if (a == null || a.dim() < 3) {
      return null;
    }
    return new double[] {a.get(0), a.get(1), a.get(2)};
  }

  private static double[] eePosition(Step s, EnvironmentSpec spec) {
    double x = stateValue(s, spec, "ee.x");
    return Double.isNaN(x)
        ? null
        : new double[] {x, stateValue(s, spec, "ee.y"), stateValue(s, spec, "ee.z")};
  }

  /** The state element called {@code name}, NaN when the state has none. */
  private static double stateValue(Step s, EnvironmentSpec spec, String name) {
    for (FeatureSpec f : spec.observationFeatures()) {
      if (f.key().equals(FeatureSpec.STATE)) {
        int i = f.names().indexOf(name);
        float[] state = s.observation().state();
        if (i >= 0 && state != null && i < state.length) {
          return state[i];
        }
      }
    }
    return Double.NaN;
  }

  /**
   * Retrains through the learner on everything recorded; the learner publishes the version and the
   * policy actor deploys it before the next episode starts (the deploy is sent before the learner's
   * answer). Meanwhile the banner says RETRAINING and the operator is told that nothing can be
   * driven; afterwards the terminal says how the viewer kept up.
   */
  private boolean retrain(Actors actors, EpisodeStore store, Viewer viewer) {
    try {
      actors.flush();
      List<Long> ids = store.readableEpisodeIds();
      String scheme = config.weighting().getClass().getSimpleName();
      say("retraining on " + ids.size() + " episodes (" + scheme + ")");
      bridge.idle("the policy is retraining");
      show(
          viewer,
          ControlMode.RETRAINING,
          "retraining on " + ids.size() + " episodes (" + scheme + ")");
      viewer.takeTiming();
      Map<String, String> info = new TreeMap<>();
      info.put("teleop.what", "retrained after episode " + episode);
      info.put("teleop.episodes", Integer.toString(ids.size()));
      CompletableFuture<LearnerActor.Trained> asked =
          AskPattern.<LearnerActor.Command, LearnerActor.Trained>ask(
                  actors.learner(),
                  replyTo ->
                      new LearnerActor.Retrain(ids, config.seed() + round + 1, info, replyTo),
                  TRAIN_TIMEOUT,
                  actors.system().scheduler())
              .toCompletableFuture();
      LearnerActor.Trained trained = awaitTraining(asked, viewer);
      say("viewer while retraining: " + viewer.takeTiming());
      return retrained(trained, viewer);
    } catch (RuntimeException e) {
      say("retraining failed, keeping " + version + ": " + e);
      show(viewer, ControlMode.IDLE, "retraining failed, keeping " + version);
      return false;
    } finally {
      bridge.idle("between episodes");
    }
  }

  /**
   * The learner's answer; meanwhile the timeline strip shows how far the retraining has come,
   * estimated from how long the last training took (the data grows a little each round).
   */
  private LearnerActor.Trained awaitTraining(
      CompletableFuture<LearnerActor.Trained> asked, Viewer viewer) {
    long start = System.nanoTime();
    try {
      while (true) {
        try {
          LearnerActor.Trained t = asked.get(250, TimeUnit.MILLISECONDS);
          if (t.ok()) {
            lastTrainingSeconds = t.trainSeconds();
          }
          return t;
        } catch (TimeoutException e) {
          double expected = lastTrainingSeconds;
          double fraction = Math.min(0.99, (System.nanoTime() - start) / 1e9 / expected);
          if (Double.isFinite(fraction)) {
            viewer.update(s -> s.withTrainingFraction(fraction));
          }
        } catch (ExecutionException e) {
          throw new IllegalStateException(String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while retraining", e);
        }
      }
    } finally {
      viewer.update(s -> s.withTrainingFraction(Double.NaN));
    }
  }

  private boolean retrained(LearnerActor.Trained trained, Viewer viewer) {
    if (!trained.ok()) {
      say("retraining failed, keeping " + version + ": " + trained.error());
      show(viewer, ControlMode.IDLE, "retraining failed, keeping " + version);
      return false;
    }
    PolicyVersion previous = version;
    PolicyVersion next = trained.version();
    version = next;
    round++;
    if (web != null) {
      web.retrained(round);
    }
    int ep = episode;
    int rnd = round;
    String v = next.toString();
    viewer.update(s -> s.withMode(ControlMode.IDLE).withProgress(ep, rnd, 0, v).withNotice(""));
    say(
        String.format(
            Locale.ROOT,
            "retrained: %s -> %s on %s (%.1f s); serving %s",
            previous,
            next,
            trained.classCounts(),
            trained.trainSeconds(),
            next));
    return true;
  }

  // ------------------------------------------------------------------ helpers

  private static void show(Viewer viewer, ControlMode mode, String notice) {
    viewer.update(s -> s.withMode(mode).withNotice(notice));
  }

  /** E.g. "TERMINATED (object fell off the table)". */
  private static String describe(EpisodeOutcome outcome) {
    return outcome.reason() + (outcome.detail().isEmpty() ? "" : " (" + outcome.detail() + ")");
  }

  private static String rateText(double hz) {
    return BigDecimal.valueOf(hz).stripTrailingZeros().toPlainString();
  }

  private void screenshot(Viewer viewer, Path output) {
    Path file =
        output
            .resolve("screenshots")
            .resolve(
                String.format(
                    Locale.ROOT, "episode%d-%02d.png", episode, screenshots.incrementAndGet()));
    viewer
        .screenshot()
        .whenComplete(
            (image, error) -> {
              if (error != null) {
                say("screenshot failed: " + error.getMessage());
                return;
              }
              try {
                Files.createDirectories(file.getParent());
                ImageFiles.writePng(image, file);
                say("screenshot saved: " + file);
              } catch (IOException | RuntimeException e) {
                say("screenshot failed: " + e);
              }
            });
  }

  private void startTerminalReader(OperatorBridge bridge) {
    if (!config.terminalCorrections() || terminal == null) {
      return;
    }
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(terminal, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  bridge.text(line, "terminal");
                }
              } catch (IOException e) {
                // the terminal went away: corrections still come from the viewer
              }
            },
            "tandem-teleop-terminal");
    t.setDaemon(true);
    t.start();
  }

  /** A line on the terminal, stamped with the wall-clock time: "[07:31:02.418] episode 3 ...". */
  private void say(String line) {
    if (out != null) {
      String stamp = LocalTime.ofInstant(clock.instant(), clock.getZone()).format(STAMP);
      synchronized (out) {
        out.println("[" + stamp + "] " + line);
        out.flush();
      }
    }
  }

  private static <T> ActorRef<T> spawn(
      ActorSystem<SpawnProtocol.Command> system, Behavior<T> b, String name, String dispatcher) {
    return RolloutPool.spawnIn(system, b, name, dispatcher);
  }
}
