package dev.tandem.runtime.live;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.data.EpisodeOutcome;
import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.data.Step;
import dev.tandem.core.scene.SceneDescription;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.intervention.language.BiasSettings;
import dev.tandem.intervention.language.CameraFrames;
import dev.tandem.intervention.language.CorrectionParser;
import dev.tandem.intervention.language.LanguageCommand;
import dev.tandem.runtime.actors.ArbiterActor;
import dev.tandem.teleop.viewer.ControlMode;
import dev.tandem.teleop.viewer.ImageFiles;
import dev.tandem.teleop.viewer.ViewerConfig;
import dev.tandem.web.ConsoleRobot;
import dev.tandem.web.CorrectionReply;
import dev.tandem.web.RobotFrame;
import dev.tandem.web.RobotInfo;
import dev.tandem.web.WebConsole;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One robot of a live session as the web console sees it: the console's takeover, commands,
 * hand-back, typed corrections, emergency stop and resume become the arbiter's {@code TakeOver},
 * {@code HumanAction}, {@code HandBack}, {@code Correct}, {@code EmergencyStop} and {@code Resume};
 * every recorded step (heard from the recording tap) becomes a {@link RobotFrame} with the banner
 * mode and colour of the desktop viewer, the scene the viewer draws, the proposal and the applied
 * action, and the policy's camera images.
 *
 * <p>Called from the console's threads (input), the environment's thread (scenes) and the tap's
 * thread (steps); nothing here blocks.
 */
final class WebRobot implements ConsoleRobot, StepTap.Listener {
  private static final int CAMERA_EVERY_STEPS = 2;
  private static final int RECENT_INPUTS = 16;

  private final RobotInfo info;
  private final EnvironmentSpec spec;
  private final double[][] cameraToBase;
  private final BiasSettings language;
  private final CorrectionParser parser = new CorrectionParser();
  private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
  private final long[] recentSeqs = new long[RECENT_INPUTS];
  private final float[][] recentInputs = new float[RECENT_INPUTS][];
  private volatile Controls controls;
  private volatile WebConsole console;
  private volatile SceneDescription scene;
  private volatile boolean running;
  private volatile int round;
  private volatile String policyVersion = "";
  private int recentCount;

  // the tap's thread only
  private int episode;
  private int interventions;
  private ControlSource lastSource;
  private long lastReportedSeq = -1;

  WebRobot(String id, EnvironmentSpec spec, ViewerConfig viewer, BiasSettings language) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.language = language;
    var camera = viewer.camera();
    this.cameraToBase = CameraFrames.cameraToWorld(camera);
    this.info =
        new RobotInfo(
            id,
            spec.name(),
            spec.action().names(),
            camera.eye(),
            camera.target(),
            camera.fovYDegrees(),
            Arrays.stream(ControlMode.values()).map(Enum::name).toList());
  }

  /**
   * Where the console's input goes: the arbiter itself ({@code tandem serve}), or the live
   * session's operator bridge ({@code --web}), which decides between the desktop and the browser
   * and owns the session's one emergency stop.
   */
  interface Controls {
    /** Starts a takeover for {@code claim}; returns why it is refused, or "" when it is not. */
    String takeOver(String claim);

    /** The driver's latest command (ignored unless the browser drives). */
    void drive(Action command);

    /** The browser's driver let go (or their input stopped arriving). */
    void handBack(String reason);

    /** Sends a parsed correction; false when nothing runs to apply it to. */
    boolean correct(LanguageCommand c, String by);

    void emergencyStop(String by);

    void resume(String by);

    /** Whether an emergency stop holds the robot now. */
    boolean stopped();

    /** The arbiter's own messages, with the stop latch it keeps mirrored here. */
    static Controls of(ActorRef<ArbiterActor.Command> arbiter) {
      return new ArbiterControls(arbiter);
    }
  }

  /** {@code tandem serve}: the browser is the robot's only operator. */
  private static final class ArbiterControls implements Controls {
    private final ActorRef<ArbiterActor.Command> arbiter;
    private volatile boolean stopped;

    ArbiterControls(ActorRef<ArbiterActor.Command> arbiter) {
      this.arbiter = Objects.requireNonNull(arbiter, "arbiter");
    }

    @Override
    public String takeOver(String claim) {
      arbiter.tell(new ArbiterActor.TakeOver(claim));
      return "";
    }

    @Override
    public void drive(Action command) {
      arbiter.tell(new ArbiterActor.HumanAction(command));
    }

    @Override
    public void handBack(String reason) {
      arbiter.tell(new ArbiterActor.HandBack(reason));
    }

    @Override
    public boolean correct(LanguageCommand c, String by) {
      arbiter.tell(ArbiterActor.Correct.of(c));
      return true;
    }

    @Override
    public void emergencyStop(String by) {
      stopped = true;
      arbiter.tell(new ArbiterActor.EmergencyStop(by));
    }

    @Override
    public void resume(String by) {
      stopped = false;
      arbiter.tell(new ArbiterActor.Resume(by));
    }

    @Override
    public boolean stopped() {
      return stopped;
    }
  }

  /** Where the console's input goes, once the actors (or the operator bridge) are up. */
  void connect(Controls controls) {
    this.controls = Objects.requireNonNull(controls, "controls");
  }

  /** Where frames go, once the console is up. */
  void publishTo(WebConsole console) {
    this.console = console;
  }

  /** The scene after each reset and step (from the environment's thread). */
  void scene(SceneDescription s) {
    scene = s;
  }

  /** A new policy version serves from the next episode on. */
  void retrained(int round) {
    this.round = round;
  }

  String id() {
    return info.id();
  }

  int episodes() {
    return episode;
  }

  @Override
  public RobotInfo info() {
    return info;
  }

  // ------------------------------------------------------------------ the console's input

  @Override
  public void takeOver(String claim) {
    Controls c = controls;
    String refused = c == null ? "the robot is not connected yet" : c.takeOver(claim);
    events.add(
        refused.isEmpty()
            ? "takeover by " + claim
            : "takeover by " + claim + " refused: " + refused);
  }

  @Override
  public void drive(double[] command, long seq) {
    float[] v = new float[spec.action().dim()];
    for (int i = 0; i < v.length && i < command.length; i++) {
      v[i] = (float) command[i];
    }
    synchronized (recentSeqs) {
      int i = recentCount++ % RECENT_INPUTS;
      recentSeqs[i] = seq;
      recentInputs[i] = spec.action().clip(v);
    }
    Controls c = controls;
    if (c != null) {
      c.drive(new Action(v));
    }
  }

  @Override
  public void handBack(String reason) {
    Controls c = controls;
    if (c != null) {
      c.handBack(reason);
    }
    events.add("handed back: " + reason);
  }

  @Override
  public CorrectionReply correct(String text, String by) {
    LanguageCommand c =
        LanguageCommand.of(
            parser, text, spec.action(), cameraToBase, CameraFrames.topDownTool(), language);
    Controls to = controls;
    if (!running || to == null || !to.correct(c, by)) {
      return new CorrectionReply(
          c.text(), "nothing runs now; say it again when the next episode runs", false, false);
    }
    events.add("correction by " + by + ": \"" + c.text() + "\" (" + c.interpretation() + ")");
    return new CorrectionReply(c.text(), c.interpretation(), c.understood(), c.understood());
  }

  @Override
  public void emergencyStop(String by) {
    Controls c = controls;
    if (c != null) {
      c.emergencyStop(by);
    }
    events.add("EMERGENCY STOP by " + by);
  }

  @Override
  public void resume(String by) {
    Controls c = controls;
    if (c != null) {
      c.resume(by);
    }
    events.add("resumed by " + by);
  }

  // ------------------------------------------------------------------ the recording

  @Override
  public void began(EpisodeMeta meta) {
    episode++;
    interventions = 0;
    lastSource = null;
    running = true;
    policyVersion = meta.policyVersion();
    events.add("episode " + episode + " started (policy " + meta.policyVersion() + ")");
    // the arbiter's stop latch outlives the episode: the new one starts stopped
    publish(
        controls != null && controls.stopped() ? ControlMode.STOPPED : ControlMode.AUTONOMOUS,
        0,
        null,
        null,
        -1,
        "",
        List.of());
  }

  @Override
  public void recorded(Step s) {
    if (s.interventionId() >= 0) {
      interventions = Math.max(interventions, s.interventionId() + 1);
    }
    if (s.source() != lastSource) {
      if (lastSource != null) {
        events.add("control " + lastSource + " -> " + s.source());
      }
      lastSource = s.source();
    }
    long seq = s.source() == ControlSource.HUMAN ? appliedInput(s.applied()) : -1;
    publish(
        ControlMode.of(s.source()),
        s.index() + 1,
        s.proposed(),
        s.applied(),
        seq,
        "",
        s.index() % CAMERA_EVERY_STEPS == 0 ? cameras(s.observation().images()) : List.of());
  }

  @Override
  public void ended(EpisodeOutcome outcome) {
    running = false;
    String why =
        outcome.detail().isEmpty()
            ? outcome.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ')
            : outcome.detail();
    events.add("episode " + episode + " ended: " + why);
    publish(
        ControlMode.IDLE, -1, null, null, -1, "episode " + episode + " ended: " + why, List.of());
  }

  /** The newest browser input this step applied (once per input), or -1. */
  private long appliedInput(Action applied) {
    synchronized (recentSeqs) {
      for (int k = 1; k <= Math.min(recentCount, RECENT_INPUTS); k++) {
        int i = (recentCount - k) % RECENT_INPUTS;
        if (Arrays.equals(recentInputs[i], applied.values())) {
          if (recentSeqs[i] == lastReportedSeq) {
            return -1;
          }
          lastReportedSeq = recentSeqs[i];
          return recentSeqs[i];
        }
      }
    }
    return -1;
  }

  private int lastStep;

  private void publish(
      ControlMode mode,
      int step,
      Action proposed,
      Action applied,
      long seq,
      String notice,
      List<RobotFrame.CameraImage> cameras) {
    WebConsole c = console;
    if (c == null) {
      return;
    }
    if (step >= 0) {
      lastStep = step;
    }
    List<String> happened = new ArrayList<>();
    for (String e; (e = events.poll()) != null; ) {
      happened.add(e);
    }
    c.publish(
        info.id(),
        new RobotFrame(
            mode.name(),
            mode.rgb(),
            episode,
            round,
            lastStep,
            interventions,
            lastSource == null ? "" : lastSource.name(),
            policyVersion,
            values(proposed),
            values(applied),
            seq,
            String.join("; ", happened),
            notice,
            scene,
            cameras));
  }

  private static double[] values(Action a) {
    if (a == null) {
      return null;
    }
    double[] d = new double[a.dim()];
    for (int i = 0; i < d.length; i++) {
      d[i] = a.get(i);
    }
    return d;
  }

  private static List<RobotFrame.CameraImage> cameras(Map<String, ImageFrame> images) {
    if (images == null || images.isEmpty()) {
      return List.of();
    }
    List<RobotFrame.CameraImage> out = new ArrayList<>();
    images.forEach(
        (name, image) -> {
          if (image.channels() == 3) {
            try {
              out.add(
                  new RobotFrame.CameraImage(
                      name,
                      image.width(),
                      image.height(),
                      Base64.getEncoder().encodeToString(ImageFiles.png(image))));
            } catch (IOException e) {
              // a frame without the image; the next step tries again
            }
          }
        });
    return out;
  }
}
