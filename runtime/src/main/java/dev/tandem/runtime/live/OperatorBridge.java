package dev.tandem.runtime.live;

import dev.tandem.core.spec.ActionSpec;
import dev.tandem.intervention.language.BiasSettings;
import dev.tandem.intervention.language.CameraFrames;
import dev.tandem.intervention.language.CorrectionParser;
import dev.tandem.intervention.language.LanguageCommand;
import dev.tandem.runtime.actors.ArbiterActor;
import dev.tandem.teleop.OperatorEvent;
import dev.tandem.teleop.OperatorListener;
import dev.tandem.teleop.viewer.Viewer;
import dev.tandem.teleop.viewer.ViewerStatus.CorrectionReply;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The operator's side of a live session, translated for the arbiter: a takeover, the commands while
 * driving and the hand-back become {@code TakeOver}, {@code HumanAction} and {@code HandBack}; a
 * typed line (in the viewer or on the terminal) is parsed into a {@code Correct} — one not
 * understood is still sent (it goes on the timeline) and is answered with examples. Lines starting
 * with {@code /} are session commands: {@code /retrain}, {@code /screenshot}, {@code /quit}, {@code
 * /ready} (the scene is reset: a robot's next episode may start), {@code /estop} and {@code
 * /resume}.
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
  /** What the session does when the operator asks for it. */
  record Commands(
      Runnable retrain,
      Runnable quit,
      Runnable screenshot,
      Runnable ready,
      Runnable estop,
      Runnable resume) {}

  private final ActionSpec spec;
  private final double[][] cameraToBase;
  private final BiasSettings settings;
  private final PrintWriter out;
  private final Viewer viewer;
  private final Commands commands;
  private final CorrectionParser parser = new CorrectionParser();
  private ActorRef<ArbiterActor.Command> arbiter;
  private String idleBecause = "the session is starting";
  private String driving;
  private String waiting;

  OperatorBridge(
      ActionSpec spec,
      double[][] cameraToBase,
      BiasSettings settings,
      PrintWriter out,
      Viewer viewer,
      Commands commands) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.cameraToBase = cameraToBase;
    this.settings = settings;
    this.out = out;
    this.viewer = Objects.requireNonNull(viewer, "viewer");
    this.commands = Objects.requireNonNull(commands, "commands");
  }

  /** The arbiter that runs the episodes, once the actors are up. */
  synchronized void connect(ActorRef<ArbiterActor.Command> arbiter) {
    this.arbiter = Objects.requireNonNull(arbiter, "arbiter");
  }

  /**
   * No episode runs from now on; {@code why} says what happens instead (e.g. "the policy is
   * retraining"). A person driving when the episode ended keeps the claim for the next one.
   */
  synchronized void idle(String why) {
    idleBecause = Objects.requireNonNull(why, "why");
    if (driving != null) {
      waiting = driving;
      driving = null;
    }
  }

  /** An episode runs from now on: a deadman held meanwhile takes over at once. */
  synchronized void episodeBegan() {
    idleBecause = null;
    if (waiting != null && arbiter != null) {
      String claim = waiting;
      waiting = null;
      takeOver(claim);
      viewer.update(s -> s.withNotice(""));
    }
  }

  @Override
  public synchronized void onEvent(OperatorEvent e) {
    viewer.note(e);
    if (e instanceof OperatorEvent.TakeoverStarted t) {
      if (idleBecause == null && arbiter != null) {
        takeOver(t.claim());
      } else {
        waiting = t.claim();
        String why =
            "cannot drive now: " + idleBecause + "; keep holding to drive the next episode";
        viewer.update(s -> s.withNotice(why));
        say(t.claim() + ": " + why);
      }
    } else if (e instanceof OperatorEvent.CommandIssued c) {
      if (driving != null) {
        arbiter.tell(new ArbiterActor.HumanAction(c.action()));
      }
    } else if (e instanceof OperatorEvent.Released r) {
      release(r);
    } else if (e instanceof OperatorEvent.DeviceLost d) {
      say(d.device() + " lost: " + d.reason());
    } else if (e instanceof OperatorEvent.CorrectionTyped t) {
      text(t.text(), "viewer");
    }
  }

  private void takeOver(String claim) {
    driving = claim;
    arbiter.tell(new ArbiterActor.TakeOver(claim));
    say(claim + ": you drive; release to hand back");
  }

  private void release(OperatorEvent.Released r) {
    if (driving != null) {
      driving = null;
      arbiter.tell(new ArbiterActor.HandBack(r.reason()));
      say("control back to the policy: " + r.reason());
    } else if (waiting != null) {
      waiting = null;
      viewer.update(s -> s.withNotice(""));
      say("released: " + r.reason());
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
    LanguageCommand c =
        LanguageCommand.of(parser, text, spec, cameraToBase, CameraFrames.topDownTool(), settings);
    if (idleBecause != null || arbiter == null) {
      String why =
          "nothing runs now (" + idleBecause + "); say it again when the next episode runs";
      viewer.update(s -> s.withCorrection(c.text(), why, CorrectionReply.NOT_APPLIED));
      say("not applied (" + from + "): " + why);
      return;
    }
    arbiter.tell(ArbiterActor.Correct.of(c));
    CorrectionReply reply =
        c.understood() ? CorrectionReply.UNDERSTOOD : CorrectionReply.NOT_UNDERSTOOD;
    viewer.update(s -> s.withCorrection(c.text(), c.interpretation(), reply));
    say(
        (c.understood() ? "correction (" + from + "): " : "not understood (" + from + "): ")
            + c.interpretation());
  }

  private void command(String name) {
    switch (name) {
      case "retrain" -> {
        commands.retrain().run();
        say("retraining after this episode");
      }
      case "screenshot" -> commands.screenshot().run();
      case "ready" -> commands.ready().run();
      case "estop" -> commands.estop().run();
      case "resume" -> commands.resume().run();
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
    if (out != null) {
      out.println(line);
      out.flush();
    }
  }
}
