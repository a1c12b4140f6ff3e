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
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The operator's side of a live session, translated for the arbiter: a takeover, the commands while
 * driving and the hand-back become {@code TakeOver}, {@code HumanAction} and {@code HandBack}; a
 * typed line (in the viewer or on the terminal) is parsed into a {@code Correct} — one not
 * understood is still sent (it goes on the timeline) and is answered with examples. Lines starting
 * with {@code /} are session commands: {@code /retrain}, {@code /quit}.
 *
 * <p>Events come from the ticker thread (takeover protocol), the viewer's thread (typed lines) and
 * the terminal reader; nothing here blocks (actor {@code tell}s, a viewer status update, a line on
 * the terminal).
 */
final class OperatorBridge implements OperatorListener {
  private final ActorRef<ArbiterActor.Command> arbiter;
  private final ActionSpec spec;
  private final double[][] cameraToBase;
  private final BiasSettings settings;
  private final PrintWriter out;
  private final Runnable retrain;
  private final Runnable quit;
  private final Runnable screenshot;
  private final CorrectionParser parser = new CorrectionParser();
  private volatile Viewer viewer;

  OperatorBridge(
      ActorRef<ArbiterActor.Command> arbiter,
      ActionSpec spec,
      double[][] cameraToBase,
      BiasSettings settings,
      PrintWriter out,
      Runnable retrain,
      Runnable quit,
      Runnable screenshot) {
    this.arbiter = Objects.requireNonNull(arbiter, "arbiter");
    this.spec = Objects.requireNonNull(spec, "spec");
    this.cameraToBase = cameraToBase;
    this.settings = settings;
    this.out = out;
    this.retrain = retrain;
    this.quit = quit;
    this.screenshot = screenshot;
  }

  void attach(Viewer v) {
    viewer = v;
  }

  @Override
  public void onEvent(OperatorEvent e) {
    Viewer v = viewer;
    if (v != null) {
      v.note(e);
    }
    if (e instanceof OperatorEvent.TakeoverStarted t) {
      arbiter.tell(new ArbiterActor.TakeOver(t.claim()));
      say(t.claim() + ": you drive; release to hand back");
    } else if (e instanceof OperatorEvent.CommandIssued c) {
      arbiter.tell(new ArbiterActor.HumanAction(c.action()));
    } else if (e instanceof OperatorEvent.Released r) {
      arbiter.tell(new ArbiterActor.HandBack(r.reason()));
      say("control back to the policy: " + r.reason());
    } else if (e instanceof OperatorEvent.DeviceLost d) {
      say(d.device() + " lost: " + d.reason());
    } else if (e instanceof OperatorEvent.CorrectionTyped t) {
      text(t.text(), "viewer");
    }
  }

  /** A line typed in the viewer or on the terminal. */
  void text(String line, String from) {
    String text = line.strip();
    if (text.isEmpty()) {
      return;
    }
    if (text.startsWith("/")) {
      command(text.substring(1).strip().toLowerCase(Locale.ROOT));
      return;
    }
    LanguageCommand c;
    synchronized (parser) {
      c =
          LanguageCommand.of(
              parser, text, spec, cameraToBase, CameraFrames.topDownTool(), settings);
    }
    arbiter.tell(ArbiterActor.Correct.of(c));
    Viewer v = viewer;
    if (v != null) {
      v.update(s -> s.withCorrection(c.text(), c.interpretation(), c.understood()));
    }
    say(
        (c.understood() ? "correction (" + from + "): " : "not understood (" + from + "): ")
            + c.interpretation());
  }

  private void command(String name) {
    switch (name) {
      case "retrain" -> {
        retrain.run();
        say("retraining after this episode");
      }
      case "screenshot" -> screenshot.run();
      case "quit", "exit" -> {
        say("ending the session after this episode's step in flight");
        quit.run();
      }
      default ->
          say(
              "unknown command '/"
                  + name
                  + "': /retrain (retrain after this episode), /screenshot or /quit; anything else is a"
                  + " correction, e.g. 'a bit more to the left'");
    }
  }

  private void say(String line) {
    if (out != null) {
      out.println(line);
      out.flush();
    }
  }
}
