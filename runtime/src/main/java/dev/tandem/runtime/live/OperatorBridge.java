package dev.tandem.runtime.live;

import dev.tandem.core.data.Action;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.intervention.language.BiasSettings;
import dev.tandem.intervention.language.CameraFrames;
import dev.tandem.intervention.language.CorrectionParser;
import dev.tandem.intervention.language.LanguageCommand;
import dev.tandem.runtime.actors.ArbiterActor;
import dev.tandem.teleop.OperatorEvent;
import dev.tandem.teleop.OperatorListener;
import dev.tandem.teleop.viewer.ControlMode;
import dev.tandem.teleop.viewer.Viewer;
import dev.tandem.teleop.viewer.ViewerStatus.CorrectionReply;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The operator's side of a live session, translated for the arbiter: a takeover, the commands while
 * driving and the hand-back become {@code TakeOver}, {@code HumanAction} and {@code HandBack}; a
 * typed line (in the viewer or on the terminal) is parsed into a {@code Correct} — one not
 * understood is still sent (it goes on the timeline) and is answered with examples; the camera
 * frame of "left" is the viewer's camera as it is when the line is sent. Lines starting with {@code
 * /} are session commands: {@code /retrain}, {@code /screenshot}, {@code /quit}, {@code /ready}
 * (the scene is reset: a robot's next episode may start), {@code /estop}, {@code /resume}. The
 * emergency stop (Esc in the viewer, or {@code /estop}) becomes {@code EmergencyStop} (on a robot
 * the bridge holds its posture too): the robot holds position, the banner says STOPPED, and it
 * stays so across episodes until the operator resumes (F12 or {@code /resume}, {@code Resume}). A
 * stop pressed before the actors are up is kept and sent when they are.
 *
 * <p>Only a running episode can be driven or corrected. While none runs (the starting policy
 * trains, the policy retrains, between episodes) the operator is told so, on the screen and the
 * terminal: a typed correction is answered "not applied" with the reason, and a deadman pressed
 * then is answered "cannot drive now"; held on, it takes over when the next episode starts.
 *
 * <p>Events come from the ticker thread (takeover protocol), the viewer's thread (typed lines), the
 * terminal reader and the recording tap (episode begun or ended); they are handled one at a time
 * and nothing here blocks (actor {@code tell}s, a viewer status update, a line on the terminal).
 */
final class OperatorBridge implements OperatorListener {
  /**
   * What the session does when the operator asks for it. {@code holdRobot} and {@code releaseRobot}
   * reach a robot's bridge (its own hold, beside the arbiter's); {@code releaseRobot} says whether
   * there is a robot to release (a simulation has none).
   */
  record Commands(
      Runnable retrain,
      Runnable quit,
      Runnable screenshot,
      Runnable ready,
      Runnable holdRobot,
      BooleanSupplier releaseRobot) {}

  private final ActionSpec spec;
  private final Supplier<double[][]> cameraToBase;
  private final BiasSettings settings;
  private final Consumer<String> out;
  private final Viewer viewer;
  private final Commands commands;
  private final CorrectionParser parser = new CorrectionParser();
  private ActorRef<ArbiterActor.Command> arbiter;
  private String idleBecause = "the session is starting";
  private String driving;
  private String waiting;
  // whether the claim in driving / waiting is a browser's (--web) rather than the desktop's
  private boolean browserDrives;
  private boolean browserWaits;
  private volatile boolean stopped;

  OperatorBridge(
      ActionSpec spec,
      Supplier<double[][]> cameraToBase,
      BiasSettings settings,
      Consumer<String> out,
      Viewer viewer,
      Commands commands) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.cameraToBase = Objects.requireNonNull(cameraToBase, "cameraToBase");
    this.settings = settings;
    this.out = Objects.requireNonNull(out, "out");
    this.viewer = Objects.requireNonNull(viewer, "viewer");
    this.commands = Objects.requireNonNull(commands, "commands");
  }

  /** The arbiter that runs the episodes, once the actors are up. */
  synchronized void connect(ActorRef<ArbiterActor.Command> arbiter) {
    this.arbiter = Objects.requireNonNull(arbiter, "arbiter");
    if (stopped) {
      arbiter.tell(new ArbiterActor.EmergencyStop("operator (before the session started)"));
    }
  }

  /**
   * No episode runs from now on; {@code why} says what happens instead (e.g. "the policy is
   * retraining"). A person driving when the episode ended keeps the claim for the next one.
   */
  synchronized void idle(String why) {
    idleBecause = Objects.requireNonNull(why, "why");
    if (driving != null) {
      waiting = driving;
      browserWaits = browserDrives;
      driving = null;
    }
  }

  /** Whether an emergency stop holds the robot (until {@link #resume}). */
  boolean stopped() {
    return stopped;
  }

  /**
   * The operator's emergency stop: the arbiter holds the robot in place from the next tick, in this
   * and the next episodes, until {@link #resume}. Shown at once (STOPPED, an alarm).
   */
  synchronized void emergencyStop(String by) {
    stopped = true;
    if (arbiter != null) {
      arbiter.tell(new ArbiterActor.EmergencyStop("operator (" + by + ")"));
    }
    commands.holdRobot().run();
    viewer.update(
        s ->
            s.withMode(ControlMode.STOPPED)
                .withAlarm(
                    "EMERGENCY STOP (" + by + "): holding position; F12 or /resume resumes"));
    say("EMERGENCY STOP (" + by + "): the robot holds position until you resume (F12 or /resume)");
  }

  /**
   * Releases an emergency stop: the policy drives again from the next tick. On a robot the bridge
   * is asked to release its own hold as well (a watchdog or the e-stop topic may hold it without
   * the operator's stop).
   */
  synchronized void resume(String by) {
    boolean robot = commands.releaseRobot().getAsBoolean();
    if (!stopped) {
      say(
          robot
              ? "resume (" + by + "): the robot's bridge releases its own hold if it may"
              : "resume (" + by + "): no emergency stop to release");
      return;
    }
    stopped = false;
    if (arbiter != null) {
      arbiter.tell(new ArbiterActor.Resume("operator (" + by + ")"));
    }
    viewer.update(s -> s.withNotice("resumed (" + by + "): the policy drives again"));
    say("resumed (" + by + "): the policy drives again");
  }

  /** An episode runs from now on: a deadman held meanwhile takes over at once. */
  synchronized void episodeBegan() {
    idleBecause = null;
    if (waiting != null && arbiter != null) {
      String claim = waiting;
      waiting = null;
      takeOver(claim, browserWaits);
      viewer.update(s -> s.withNotice(""));
    }
  }

  @Override
  public synchronized void onEvent(OperatorEvent e) {
    viewer.note(e);
    if (e instanceof OperatorEvent.TakeoverStarted t) {
      if (driving != null && browserDrives) {
        // the desktop deadman takes precedence: the intervention goes on, driven from here
        String browser = driving;
        driving = t.claim();
        browserDrives = false;
        viewer.update(s -> s.withNotice(""));
        say(t.claim() + ": you drive (took over from " + browser + "); release to hand back");
      } else if (idleBecause == null && arbiter != null) {
        takeOver(t.claim(), false);
      } else {
        waiting = t.claim();
        browserWaits = false;
        String why =
            "cannot drive now: " + idleBecause + "; keep holding to drive the next episode";
        viewer.update(s -> s.withNotice(why));
        say(t.claim() + ": " + why);
      }
    } else if (e instanceof OperatorEvent.CommandIssued c) {
      if (driving != null && !browserDrives) {
        arbiter.tell(new ArbiterActor.HumanAction(c.action()));
      }
    } else if (e instanceof OperatorEvent.Released r) {
      if (!(driving != null ? browserDrives : waiting != null && browserWaits)) {
        release(r.reason());
      }
    } else if (e instanceof OperatorEvent.DeviceLost d) {
      say(d.device() + " lost: " + d.reason());
    } else if (e instanceof OperatorEvent.CorrectionTyped t) {
      text(t.text(), "viewer");
    }
  }

  private void takeOver(String claim, boolean browser) {
    driving = claim;
    browserDrives = browser;
    arbiter.tell(new ArbiterActor.TakeOver(claim));
    if (browser) {
      viewer.update(s -> s.withNotice(claim + " drives; your deadman takes over"));
    }
    say(claim + (browser ? " drives from the web console" : ": you drive; release to hand back"));
  }

  /** Whoever drives (or waits to) lets go. */
  private void release(String reason) {
    if (driving != null) {
      driving = null;
      arbiter.tell(new ArbiterActor.HandBack(reason));
      if (browserDrives) {
        viewer.update(s -> s.withNotice(""));
      }
      say("control back to the policy: " + reason);
    } else if (waiting != null) {
      waiting = null;
      viewer.update(s -> s.withNotice(""));
      say("released: " + reason);
    }
  }

  // ------------------------------------------------------------------ the web console (--web)

  /**
   * The web console's side of the session ({@code --web}): a browser drives only while the desktop
   * operator does not (the desktop deadman takes precedence: pressed while a browser drives, it
   * takes the intervention over; a browser that asks while the desktop drives, or waits to, is
   * refused until it lets go and asks again). Corrections go through the same path as typed ones;
   * the e-stop and resume are this bridge's own (the desktop banner shows them, a robot's bridge
   * holds).
   */
  WebRobot.Controls browser() {
    return new WebRobot.Controls() {
      @Override
      public String takeOver(String claim) {
        return browserTakeOver(claim);
      }

      @Override
      public void drive(Action command) {
        browserDrive(command);
      }

      @Override
      public void handBack(String reason) {
        browserHandBack(reason);
      }

      @Override
      public boolean correct(LanguageCommand c, String by) {
        return correction(c, by);
      }

      @Override
      public void emergencyStop(String by) {
        OperatorBridge.this.emergencyStop(by);
      }

      @Override
      public void resume(String by) {
        OperatorBridge.this.resume(by);
      }

      @Override
      public boolean stopped() {
        return OperatorBridge.this.stopped();
      }
    };
  }

  private synchronized String browserTakeOver(String claim) {
    if (driving != null || waiting != null) {
      boolean browser = driving != null ? browserDrives : browserWaits;
      return browser
          ? "another browser drives"
          : "the operator at the desktop viewer drives (the desktop deadman takes precedence)";
    }
    if (idleBecause == null && arbiter != null) {
      takeOver(claim, true);
    } else {
      waiting = claim;
      browserWaits = true;
      say(
          claim
              + ": cannot drive now: "
              + idleBecause
              + "; keep holding to drive the next episode");
    }
    return "";
  }

  private synchronized void browserDrive(Action command) {
    if (driving != null && browserDrives) {
      arbiter.tell(new ArbiterActor.HumanAction(command));
    }
  }

  private synchronized void browserHandBack(String reason) {
    if (driving != null ? browserDrives : waiting != null && browserWaits) {
      release(reason);
    }
  }

  /** A line typed in the viewer or on the terminal. */
  synchronized void text(String line, String from) {
    String text = line.strip();
    if (text.isEmpty()) {
      return;
    }
    if (text.startsWith("/")) {
      command(text.substring(1).strip().toLowerCase(Locale.ROOT));
      return;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.equals("help") || lower.equals("?")) {
      say(
          "help: F1 in the viewer shows the keys of the devices that are connected; commands:"
              + " /retrain, /screenshot, /estop, /resume, /quit; anything else is a correction");
      return;
    }
    correction(
        LanguageCommand.of(
            parser, text, spec, cameraToBase.get(), CameraFrames.topDownTool(), settings),
        from);
  }

  /**
   * A parsed correction (from the viewer, the terminal or a browser): sent to the arbiter and shown
   * with how it was understood; false (and shown as not applied) while nothing runs.
   */
  synchronized boolean correction(LanguageCommand c, String from) {
    if (idleBecause != null || arbiter == null) {
      String why =
          "nothing runs now (" + idleBecause + "); say it again when the next episode runs";
      viewer.update(s -> s.withCorrection(c.text(), why, CorrectionReply.NOT_APPLIED));
      say("not applied (" + from + "): " + why);
      return false;
    }
    arbiter.tell(ArbiterActor.Correct.of(c));
    CorrectionReply reply =
        c.understood() ? CorrectionReply.UNDERSTOOD : CorrectionReply.NOT_UNDERSTOOD;
    viewer.update(
        s ->
            s.withCorrection(c.text(), c.interpretation(), reply)
                .withCorrectionHorizon(c.understood() ? c.horizonSteps() : 0, c.speedFactor()));
    say(
        (c.understood() ? "correction (" + from + "): " : "not understood (" + from + "): ")
            + c.interpretation());
    return true;
  }

  private void command(String name) {
    switch (name) {
      case "retrain" -> {
        commands.retrain().run();
        say("retraining after this episode");
      }
      case "screenshot" -> commands.screenshot().run();
      case "ready" -> commands.ready().run();
      case "estop" -> emergencyStop("/estop");
      case "resume" -> resume("/resume");
      case "quit", "exit" -> {
        say("ending the session after this episode's step in flight");
        commands.quit().run();
      }
      default ->
          say(
              "unknown command '/"
                  + name
                  + "': /retrain (retrain after this episode), /screenshot, /ready (the scene is"
                  + " reset), /estop, /resume or /quit; anything else is a correction, e.g. 'a bit"
                  + " more to the left'");
    }
  }

  private void say(String line) {
    out.accept(line);
  }
}
