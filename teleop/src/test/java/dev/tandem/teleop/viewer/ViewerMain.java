package dev.tandem.teleop.viewer;

import dev.tandem.core.config.ConfigException;
import dev.tandem.core.config.ConfigLoader;
import dev.tandem.core.data.Action;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.render.RenderUnavailableException;
import dev.tandem.teleop.FixedRateTicker;
import dev.tandem.teleop.OperatorEvent;
import dev.tandem.teleop.TeleopDevice;
import dev.tandem.teleop.TeleopSession;
import dev.tandem.teleop.device.GamepadConfig;
import dev.tandem.teleop.device.KeyboardConfig;
import dev.tandem.teleop.device.SpaceMouseConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * A stand-alone demo of the viewer and the takeover protocol, without a simulation: a scripted
 * "policy" moves a stand-in arm towards a goal; hold Left Ctrl (or a gamepad's left bumper, or a
 * SpaceMouse's left button) to drive it; release to hand back; type a line and press Enter to send
 * a correction (shown, not parsed: parsing lives in the intervention module). Events are printed.
 *
 * <pre>
 * java ... dev.tandem.teleop.viewer.ViewerMain [viewer.yaml] [--seconds N] [--rate-hz 20]
 * </pre>
 *
 * Exit code 2 when no window can be opened (no display): the message says what to do.
 */
public final class ViewerMain {
  private ViewerMain() {}

  public static void main(String[] args) throws Exception {
    ViewerConfig config = ViewerConfig.defaults();
    double seconds = Double.POSITIVE_INFINITY;
    double rateHz = 20;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--rate-hz" -> rateHz = Double.parseDouble(args[++i]);
        default -> {
          try {
            Object loaded = ConfigLoader.discover().load(Path.of(args[i]), List.of());
            if (!(loaded instanceof ViewerConfig v)) {
              System.err.println("tandem viewer: " + args[i] + ": field 'type': expected 'viewer'");
              System.exit(2);
              return;
            }
            config = v;
          } catch (ConfigException e) {
            System.err.println("tandem viewer: " + e.getMessage());
            System.exit(2);
            return;
          }
        }
      }
    }
    int code = run(config, seconds, rateHz);
    System.exit(code);
  }

  static int run(ViewerConfig config, double seconds, double rateHz) throws InterruptedException {
    ActionSpec spec =
        new ActionSpec(
            ActionSpec.ActionMode.EE_DELTA,
            List.of("dx", "dy", "dz", "gripper"),
            new double[] {-1, -1, -1, -1},
            new double[] {1, 1, 1, 1});
    Demo demo = new Demo();
    Viewer viewer;
    try {
      viewer = Viewer.open(config, demo::onEvent);
    } catch (RenderUnavailableException e) {
      System.err.println("tandem viewer: " + e.getMessage());
      return 2;
    }
    try (viewer) {
      demo.viewer = viewer;
      List<TeleopDevice> devices =
          List.of(
              viewer.connect(KeyboardConfig.defaults(), spec),
              viewer.connect(GamepadConfig.defaults(), spec),
              viewer.connect(SpaceMouseConfig.defaults(), spec));
      demo.session = new TeleopSession(devices, demo::onEvent);
      demo.publish();
      long end =
          Double.isInfinite(seconds) ? Long.MAX_VALUE : System.nanoTime() + (long) (seconds * 1e9);
      try (FixedRateTicker ticker = FixedRateTicker.start(rateHz, demo::tick, "demo-ticker")) {
        while (viewer.isOpen() && System.nanoTime() < end) {
          Thread.sleep(50);
        }
      }
    }
    return 0;
  }

  /** A stand-in for the arbiter and the environment. */
  private static final class Demo {
    final double[] ee = {0.3, -0.2, 0.3};
    final double[] goal = {0.5, 0.15, 0.12};
    final double[] cube = {0.5, 0.15, 0.02};
    volatile Viewer viewer;
    TeleopSession session;
    Action human;
    boolean humanDriving;
    int interventions;

    synchronized void onEvent(OperatorEvent e) {
      System.out.println(e);
      Viewer v = viewer;
      if (v == null) {
        return;
      }
      v.note(e);
      if (e instanceof OperatorEvent.TakeoverStarted) {
        humanDriving = true;
        human = null;
        interventions++;
      } else if (e instanceof OperatorEvent.CommandIssued c) {
        human = c.action();
      } else if (e instanceof OperatorEvent.Released) {
        humanDriving = false;
      } else if (e instanceof OperatorEvent.CorrectionTyped t) {
        v.update(
            s ->
                s.withCorrection(
                    t.text(),
                    "received (the demo does not parse)",
                    ViewerStatus.CorrectionReply.UNDERSTOOD));
      }
    }

    void tick(long stamp) {
      session.tick(stamp);
      synchronized (this) {
        double[] proposal = new double[3];
        for (int i = 0; i < 3; i++) {
          proposal[i] = Math.max(-1, Math.min(1, (goal[i] - ee[i]) / 0.05 * 0.3));
        }
        double[] applied =
            humanDriving && human != null
                ? new double[] {human.get(0), human.get(1), human.get(2)}
                : humanDriving ? new double[3] : proposal;
        for (int i = 0; i < 3; i++) {
          ee[i] += applied[i] * 0.05 * 0.2; // slowed down for watching
        }
        ee[2] = Math.max(0.03, Math.min(0.7, ee[2]));
        session.followApplied(
            Action.of((float) applied[0], (float) applied[1], (float) applied[2], 1f));
        double[] eeCopy = ee.clone();
        viewer.show(DemoScene.at(eeCopy, cube, goal));
        viewer.update(
            s ->
                s.withMode(humanDriving ? ControlMode.HUMAN : ControlMode.AUTONOMOUS)
                    .withProgress(1, 1, interventions, "demo")
                    .withMotion(eeCopy, proposal, applied));
      }
    }

    void publish() {
      viewer.show(DemoScene.at(ee.clone(), cube, goal));
    }
  }
}
