package dev.tandem.render;

import static dev.tandem.render.Scenes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.scene.CameraSpec;
import dev.tandem.core.scene.Pose;
import dev.tandem.core.scene.SceneDescription;
import dev.tandem.core.scene.SceneObject;
import dev.tandem.core.scene.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real OpenGL through Mesa (EGL surfaceless, llvmpipe): what the images show. */
class OffscreenRendererTest {
  private static final RenderSettings PLAIN = RenderSettings.defaults().withoutGround();

  /** No ground plane: everything that is not an object is background. */
  private static OffscreenRenderer plain;

  /** Default settings, ground plane at z = 0. */
  private static OffscreenRenderer withGround;

  @BeforeAll
  static void createRenderers() {
    plain = OffscreenRenderer.create(PLAIN);
    withGround = OffscreenRenderer.create();
  }

  @AfterAll
  static void closeRenderers() {
    if (plain != null) {
      plain.close();
    }
    if (withGround != null) {
      withGround.close();
    }
  }

  @Test
  void a_red_box_in_front_of_the_camera_is_red_in_the_centre_with_background_in_the_corners() {
    ImageFrame image = plain.render(redBox(), frontCamera("front", 64, 48));

    assertThat(image.height()).isEqualTo(48);
    assertThat(image.width()).isEqualTo(64);
    assertThat(image.channels()).isEqualTo(3);
    assertThat(isRedDominant(pixel(image, 24, 32))).as("centre %s", rgb(image, 24, 32)).isTrue();
    int[] background = backgroundBytes(PLAIN);
    for (int[] corner : new int[][] {{0, 0}, {0, 63}, {47, 0}, {47, 63}}) {
      assertClose(pixel(image, corner[0], corner[1]), background, 1);
    }
    assertThat(plain.glRenderer()).isNotBlank();
  }

  @Test
  void objects_appear_where_the_projection_puts_them_without_mirroring_or_flipping() {
    CameraSpec camera = frontCamera("front", 64, 64);
    // The front face of a 20 cm box at the origin is 0.9 m from a camera at x = 1; with a 60
    // degree field of view, a lateral offset d lands at ndc d / (0.9 tan 30deg).
    double d = 0.25;
    double expectedOffsetPixels = d / (0.9 * Math.tan(Math.toRadians(30))) * 32;

    double[] right = redCentroid(plain.render(boxAt(0, d, 0), camera)); // +y is image right
    double[] left = redCentroid(plain.render(boxAt(0, -d, 0), camera));
    double[] up = redCentroid(plain.render(boxAt(0, 0, d), camera));
    double[] down = redCentroid(plain.render(boxAt(0, 0, -d), camera));

    assertThat(left[1]).isCloseTo(32 - expectedOffsetPixels, offset(3.0));
    assertThat(right[1]).isCloseTo(32 + expectedOffsetPixels, offset(3.0));
    assertThat(up[0])
        .as("row of an object above the axis")
        .isCloseTo(32 - expectedOffsetPixels, offset(3.0));
    assertThat(down[0]).isCloseTo(32 + expectedOffsetPixels, offset(3.0));
    assertThat(left[0]).isCloseTo(32, offset(1.5));
    assertThat(up[1]).isCloseTo(32, offset(1.5));
  }

  @Test
  void moving_the_camera_right_moves_the_image_of_a_still_object_left() {
    CameraSpec centred = frontCamera("front", 64, 64);
    CameraSpec shifted =
        camera(
            "front",
            new double[] {1, 0.25, 0},
            new double[] {0, 0.25, 0},
            new double[] {0, 0, 1},
            64,
            64);
    double[] before = redCentroid(plain.render(redBox(), centred));
    double[] after = redCentroid(plain.render(redBox(), shifted));
    double expected = 0.25 / (0.9 * Math.tan(Math.toRadians(30))) * 32;

    assertThat(before[1]).isCloseTo(32, offset(1.5));
    assertThat(after[1]).isCloseTo(32 - expected, offset(3.0));
    // Closer camera, bigger image: four times the area at half the distance, roughly.
    CameraSpec closer =
        camera(
            "front",
            new double[] {0.55, 0, 0},
            new double[] {0, 0, 0},
            new double[] {0, 0, 1},
            64,
            64);
    double[] near = redCentroid(plain.render(redBox(), closer));
    double areaRatio = near[2] / before[2];
    double expectedRatio = Math.pow(0.9 / 0.45, 2);
    assertThat(areaRatio).isCloseTo(expectedRatio, offset(0.5));
  }

  @Test
  void a_ghost_is_blended_over_what_is_behind_it_and_does_not_hide_it() {
    CameraSpec camera = frontCamera("front", 64, 64);
    SceneObject red = object("box", new Shape.Box(0.2, 0.2, 0.2), Pose.IDENTITY, RED);
    Shape small = new Shape.Box(0.1, 0.1, 0.1);
    Pose inFront = Pose.at(0.3, 0, 0);

    int[] alone = pixel(plain.render(scene(red), camera), 32, 32);
    int[] withGhost =
        pixel(plain.render(scene(red, ghost("goal", small, inFront, GREEN)), camera), 32, 32);
    int[] withOpaque =
        pixel(plain.render(scene(red, object("goal", small, inFront, GREEN)), camera), 32, 32);

    // Ghost alpha is min(1, ghostMaxAlpha = 0.4): 60% of the red box shows through.
    assertThat(withGhost[0]).isCloseTo((int) Math.round(0.6 * alone[0]), offset(3));
    assertThat(withGhost[1]).isGreaterThan(30);
    assertThat(withOpaque[0]).isLessThan(5);
    assertThat(withOpaque[1]).isGreaterThan(withGhost[1]);

    // A ghost drawn first in the list still does not hide an opaque object behind it.
    int[] ghostFirst =
        pixel(plain.render(scene(ghost("goal", small, inFront, GREEN), red), camera), 32, 32);
    assertThat(ghostFirst).isEqualTo(withGhost);
  }

  @Test
  void the_same_scene_renders_bit_identically_every_time_and_in_every_renderer() {
    SceneDescription scene = RenderBenchmark.pickAndPlaceScene(0.3);
    CameraSpec camera = RenderBenchmark.frontCamera(84, 84);
    ImageFrame first = withGround.render(scene, camera);
    withGround.render(RenderBenchmark.pickAndPlaceScene(1.7), camera);
    withGround.render(scene, frontCamera("other", 50, 30));
    ImageFrame second = withGround.render(scene, camera);
    assertThat(second).isEqualTo(first);

    try (OffscreenRenderer fresh = OffscreenRenderer.create()) {
      assertThat(fresh.render(scene, camera)).isEqualTo(first);
    }
    // And the arm pose matters (the test above would pass on a blank image otherwise).
    assertThat(withGround.render(RenderBenchmark.pickAndPlaceScene(1.7), camera))
        .isNotEqualTo(first);
  }

  @Test
  void a_renderer_refuses_calls_from_another_thread() throws Exception {
    ExecutorService other = Executors.newSingleThreadExecutor(r -> new Thread(r, "intruder"));
    try {
      Future<?> render = other.submit(() -> plain.render(redBox(), frontCamera("front", 8, 8)));
      assertThatThrownBy(render::get)
          .cause()
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("belongs to thread '" + Thread.currentThread().getName() + "'")
          .hasMessageContaining("called from thread 'intruder'");
      Future<?> close = other.submit(() -> plain.close());
      assertThatThrownBy(close::get).cause().isInstanceOf(IllegalStateException.class);
    } finally {
      other.shutdown();
      assertThat(other.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    // Still usable by its owner.
    assertThat(isRedDominant(pixel(plain.render(redBox(), frontCamera("front", 8, 8)), 4, 4)))
        .isTrue();
  }

  @Test
  void renderers_on_different_threads_work_at_the_same_time() throws Exception {
    SceneDescription scene = RenderBenchmark.pickAndPlaceScene(0.9);
    CameraSpec camera = RenderBenchmark.frontCamera(84, 84);
    ImageFrame reference = withGround.render(scene, camera);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> mismatches = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        mismatches.add(
            pool.submit(
                () -> {
                  int wrong = 0;
                  try (OffscreenRenderer own = OffscreenRenderer.create()) {
                    for (int i = 0; i < 40; i++) {
                      if (!own.render(scene, camera).equals(reference)) {
                        wrong++;
                      }
                    }
                  }
                  return wrong;
                }));
      }
      for (Future<Integer> m : mismatches) {
        assertThat(m.get(60, TimeUnit.SECONDS)).isZero();
      }
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void each_camera_gets_its_own_image_size_and_aspect_ratio() {
    CameraSpec square = frontCamera("front", 84, 84);
    CameraSpec wide = frontCamera("wrist", 128, 96);
    SceneDescription sphere = scene(object("ball", new Shape.Sphere(0.15), Pose.IDENTITY, RED));

    byte[] squareOut = new byte[84 * 84 * 3];
    byte[] wideOut = new byte[128 * 96 * 3];
    plain.render(sphere, square, squareOut);
    plain.render(sphere, wide, wideOut);
    ImageFrame squareImage = plain.render(sphere, square);
    ImageFrame wideImage = plain.render(sphere, wide);

    assertThat(squareImage.pixels()).isEqualTo(squareOut);
    assertThat(wideImage.pixels()).isEqualTo(wideOut);
    assertThat(wideImage.width()).isEqualTo(128);
    assertThat(wideImage.height()).isEqualTo(96);
    // A sphere stays round in a non-square image (the aspect ratio is the camera's).
    double horizontal = redRun(wideImage, 48, true);
    double vertical = redRun(wideImage, 64, false);
    assertThat(horizontal).isCloseTo(vertical, offset(2.0));
    // Same vertical field of view: the sphere is as tall, in pixels per image height.
    double expectedDiameter =
        2 * 0.15 / Math.sqrt(1 - 0.15 * 0.15) / Math.tan(Math.toRadians(30)) / 2;
    assertThat(vertical / 96.0).isCloseTo(expectedDiameter, offset(0.03));
    assertThat(redRun(squareImage, 42, false) / 84.0).isCloseTo(expectedDiameter, offset(0.03));
  }

  @Test
  void a_wrongly_sized_output_array_is_refused_with_the_sizes() {
    assertThatThrownBy(() -> plain.render(redBox(), frontCamera("front", 84, 84), new byte[100]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("camera 'front'")
        .hasMessageContaining("84x84x3 = 21168 bytes")
        .hasMessageContaining("100");
  }

  @Test
  void undrawable_objects_are_skipped_and_counted_and_the_rest_is_drawn() {
    long before = plain.skippedObjectCount();
    SceneDescription scene =
        scene(
            object("nan", new Shape.Box(0.2, 0.2, 0.2), Pose.at(Double.NaN, 0, 0), GREEN),
            object(
                "no rotation",
                new Shape.Box(0.2, 0.2, 0.2),
                new Pose(0.3, 0, 0, 0, 0, 0, 0),
                GREEN),
            object("negative", new Shape.Sphere(-1), Pose.at(0.3, 0, 0), GREEN),
            object("box", new Shape.Box(0.2, 0.2, 0.2), Pose.IDENTITY, RED));
    ImageFrame image = plain.render(scene, frontCamera("front", 32, 32));
    assertThat(isRedDominant(pixel(image, 16, 16))).isTrue();
    assertThat(plain.skippedObjectCount() - before).isEqualTo(3);
  }

  @Test
  void shapes_have_the_documented_sizes_seen_from_above() {
    // Straight down from 3 m, 60 degree field of view, image right = +x, image up = +y.
    CameraSpec top =
        new CameraSpec(
            "top",
            new double[] {0, 0, 3},
            new double[] {0, 0, 0},
            new double[] {0, 1, 0},
            60,
            128,
            128,
            0.05,
            10);
    double s = Math.sqrt(0.5);
    Pose alongX = new Pose(0, 0, 0, 0, s, 0, s); // local z turned onto world x

    // Box 0.4 x 0.2 x 0.1: its top face at z = 0.05.
    ImageFrame box =
        plain.render(scene(object("box", new Shape.Box(0.4, 0.2, 0.1), Pose.IDENTITY, RED)), top);
    assertThat(redRun(box, 64, true)).isCloseTo(pixels(0.4, 0.05), offset(1.5));
    assertThat(redRun(box, 64, false)).isCloseTo(pixels(0.2, 0.05), offset(1.5));

    // Cylinder of length 0.3 lying along x: its top edge at z = 0.1 spans the length.
    ImageFrame cylinder =
        plain.render(scene(object("c", new Shape.Cylinder(0.1, 0.3), alongX, RED)), top);
    assertThat(redRun(cylinder, 64, true)).isCloseTo(pixels(0.3, 0.1), offset(1.5));

    // Capsule: length is tip to tip (0.5 here), not the cylinder part.
    ImageFrame capsule =
        plain.render(scene(object("k", new Shape.Capsule(0.1, 0.5), alongX, RED)), top);
    assertThat(redRun(capsule, 64, true)).isCloseTo(pixels(0.5, 0.0), offset(1.5));

    ImageFrame sphere =
        plain.render(scene(object("s", new Shape.Sphere(0.15), Pose.IDENTITY, RED)), top);
    assertThat(redRun(sphere, 64, true)).isCloseTo(pixels(0.3, 0.0), offset(1.5));

    // Plane of half extent 0.2, seen from above (and from below: planes have two sides).
    ImageFrame plane =
        plain.render(scene(object("p", new Shape.Plane(0.2), Pose.IDENTITY, RED)), top);
    assertThat(redRun(plane, 64, true)).isCloseTo(pixels(0.4, 0.0), offset(1.5));
    CameraSpec below =
        camera(
            "below",
            new double[] {0, 0, -3},
            new double[] {0, 0, 0},
            new double[] {0, 1, 0},
            128,
            128);
    ImageFrame underside =
        plain.render(scene(object("p", new Shape.Plane(0.2), Pose.IDENTITY, RED)), below);
    assertThat(redRun(underside, 64, true)).isCloseTo(pixels(0.4, 0.0), offset(1.5));
  }

  @Test
  void closed_shapes_are_invisible_from_inside_because_back_faces_are_culled() {
    CameraSpec inside =
        camera(
            "inside",
            new double[] {0, 0, 0},
            new double[] {1, 0, 0},
            new double[] {0, 0, 1},
            16,
            16);
    int[] background = backgroundBytes(PLAIN);
    for (Shape shape :
        List.of(
            new Shape.Box(2, 2, 2),
            new Shape.Sphere(1),
            new Shape.Cylinder(1, 3),
            new Shape.Capsule(1, 4))) {
      for (Pose pose :
          List.of(Pose.IDENTITY, new Pose(0, 0, 0, 0, Math.sqrt(0.5), 0, Math.sqrt(0.5)))) {
        ImageFrame image = plain.render(scene(object("shell", shape, pose, RED)), inside);
        assertClose(pixel(image, 8, 8), background, 1);
        // From outside it is there.
        ImageFrame outside =
            plain.render(
                scene(object("shell", shape, pose, RED)),
                camera(
                    "out",
                    new double[] {5, 0, 0},
                    new double[] {0, 0, 0},
                    new double[] {0, 0, 1},
                    16,
                    16));
        assertThat(isRedDominant(pixel(outside, 8, 8))).as("outside %s", shape).isTrue();
      }
    }
  }

  @Test
  void lambert_lighting_makes_the_side_facing_the_light_brighter() {
    ImageFrame image =
        plain.render(
            scene(object("ball", new Shape.Sphere(0.3), Pose.IDENTITY, RED)),
            frontCamera("front", 64, 64));
    int top = pixel(image, 20, 32)[0];
    int bottom = pixel(image, 44, 32)[0];
    // Ambient only where the light does not reach: 0.35 * 255.
    assertThat(bottom).isCloseTo(89, offset(3));
    assertThat(top).isGreaterThan(bottom + 80);
  }

  @Test
  void the_ground_plane_is_lit_and_loses_to_an_object_lying_on_it() {
    CameraSpec down =
        camera(
            "down", new double[] {0, 0, 2}, new double[] {0, 0, 0}, new double[] {0, 1, 0}, 32, 32);
    ImageFrame ground = withGround.render(scene(), down);
    RenderSettings d = RenderSettings.defaults();
    double[] light = d.lightDirection();
    double shade =
        d.ambient()
            + (1 - d.ambient())
                * light[2]
                / Math.sqrt(light[0] * light[0] + light[1] * light[1] + light[2] * light[2]);
    float[] groundRgb = d.groundRgb();
    int[] expected = {
      (int) Math.round(groundRgb[0] * shade * 255),
      (int) Math.round(groundRgb[1] * shade * 255),
      (int) Math.round(groundRgb[2] * shade * 255)
    };
    assertClose(pixel(ground, 16, 16), expected, 2);

    // A plane object exactly on the ground (z = 0) is drawn over it.
    ImageFrame mat =
        withGround.render(scene(object("mat", new Shape.Plane(0.3), Pose.IDENTITY, RED)), down);
    assertThat(isRedDominant(pixel(mat, 16, 16))).isTrue();
    assertClose(pixel(mat, 1, 1), expected, 2);
  }

  @Test
  void meshes_are_cached_by_shape_parameters_with_a_bounded_cache() {
    SceneRenderer scenes = withGround.sceneRenderer();
    CameraSpec camera = frontCamera("front", 16, 16);
    withGround.render(redBox(), camera);
    int cached = scenes.cachedMeshCount();
    withGround.render(redBox(), camera);
    withGround.render(
        scene(
            object(
                "same size, another box", new Shape.Box(0.2, 0.2, 0.2), Pose.at(0, 0.3, 0), GREEN)),
        camera);
    assertThat(scenes.cachedMeshCount()).isEqualTo(cached);

    List<SceneObject> many = new ArrayList<>();
    for (int i = 0; i < SceneRenderer.MAX_CACHED_MESHES + 40; i++) {
      many.add(object("s" + i, new Shape.Sphere(0.01 + i * 1e-4), Pose.at(0, 0, 0), BLUE));
    }
    withGround.render(new SceneDescription(many), camera);
    assertThat(scenes.cachedMeshCount()).isLessThanOrEqualTo(2 * SceneRenderer.MAX_CACHED_MESHES);
    // Evicted meshes are rebuilt on demand: the box is still drawn correctly.
    assertThat(isRedDominant(pixel(withGround.render(redBox(), camera), 8, 8))).isTrue();
  }

  @Test
  void a_closed_renderer_refuses_work() {
    OffscreenRenderer renderer = OffscreenRenderer.create();
    renderer.close();
    renderer.close(); // idempotent
    assertThatThrownBy(() -> renderer.render(redBox(), frontCamera("front", 8, 8)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void rendering_into_a_reused_array_allocates_nothing_per_image() {
    SceneDescription scene = RenderBenchmark.pickAndPlaceScene(0.5);
    CameraSpec camera = RenderBenchmark.frontCamera(84, 84);
    byte[] out = new byte[84 * 84 * 3];
    for (int i = 0; i < 300; i++) {
      withGround.render(scene, camera, out); // shapes and target built, code compiled
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    int images = 500;
    for (int i = 0; i < images; i++) {
      withGround.render(scene, camera, out);
    }
    long perImage = (threads.getCurrentThreadAllocatedBytes() - before) / images;
    assertThat(perImage).as("bytes allocated per image").isLessThan(16);
  }

  @Test
  void the_benchmark_reports_its_figures() {
    Map<String, Object> figures = RenderBenchmark.run(50);
    assertThat(figures)
        .containsKeys("images_per_s_84", "images_per_s_128", "objects", "gl_renderer");
    assertThat(((Number) figures.get("images_per_s_84")).doubleValue()).isPositive();
    assertThat(((Number) figures.get("images_per_s_128")).doubleValue()).isPositive();
    assertThat(figures.get("objects")).isEqualTo(14);
  }

  private static SceneDescription boxAt(double x, double y, double z) {
    return scene(object("box", new Shape.Box(0.2, 0.2, 0.2), Pose.at(x, y, z), RED));
  }

  /** Pixels covered by {@code meters} at height {@code z} seen by the top camera (128 px, 3 m). */
  private static double pixels(double meters, double z) {
    return meters * 128 / (2 * (3 - z) * Math.tan(Math.toRadians(30)));
  }

  /** Red pixels along a row ({@code alongRow}) or a column at {@code index}. */
  private static double redRun(ImageFrame image, int index, boolean alongRow) {
    int count = 0;
    int n = alongRow ? image.width() : image.height();
    for (int i = 0; i < n; i++) {
      int[] p = alongRow ? pixel(image, index, i) : pixel(image, i, index);
      if (isRedDominant(p)) {
        count++;
      }
    }
    return count;
  }

  private static String rgb(ImageFrame image, int row, int column) {
    return java.util.Arrays.toString(pixel(image, row, column));
  }

  private static void assertClose(int[] actual, int[] expected, int tolerance) {
    for (int c = 0; c < 3; c++) {
      assertThat(actual[c])
          .as(
              "channel %d of %s vs %s",
              c, java.util.Arrays.toString(actual), java.util.Arrays.toString(expected))
          .isCloseTo(expected[c], offset(tolerance));
    }
  }
}
