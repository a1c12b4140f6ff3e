package dev.tandem.render;

import dev.tandem.core.scene.CameraSpec;
import dev.tandem.core.scene.Pose;
import dev.tandem.core.scene.SceneDescription;
import dev.tandem.core.scene.SceneObject;
import dev.tandem.core.scene.Shape;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures offscreen rendering throughput on a PickAndPlace-like scene: a table, a 7-link arm of
 * capsules on a cylinder base, a hand with two fingers, a cube and a translucent goal (14 objects
 * plus the ground plane), one front camera. The arm moves between images (64 precomputed poses,
 * cycled), so every image updates every object's pose; building the scene is not timed.
 *
 * <p>Reports {@code images_per_s_84} and {@code images_per_s_128} (median over 5 rounds of wall
 * time), the matching microseconds per image, the calling thread's CPU time per image (with Mesa
 * llvmpipe and {@code LP_NUM_THREADS=0} all rasterization runs on that thread, so this is the cost
 * independent of other load on the machine), the object count and the OpenGL renderer.
 */
public final class RenderBenchmark {
  private static final int ROUNDS = 5;
  private static final int POSES = 64;

  private RenderBenchmark() {}

  /**
   * Renders {@code imagesPerSize} images at 84x84 and at 128x128 (after a warm-up) on the calling
   * thread and returns the figures.
   */
  public static Map<String, Object> run(int imagesPerSize) {
    if (imagesPerSize < ROUNDS) {
      throw new IllegalArgumentException(
          "imagesPerSize must be at least " + ROUNDS + ", found " + imagesPerSize);
    }
    List<SceneDescription> scenes = new ArrayList<>(POSES);
    for (int i = 0; i < POSES; i++) {
      scenes.add(pickAndPlaceScene(2 * Math.PI * i / POSES));
    }
    Map<String, Object> result = new LinkedHashMap<>();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (OffscreenRenderer renderer = OffscreenRenderer.create(benchmarkSettings())) {
      result.put("benchmark", "render");
      result.put("scene", "pick_and_place_like");
      result.put("objects", scenes.get(0).objects().size());
      result.put("gl_renderer", renderer.glRenderer());
      String rasterThreads = System.getenv("LP_NUM_THREADS");
      result.put("lp_num_threads", rasterThreads == null ? "default" : rasterThreads);
      for (int size : new int[] {84, 128}) {
        CameraSpec camera = frontCamera(size, size);
        byte[] out = new byte[size * size * 3];
        int warmup = Math.max(50, imagesPerSize / 10);
        for (int i = 0; i < warmup; i++) {
          renderer.render(scenes.get(i % POSES), camera, out);
        }
        double[] rates = new double[ROUNDS];
        double[] cpuMicros = new double[ROUNDS];
        int perRound = imagesPerSize / ROUNDS;
        int k = 0;
        for (int r = 0; r < ROUNDS; r++) {
          long cpuStart = threads.getCurrentThreadCpuTime();
          long start = System.nanoTime();
          for (int i = 0; i < perRound; i++) {
            renderer.render(scenes.get(k++ % POSES), camera, out);
          }
          rates[r] = perRound / ((System.nanoTime() - start) * 1e-9);
          cpuMicros[r] = (threads.getCurrentThreadCpuTime() - cpuStart) * 1e-3 / perRound;
        }
        Arrays.sort(rates);
        Arrays.sort(cpuMicros);
        double median = rates[ROUNDS / 2];
        result.put("images_per_s_" + size, Math.round(median));
        result.put("us_per_image_" + size, Math.round(1e6 / median * 10) / 10.0);
        result.put(
            "thread_cpu_us_per_image_" + size, Math.round(cpuMicros[ROUNDS / 2] * 10) / 10.0);
      }
      result.put("images_per_size", imagesPerSize);
    }
    return result;
  }

  public static void main(String[] args) {
    int images = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    Map<String, Object> result = run(images);
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<String, Object> e : result.entrySet()) {
      if (json.length() > 1) {
        json.append(", ");
      }
      json.append('"').append(e.getKey()).append("\": ");
      if (e.getValue() instanceof Number) {
        json.append(e.getValue());
      } else {
        json.append('"').append(String.valueOf(e.getValue()).replace("\"", "\\\"")).append('"');
      }
    }
    System.out.println(json.append('}'));
  }

  /** Ground at the foot of the 40 cm table, as in panda-gym. */
  static RenderSettings benchmarkSettings() {
    RenderSettings d = RenderSettings.defaults();
    return new RenderSettings(
        d.backgroundRgb(),
        true,
        d.groundRgb(),
        -0.4,
        d.groundHalfExtentMeters(),
        d.lightDirection(),
        d.ambient(),
        d.ghostMaxAlpha());
  }

  static CameraSpec frontCamera(int width, int height) {
    return new CameraSpec(
        "front",
        new double[] {0.8, 0.0, 0.55},
        new double[] {-0.15, 0.0, 0.05},
        new double[] {0, 0, 1},
        50,
        width,
        height,
        0.05,
        5.0);
  }

  /**
   * The scene with the arm at phase {@code phase} (radians): the table top is at z = 0, the robot
   * base at (-0.6, 0, 0).
   */
  static SceneDescription pickAndPlaceScene(double phase) {
    List<SceneObject> objects = new ArrayList<>();
    float[] grey = {0.75f, 0.75f, 0.72f};
    objects.add(
        new SceneObject(
            "table",
            new Shape.Box(1.1, 0.7, 0.4),
            Pose.at(-0.3, 0, -0.2),
            new float[] {0.55f, 0.42f, 0.3f, 1f},
            false));
    objects.add(
        new SceneObject(
            "base", new Shape.Cylinder(0.08, 0.1), Pose.at(-0.6, 0, 0.05), rgba(grey), false));
    // A serial chain: joint i turns about local z (even i) or local y (odd i), then the link
    // extends along its local z.
    double[] linkLengths = {0.2, 0.2, 0.18, 0.18, 0.15, 0.12, 0.08};
    double[] position = {-0.6, 0, 0.1};
    double[] q = {0, 0, 0, 1};
    for (int i = 0; i < linkLengths.length; i++) {
      double angle = (i % 2 == 0 ? 0.4 : 0.5) * Math.sin(phase + 0.7 * i) + (i % 2 == 1 ? 0.35 : 0);
      q = multiply(q, i % 2 == 0 ? axisAngle(0, 0, 1, angle) : axisAngle(0, 1, 0, angle));
      double[] axis = rotate(q, 0, 0, 1);
      double length = linkLengths[i];
      double[] centre = {
        position[0] + axis[0] * length / 2,
        position[1] + axis[1] * length / 2,
        position[2] + axis[2] * length / 2
      };
      objects.add(
          new SceneObject(
              "link" + (i + 1),
              new Shape.Capsule(0.045, length + 0.09),
              new Pose(centre[0], centre[1], centre[2], q[0], q[1], q[2], q[3]),
              i % 2 == 0 ? rgba(grey) : new float[] {0.2f, 0.2f, 0.22f, 1f},
              false));
      position =
          new double[] {
            position[0] + axis[0] * length,
            position[1] + axis[1] * length,
            position[2] + axis[2] * length
          };
    }
    double[] hand = position;
    objects.add(
        new SceneObject(
            "hand",
            new Shape.Box(0.06, 0.2, 0.05),
            new Pose(hand[0], hand[1], hand[2], q[0], q[1], q[2], q[3]),
            rgba(grey),
            false));
    double opening = 0.03 + 0.01 * Math.sin(phase);
    for (int side = -1; side <= 1; side += 2) {
      double[] offset = rotate(q, 0, side * opening, 0.05);
      objects.add(
          new SceneObject(
              side < 0 ? "finger_left" : "finger_right",
              new Shape.Box(0.02, 0.012, 0.05),
              new Pose(
                  hand[0] + offset[0],
                  hand[1] + offset[1],
                  hand[2] + offset[2],
                  q[0],
                  q[1],
                  q[2],
                  q[3]),
              new float[] {0.15f, 0.15f, 0.15f, 1f},
              false));
    }
    objects.add(
        new SceneObject(
            "cube",
            new Shape.Box(0.04, 0.04, 0.04),
            Pose.at(0.05, 0.1 * Math.sin(phase), 0.02),
            new float[] {0.9f, 0.1f, 0.1f, 1f},
            false));
    objects.add(
        new SceneObject(
            "goal",
            new Shape.Sphere(0.02),
            Pose.at(0.0, -0.1, 0.12),
            new float[] {0.1f, 0.9f, 0.1f, 0.3f},
            true));
    return new SceneDescription(objects);
  }

  private static float[] rgba(float[] rgb) {
    return new float[] {rgb[0], rgb[1], rgb[2], 1f};
  }

  private static double[] axisAngle(double x, double y, double z, double angle) {
    double s = Math.sin(angle / 2);
    return new double[] {x * s, y * s, z * s, Math.cos(angle / 2)};
  }

  /** Hamilton product a * b of quaternions (x, y, z, w). */
  private static double[] multiply(double[] a, double[] b) {
    return new double[] {
      a[3] * b[0] + a[0] * b[3] + a[1] * b[2] - a[2] * b[1],
      a[3] * b[1] - a[0] * b[2] + a[1] * b[3] + a[2] * b[0],
      a[3] * b[2] + a[0] * b[1] - a[1] * b[0] + a[2] * b[3],
      a[3] * b[3] - a[0] * b[0] - a[1] * b[1] - a[2] * b[2]
    };
  }

  /** Rotates (x, y, z) by the unit quaternion q. */
  private static double[] rotate(double[] q, double x, double y, double z) {
    double[] p = multiply(multiply(q, new double[] {x, y, z, 0}), conjugate(q));
    return new double[] {p[0], p[1], p[2]};
  }

  private static double[] conjugate(double[] q) {
    return new double[] {-q[0], -q[1], -q[2], q[3]};
  }
}
