package dev.tandem.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tandem.core.data.Action;
import dev.tandem.core.env.TaskOracle;
import dev.tandem.core.env.Transition;
import dev.tandem.sim.config.CameraConfig;
import dev.tandem.sim.config.PegInsertionConfig;
import dev.tandem.sim.config.PickAndPlaceConfig;
import dev.tandem.sim.config.PushConfig;
import dev.tandem.sim.config.ReachConfig;
import dev.tandem.sim.config.TaskConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures the simulator on one core: for each task, {@code episodes} seeded episodes driven by the
 * scripted expert at 20 Hz control (25 physics steps of 2 ms per action), state only and with one
 * 84x84 camera. Reports, per task, {@code env_steps_per_s} and {@code physics_steps_per_s} (wall
 * clock, including reset, the expert and observation building), {@code env_steps_per_s_camera84},
 * and {@code expert_success_rate}.
 *
 * <p>Run: {@code ./mvnw -q -pl sim -am exec:java} is not wired; use {@code java -cp ...
 * dev.tandem.sim.SimBenchmark [episodes]} or {@code tandem bench sim}.
 */
public final class SimBenchmark {

  /** Physics steps per action in the benchmark: 25 x 2 ms = 20 Hz control. */
  public static final int SUBSTEPS = 25;

  /** Environment steps run before timing, to warm up the JIT. */
  static final int WARMUP_STEPS = 3000;

  private SimBenchmark() {}

  /** All four tasks, state-only and with one 84x84 camera. */
  public static Map<String, Object> run(int episodes) {
    return run(episodes, List.of("Reach", "Push", "PickAndPlace", "PegInsertion"), true);
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
      r.put("mean_episode_steps", round(state.steps / (double) episodes));
      r.put("expert_success_rate", state.successes / (double) episodes);
      if (camera) {
        try {
          TaskConfig withCamera =
              config.withSim(config.sim().withCameras(List.of(CameraConfig.front(84, 84))));
          Run cam = measure(withCamera, episodes);
          r.put("env_steps_per_s_camera84", round(cam.stepsPerSecond()));
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

  static TaskConfig config(String name) {
    return switch (name) {
      case "Reach" -> ReachConfig.defaults();
      case "Push" -> PushConfig.defaults();
      case "PickAndPlace" -> PickAndPlaceConfig.defaults();
      case "PegInsertion" -> PegInsertionConfig.defaults();
      default ->
          throw new IllegalArgumentException(
              "unknown task '" + name + "'; expected Reach, Push, PickAndPlace or PegInsertion");
    };
  }

  private record Run(long steps, int successes, long nanos) {
    double stepsPerSecond() {
      return steps / (nanos / 1e9);
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
      long t0 = System.nanoTime();
      for (int seed = 0; seed < episodes; seed++) {
        long[] result = episode(env, oracle, seed);
        steps += result[0];
        successes += (int) result[1];
      }
      return new Run(steps, successes, System.nanoTime() - t0);
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

  /** Prints the figures as one JSON object. Argument: episodes per task (default 100). */
  public static void main(String[] args) throws Exception {
    int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    Map<String, Object> result = run(episodes);
    System.out.println(
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
  }
}
