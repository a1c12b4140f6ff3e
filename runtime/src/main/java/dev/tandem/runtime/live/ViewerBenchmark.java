package dev.tandem.runtime.live;

import dev.tandem.core.data.Action;
import dev.tandem.core.env.TaskOracle;
import dev.tandem.core.env.Transition;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.sim.SimEnvironment;
import dev.tandem.sim.config.PickAndPlaceConfig;
import dev.tandem.sim.task.Workcell;
import dev.tandem.teleop.device.KeyboardConfig;
import dev.tandem.teleop.viewer.ControlMode;
import dev.tandem.teleop.viewer.Timeline;
import dev.tandem.teleop.viewer.Viewer;
import dev.tandem.teleop.viewer.ViewerConfig;
import dev.tandem.teleop.viewer.ViewerStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * How fast the operator's viewer draws while the arm moves ({@code tandem bench viewer}, needs a
 * display: {@code xvfb-run -a tandem bench viewer} on a server): a PickAndPlace simulation driven
 * by its scripted expert at the task's control rate shows its scene in the viewer, with everything
 * the live session draws (depth cues, arrows, the timeline, the overlay). The viewer is made to
 * redraw as fast as it can (its status changes every millisecond, its frame rate cap is 240 Hz), so
 * {@code frames_per_s} is the rate it sustains, not the rate of changes. A trained policy's
 * inference costs tens of microseconds a step and is left out.
 *
 * <p>Figures: {@code frames_per_s}, {@code draw_ms_per_frame} (time to draw a frame, last second),
 * {@code longest_frame_gap_ms}, {@code control_steps_per_s} (the simulation kept its rate), the
 * window size, {@code lp_num_threads} (Mesa's rasterizer threads).
 */
public final class ViewerBenchmark {
  private static final long WARM_UP_MS = 1500;

  private ViewerBenchmark() {}

  /**
   * Runs {@code seconds} (after a warm-up) in a {@code width} x {@code height} window.
   *
   * @throws dev.tandem.render.RenderUnavailableException without a display
   */
  public static Map<String, Object> run(double seconds, int width, int height)
      throws InterruptedException {
    ViewerConfig config =
        new ViewerConfig(
            "Tandem viewer bench", width, height, 240.0, null, null, null, null, null, true);
    AtomicLong steps = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Double> started = new CompletableFuture<>();
    try (Viewer viewer = Viewer.open(config, e -> {})) {
      // the simulation lives on its own thread: it is created, stepped and closed there
      Thread sim = new Thread(() -> simulate(viewer, steps, stop, started), "bench-env");
      sim.setDaemon(true);
      sim.start();
      try {
        double rateHz;
        try {
          rateHz = started.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
          throw new IllegalStateException("bench viewer: the simulation did not start: " + e, e);
        }
        long end = System.nanoTime() + WARM_UP_MS * 1_000_000L;
        churn(viewer, end);
        viewer.takeTiming();
        long stepsBefore = steps.get();
        long start = System.nanoTime();
        churn(viewer, start + (long) (seconds * 1e9));
        Viewer.Timing timing = viewer.takeTiming();
        double elapsed = (System.nanoTime() - start) / 1e9;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "viewer");
        out.put("scene", "PickAndPlace, scripted expert driving at " + rateHz + " Hz");
        out.put("width", width);
        out.put("height", height);
        out.put("seconds", Math.round(elapsed * 10) / 10.0);
        out.put("frames_per_s", Math.round(timing.framesPerSecond() * 10) / 10.0);
        out.put("draw_ms_per_frame", Math.round(viewer.drawMsPerFrame() * 100) / 100.0);
        out.put("longest_frame_gap_ms", Math.round(timing.longestFrameGapMs()));
        out.put("longest_input_gap_ms", Math.round(timing.longestInputGapMs()));
        out.put(
            "control_steps_per_s", Math.round((steps.get() - stepsBefore) / elapsed * 10) / 10.0);
        String rasterThreads = System.getenv("LP_NUM_THREADS");
        out.put("lp_num_threads", rasterThreads == null ? "default" : rasterThreads);
        return out;
      } finally {
        stop.set(true);
        sim.join(10_000);
      }
    }
  }

  /**
   * On the simulation's thread: creates the environment, sets the viewer up for it, tells {@code
   * started} its control rate, then steps it with its expert at that rate until {@code stop}.
   */
  private static void simulate(
      Viewer viewer, AtomicLong steps, AtomicBoolean stop, CompletableFuture<Double> started) {
    try (SimEnvironment env = SimEnvironment.create(PickAndPlaceConfig.defaults())) {
      viewer.connect(KeyboardConfig.defaults(), env.spec().action());
      viewer.setWorkspace(Workcell.WORKSPACE_MIN, Workcell.WORKSPACE_MAX);
      double rateHz = env.spec().controlRateHz();
      int limit = env.spec().maxEpisodeSteps();
      viewer.update(
          ViewerStatus.initial()
              .withMode(ControlMode.AUTONOMOUS)
              .withProgress(1, 0, 0, "bench")
              .withControlRateHz(rateHz)
              .withTimeline(Timeline.empty().begin(limit)));
      Driver driver = new Driver(env, viewer, limit, steps);
      env.reset(1);
      started.complete(rateHz);
      long period = (long) (1e9 / rateHz);
      long next = System.nanoTime();
      while (!stop.get()) {
        driver.step();
        next += period;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        } else {
          next = System.nanoTime(); // late: no burst to catch up
        }
      }
    } catch (RuntimeException | LinkageError e) {
      started.completeExceptionally(e);
      throw e;
    }
  }

  /** Changes the viewer's status every millisecond until {@code end}: every frame is new. */
  private static void churn(Viewer viewer, long end) throws InterruptedException {
    while (System.nanoTime() < end) {
      viewer.update(s -> s.withInterventions(s.interventions()));
      Thread.sleep(1);
    }
  }

  /** Steps the simulation with its expert's action and shows it, as a live session does. */
  private static final class Driver {
    private final SimEnvironment env;
    private final Viewer viewer;
    private final int limit;
    private final AtomicLong steps;
    private final TaskOracle oracle;
    private final int eeIndex;
    private final int gripperIndex;
    private int inEpisode;
    private long seed = 1;

    Driver(SimEnvironment env, Viewer viewer, int limit, AtomicLong steps) {
      this.env = env;
      this.viewer = viewer;
      this.limit = limit;
      this.steps = steps;
      this.oracle = env.oracle().orElseThrow();
      List<String> names =
          env.spec().observationFeatures().stream()
              .filter(f -> f.key().equals(FeatureSpec.STATE))
              .findFirst()
              .orElseThrow()
              .names();
      this.eeIndex = names.indexOf("ee.x");
      this.gripperIndex = names.indexOf("gripper.width");
    }

    void step() {
      Action a = oracle.expertAction();
      Transition t = env.step(a);
      steps.incrementAndGet();
      inEpisode++;
      viewer.show(env.scene());
      float[] state = t.observation().state();
      double[] ee = {state[eeIndex], state[eeIndex + 1], state[eeIndex + 2]};
      double[] d = {a.get(0), a.get(1), a.get(2)};
      viewer.update(
          s ->
              s.withMotion(ee, d, d)
                  .withGripperWidthMeters(state[gripperIndex])
                  .withTimeline(s.timeline().append(Timeline.Mark.POLICY, false, false)));
      if (t.terminated() || t.truncated() || inEpisode >= limit) {
        inEpisode = 0;
        env.reset(++seed);
        boolean success = t.success();
        viewer.update(
            s ->
                s.withTimeline(
                    s.timeline().end(new Timeline.Outcome((int) seed, success, "")).begin(limit)));
      }
    }
  }
}
