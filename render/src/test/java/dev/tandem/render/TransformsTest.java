package dev.tandem.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.tandem.core.scene.CameraSpec;
import dev.tandem.core.scene.Pose;
import org.junit.jupiter.api.Test;

class TransformsTest {
  private static final CameraSpec CAMERA = Scenes.frontCamera("front", 64, 64);

  @Test
  void the_target_projects_to_the_image_centre_and_right_up_to_positive_ndc() {
    double[] target = ndc(CAMERA, 1.0, 0, 0, 0);
    assertThat(target[0]).isCloseTo(0, offset(1e-6));
    assertThat(target[1]).isCloseTo(0, offset(1e-6));
    // Looking along -x with z up, image right is world +y.
    assertThat(ndc(CAMERA, 1.0, 0, 0.2, 0)[0]).isPositive();
    assertThat(ndc(CAMERA, 1.0, 0, 0, 0.2)[1]).isPositive();
    // A point at the edge of the vertical field of view lands on the edge of the image.
    double edge = Math.tan(Math.toRadians(30));
    assertThat(ndc(CAMERA, 1.0, 0, 0, edge)[1]).isCloseTo(1.0, offset(1e-6));
    // Twice as wide a viewport sees twice as far sideways at the same ndc.
    assertThat(ndc(CAMERA, 2.0, 0, 2 * edge, 0)[0]).isCloseTo(1.0, offset(1e-6));
  }

  @Test
  void depth_runs_from_minus_one_at_near_to_one_at_far() {
    assertThat(ndc(CAMERA, 1.0, 1 - CAMERA.near(), 0, 0)[2]).isCloseTo(-1, offset(1e-5));
    assertThat(ndc(CAMERA, 1.0, 1 - CAMERA.far(), 0, 0)[2]).isCloseTo(1, offset(1e-5));
  }

  @Test
  void an_up_vector_parallel_to_the_view_still_gives_a_finite_matrix() {
    CameraSpec down =
        new CameraSpec(
            "down",
            new double[] {0, 0, 2},
            new double[] {0, 0, 0},
            new double[] {0, 0, 1},
            60,
            8,
            8,
            0.1,
            10);
    float[] m = new float[16];
    Transforms.viewProjection(down, 1, m);
    for (float v : m) {
      assertThat(Float.isFinite(v)).isTrue();
    }
  }

  @Test
  void model_matrix_rotates_and_translates_and_rejects_bad_poses() {
    double s = Math.sqrt(0.5);
    float[] m = new float[16];
    // 90 degrees about z: x axis goes to y.
    assertThat(Transforms.model(new Pose(1, 2, 3, 0, 0, s, s), m)).isTrue();
    assertThat(m[0]).isCloseTo(0f, offset(1e-6f));
    assertThat(m[1]).isCloseTo(1f, offset(1e-6f));
    assertThat(m[12]).isEqualTo(1f);
    assertThat(m[13]).isEqualTo(2f);
    assertThat(m[14]).isEqualTo(3f);
    // A non-unit quaternion is normalised.
    assertThat(Transforms.model(new Pose(0, 0, 0, 0, 0, 2, 2), m)).isTrue();
    assertThat(m[1]).isCloseTo(1f, offset(1e-6f));
    assertThat(Transforms.model(new Pose(0, 0, 0, 0, 0, 0, 0), m)).isFalse();
    assertThat(Transforms.model(new Pose(Double.NaN, 0, 0, 0, 0, 0, 1), m)).isFalse();
  }

  private static double[] ndc(CameraSpec camera, double aspect, double x, double y, double z) {
    float[] m = new float[16];
    Transforms.viewProjection(camera, aspect, m);
    double[] clip = new double[4];
    double[] p = {x, y, z, 1};
    for (int row = 0; row < 4; row++) {
      for (int col = 0; col < 4; col++) {
        clip[row] += m[col * 4 + row] * p[col];
      }
    }
    return new double[] {clip[0] / clip[3], clip[1] / clip[3], clip[2] / clip[3]};
  }
}
