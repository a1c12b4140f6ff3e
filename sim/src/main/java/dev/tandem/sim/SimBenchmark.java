package dev.tandem.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tandem.core.data.Action;
import dev.tandem.core.env.TaskOracle;
import dev.tandem.core.env.Transition;
import dev.tandem.sim.config.CameraConfig;
import dev.tandem.sim.config.SimConfigModule;
import dev.tandem.sim.config.TaskConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures the simulator on one core: for each task, {@code episodes} seeded episodes driven by the
 * scripted expert at 20 Hz control (25 physics steps of 2 ms per action), state only and with one
 * 84x84 camera. Reports, per task, {@code env_steps_per_s} and {@code physics_steps_per_s} (per
 * second of the stepping thread's CPU time, i.e. one core, including reset, the expert and
 * observation building; {@code env_steps_per_s_wall} is the same per wall-clock second, lower when
 * the machine is shared), {@code env_steps_per_s_camera84} (likewise; run with {@code
 * LP_NUM_THREADS=0} so Mesa's software rasterizer works on the stepping thread and the figure is
 * one core's), and {@code expert_success_rate}.
 *
 * <p>Run with {@code java -cp <sim classpath> dev.tandem.sim.SimBenchmark [episodes] [tasks]
 * [nocamera]}; {@link #run} is the entry point for a {@code tandem bench sim} command.
 */
public final class SimBenchmark {

  /** Physics steps per action in the benchmark: 25 x 2 ms = 20 Hz control. */
  public static final int SUBSTEPS = 25;

  /** Environment steps run before timing, to warm up the JIT. */
  static final int WARMUP_STEPS = 3000;

  private SimBenchmark() {}

  /** All four tasks, state-only and with one 84x84 camera. */
  public static Map<String, Object> run(int episodes) {
    return run(episodes, SimConfigModule.TASKS.stream().map(TaskConfig::taskName).toList(), true);
  }

  /**
   * @param episodes timed expert episodes per task (seeds 0..episodes-1)
   * @param tasks task names (Reach, Push, PickAndPlace, PegInsertion)
   * @param camera whether to also measure with one 84x84 camera
   */
  public static Map<String, Object> run(int episodes, List<String> tasks, boolean camera) {
    if (episodes <= 0) {
      throw new IllegalArgumentException("episodes must be positive, found " + episodes);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("episodes", episodes);
    out.put("physics_rate_hz", 500);
    out.put("substeps", SUBSTEPS);
    out.put("control_rate_hz", 500.0 / SUBSTEPS);
    out.put("threads", 1);
    Map<String, Object> results = new LinkedHashMap<>();
    for (String name : tasks) {
      TaskConfig config = config(name);
      config = config.withSim(config.sim().withSubsteps(SUBSTEPS));
      Map<String, Object> r = new LinkedHashMap<>();
      Run state = measure(config, episodes);
      r.put("physics_steps_per_s", round(state.stepsPerSecond() * SUBSTEPS));
      r.put("env_steps_per_s", round(state.stepsPerSecond()));
      r.put("env_steps_per_s_wall", round(state.stepsPerWallSecond()));
      r.put("mean_episode_steps", round(state.steps / (double) episodes));
      r.put("expert_success_rate", state.successes / (double) episodes);
      if (camera) {
        try {
          TaskConfig withCamera =
              config.withSim(config.sim().withCameras(List.of(CameraConfig.front(84, 84))));
          Run cam = measure(withCamera, episodes);
          r.put("env_steps_per_s_camera84", round(cam.stepsPerSecond()));
          r.put("env_steps_per_s_camera84_wall", round(cam.stepsPerWallSecond()));
        } catch (RuntimeException e) {
          r.put("env_steps_per_s_camera84", null);
          r.put("camera_error", e.getMessage());
        }
      }
      results.put(name, r);
    }
    out.put("tasks", results);
    return out;
  }

  /** The default config of a built-in task ({@link SimConfigModule#TASKS}) by name. */
  static TaskConfig config(String name) {
    List<String> names = SimConfigModule.TASKS.stream().map(TaskConfig::taskName).toList();
    return SimConfigModule.TASKS.stream()
        .filter(t -> t.taskName().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown task '" + name + "'; expected one of " + names));
  }

  /** Steps and successes of a timed run, with the stepping thread's CPU time and wall time. */
  private record Run(long steps, int successes, long cpuNanos, long wallNanos) {
    /** Per second of the stepping thread's CPU time: one core, whatever else the machine runs. */
    double stepsPerSecond() {
      return steps / (cpuNanos / 1e9);
    }

    double stepsPerWallSecond() {
      return steps / (wallNanos / 1e9);
    }
  }

  private static Run measure(TaskConfig config, int episodes) {
    try (SimEnvironment env = SimEnvironment.create(config)) {
      TaskOracle oracle = env.oracle().orElseThrow();
      long warm = 0;
      for (int i = 0; warm < WARMUP_STEPS; i++) {
        warm += episode(env, oracle, 1_000_000 + i)[0];
      }
      long steps = 0;
      int successes = 0;
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long cpu0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      for (int seed = 0; seed < episodes; seed++) {
        long[] result = episode(env, oracle, seed);
        steps += result[0];
        successes += (int) result[1];
      }
      long wall = System.nanoTime() - t0;
      long cpu = threads.getCurrentThreadCpuTime() - cpu0;
      return new Run(steps, successes, cpu > 0 ? cpu : wall, wall);
    }
  }

  /** One expert episode: {steps, 1 if it succeeded}. */
  private static long[] episode(SimEnvironment env, TaskOracle oracle, long seed) {
    env.reset(seed);
    long steps = 0;
    Transition t;
    do {
      Action a = oracle.expertAction();
      t = env.step(a);
      steps++;
    } while (!t.done());
    return new long[] {steps, t.success() ? 1 : 0};
  }

  private static double round(double v) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.1f", v));
  }

  /**
   * Prints the figures as one JSON object. Arguments (all optional): episodes per task (default
   * 100), a comma-separated task list (default all four), {@code nocamera} to skip the camera runs.
   */
  public static void main(String[] args) throws Exception {
    int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    List<String> tasks =
        args.length > 1
            ? List.of(args[1].split(","))
            : List.of("Reach", "Push", "PickAndPlace", "PegInsertion");
    boolean camera = !(args.length > 2 && args[2].equals("nocamera"));
    Map<String, Object> result = run(episodes, tasks, camera);
    System.out.println(
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
  }
}
