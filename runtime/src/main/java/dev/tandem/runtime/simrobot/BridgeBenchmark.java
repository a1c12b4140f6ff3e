package dev.tandem.runtime.simrobot;

import dev.tandem.bridge.Ros2PoseReader;
import dev.tandem.bridge.Ros2Robot;
import dev.tandem.bridge.Ros2RobotConfig;
import dev.tandem.bridge.fake.FakeRobot;
import dev.tandem.core.config.ConfigLoader;
import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import dev.tandem.core.env.Environment;
import dev.tandem.core.env.Transition;
import dev.tandem.core.scene.Pose;
import dev.tandem.runtime.actors.Ticker;
import dev.tandem.sim.config.TaskConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code tandem bench bridge}: the ROS 2 bridge's latency and tick jitter against the C fake robot,
 * and a Reach policy's success through {@code sim-robot} over DDS against the same policy in
 * process.
 *
 * <p>The policy is a proportional controller on end-effector deltas ({@code a = (goal - ee) /
 * maxEeStepMeters}, clipped): microseconds, so the figures are the bridge's (a DJL MLP adds what
 * {@code tandem bench policy} reports). Latency is joint state in (its arrival at the bridge's
 * reader) to command out (written to DDS), with the control loop driven by the robot's joint states
 * ({@link Ros2Robot#awaitObservation}): observation, policy, EE-delta to joint targets through the
 * shared IK, the safety layer, publication. Tick jitter is how late a timer-paced 100 Hz tick
 * starts (the runtime's {@link Ticker#awaitDeadline}), stepping the bridge each tick.
 */
public final class BridgeBenchmark {

  /**
   * What to run.
   *
   * @param ticks ticks measured per rate (after a warm-up of a tenth as many)
   * @param episodes Reach seeds for the success rates (0: skip them)
   * @param reach the Reach task (YAML)
   * @param robot the bridge's config (YAML, e.g. configs/ros2/panda.yaml); every run overrides its
   *     domain id (random), rate and episode length, and loosens the watchdog to 0.5 s so that a
   *     loaded machine measures the bridge rather than trips it
   * @param buildDir where the C fake robot is built
   */
  public record Options(int ticks, int episodes, Path reach, Path robot, Path buildDir) {}

  private static final List<String> JOINTS =
      List.of(
          "panda_joint1",
          "panda_joint2",
          "panda_joint3",
          "panda_joint4",
          "panda_joint5",
          "panda_joint6",
          "panda_joint7");
  private static final String NEUTRAL = "0,0.41,0,-1.85,0,2.26,0.79";
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private BridgeBenchmark() {}

  /**
   * Runs it.
   *
   * @throws FakeRobot.BuildException when the C fake robot cannot be built (gcc or Cyclone DDS
   *     missing)
   */
  public static Map<String, Object> run(Options o) throws InterruptedException {
    FakeRobot.build(o.buildDir());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("load_average_start", loadAverage());
    out.put("cpus", Runtime.getRuntime().availableProcessors());
    double[] l100 = latency(100, o);
    double[] l500 = latency(500, o);
    out.put("latency_ms_p50", l100[0]);
    out.put("latency_ms_p99", l100[1]);
    out.put("latency_ms_p50_500hz", l500[0]);
    out.put("latency_ms_p99_500hz", l500[1]);
    out.put("tick_jitter_ms_p99", jitter(100, o));
    if (o.episodes() > 0) {
      out.put("in_process_success_rate", inProcess(o));
      out.put("sim_robot_success_rate", overSimRobot(o));
      out.put("success_episodes", o.episodes());
    }
    out.put("load_average_end", loadAverage());
    return out;
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static int domain() {
    return ThreadLocalRandom.current().nextInt(1, 230);
  }

  /** The bridge config at {@code rateHz} on {@code domain}, EE deltas at the sim's speed. */
  private static Ros2RobotConfig robotConfig(Options o, int domain, double rateHz, int steps) {
    return ConfigLoader.discover()
        .load(
            o.robot(),
            Ros2RobotConfig.class,
            List.of(
                "domainId=" + domain,
                "interfaceAddress=127.0.0.1",
                "participantLeaseSeconds=3",
                "actionMode=EE_DELTA",
                "commandInterface=POSITION",
                "controlRateHz=" + rateHz,
                "maxEpisodeSteps=" + steps,
                "maxEeStepMeters=" + eeStepMeters(rateHz),
                "safety.staleAfterSeconds=0.5"));
  }

  /**
   * Goals the latency runs alternate between every second (world frame, m: the bridge observes with
   * the base at the sim's (-0.6, 0, 0)).
   */
  private static final double[][] WAYPOINTS = {{-0.1, -0.15, 0.35}, {0, 0.15, 0.25}};

  /** The C fake robot in position mode at {@code rateHz} on domain {@code d}. */
  private static FakeRobot fakeRobot(Options o, int d, double rateHz) {
    return FakeRobot.start(
        o.buildDir(),
        "joints=" + String.join(",", JOINTS),
        "initial=" + NEUTRAL,
        "domain=" + d,
        "mode=position",
        "rate_hz=" + rateHz);
  }

  /** The sim's 5 cm per 25 Hz step: the same end-effector speed at every rate. */
  private static double eeStepMeters(double rateHz) {
    return 0.05 * 25 / rateHz;
  }

  private static double[] latency(double rateHz, Options o) throws InterruptedException {
    int d = domain();
    try (FakeRobot fake = fakeRobot(o, d, rateHz);
        Ros2Robot env = robotConfig(o, d, rateHz, Integer.MAX_VALUE).create()) {
      env.reset(0);
      int warmup = Math.max(10, o.ticks() / 10);
      double[] ms = new double[o.ticks()];
      long last = System.nanoTime();
      double step = eeStepMeters(rateHz);
      for (int i = -warmup; i < o.ticks(); i++) {
        Observation obs = env.awaitObservation(last, SECOND);
        if (obs == null) {
          throw new IllegalStateException("the fake robot sent no joint state for 1 s");
        }
        last = obs.stampNanos();
        double[] goal = WAYPOINTS[(int) ((i + warmup) / rateHz) % 2];
        env.step(towards(obs.state(), 7, goal, step));
        long done = System.nanoTime();
        if (i >= 0) {
          ms[i] = (done - obs.stampNanos()) / 1e6;
        }
      }
      Arrays.sort(ms);
      return new double[] {round(percentile(ms, 0.5)), round(percentile(ms, 0.99))};
    }
  }

  private static double jitter(double rateHz, Options o) throws InterruptedException {
    int d = domain();
    try (FakeRobot fake = fakeRobot(o, d, rateHz);
        Ros2Robot env = robotConfig(o, d, rateHz, Integer.MAX_VALUE).create()) {
      Observation obs = env.reset(0);
      double step = eeStepMeters(rateHz);
      long period = Math.round(1e9 / rateHz);
      int warmup = Math.max(10, o.ticks() / 10);
      double[] late = new double[o.ticks()];
      long next = System.nanoTime() + period;
      for (int i = -warmup; i < o.ticks(); i++) {
        Ticker.awaitDeadline(next);
        long start = System.nanoTime();
        if (i >= 0) {
          late[i] = (start - next) / 1e6;
        }
        double[] goal = WAYPOINTS[(int) ((i + warmup) / rateHz) % 2];
        obs = env.step(towards(obs.state(), 7, goal, step)).observation();
        next += period;
      }
      Arrays.sort(late);
      return round(percentile(late, 0.99));
    }
  }

  /** The proportional Reach policy: EE deltas towards {@code goal}, clipped to [-1, 1]. */
  static Action towards(float[] state, int eeOffset, double[] goal, double maxStepMeters) {
    float[] a = new float[3];
    for (int k = 0; k < 3; k++) {
      double v = (goal[k] - state[eeOffset + k]) / maxStepMeters;
      a[k] = (float) Math.max(-1, Math.min(1, v));
    }
    return new Action(a);
  }

  private static double inProcess(Options o) {
    int successes = 0;
    TaskConfig reach = reach(o);
    try (Environment env = reach.create()) {
      int ee = 7;
      int goal = env.spec().stateSize() - 3; // Reach's state ends with goal.x, goal.y, goal.z
      double step = reach.sim().maxEeStepMeters();
      for (int seed = 0; seed < o.episodes(); seed++) {
        Observation obs = env.reset(seed);
        for (int t = 0; t < reach.sim().maxEpisodeSteps(); t++) {
          float[] s = obs.state();
          Transition tr =
              env.step(towards(s, ee, new double[] {s[goal], s[goal + 1], s[goal + 2]}, step));
          obs = tr.observation();
          if (tr.done()) {
            successes += tr.success() ? 1 : 0;
            break;
          }
        }
      }
    }
    return (double) successes / o.episodes();
  }

  private static double overSimRobot(Options o) throws InterruptedException {
    int d = domain();
    String goalTopic = "/tandem/objects/goal";
    TaskConfig reach = reach(o);
    int steps = reach.sim().maxEpisodeSteps();
    Ros2RobotConfig robot = robotConfig(o, d, reach.sim().controlRateHz(), steps);
    long period = Math.round(1e9 / robot.controlRateHz());
    int successes = 0;
    try (SimRobot sim = SimRobot.start(reach, SimRobot.Options.defaults(d), line -> {});
        Ros2PoseReader poses = new Ros2PoseReader("tandem_bench_poses", robot, List.of(goalTopic));
        Ros2Robot env = robot.create()) {
      for (int seed = 0; seed < o.episodes(); seed++) {
        try {
          sim.reset(seed).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException
            | java.util.concurrent.TimeoutException e) {
          throw new IllegalStateException("sim-robot did not reset: " + e, e);
        }
        // the new episode's goal and posture reach the bridge within a few ticks
        Thread.sleep(3 * period / 1_000_000);
        Observation obs = env.reset(0);
        Pose g =
            poses
                .latest(goalTopic)
                .orElseThrow(() -> new IllegalStateException("no goal pose on " + goalTopic));
        double[] goal = {g.x(), g.y(), g.z()};
        long next = System.nanoTime() + period;
        for (int t = 0; t < steps && !sim.episode().ended(); t++) {
          Ticker.awaitDeadline(next);
          obs = env.step(towards(obs.state(), 7, goal, robot.maxEeStepMeters())).observation();
          next += period;
        }
        // the sim applies a command on its next tick: give the last one its tick
        Thread.sleep(2 * period / 1_000_000);
        SimRobot.Episode e = sim.episode();
        if (e.seed() == seed && e.success() && e.steps() <= steps + 1) {
          successes++;
        }
      }
    }
    return (double) successes / o.episodes();
  }

  private static TaskConfig reach(Options o) {
    if (!(ConfigLoader.discover().load(o.reach(), List.of()) instanceof TaskConfig t)
        || !t.taskName().equals("Reach")) {
      throw new IllegalArgumentException(o.reach() + ": expected a Reach task (type: Reach)");
    }
    return t;
  }

  private static double percentile(double[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
  }

  private static double round(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }

  /** Deletes a build directory the benchmark made. */
  public static void deleteTree(Path dir) throws java.io.IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
