package dev.tandem.policy.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.config.RuntimeConfig;
import org.junit.jupiter.api.Test;

/**
 * The spatial softmax finds where each map is bright: x along width, y along height, in [-1, 1].
 */
class SpatialSoftmaxTest {

  @Test
  void eachKeypointIsTheExpectedPositionOfItsMap() {
    DjlRuntime runtime = DjlRuntime.start(new RuntimeConfig(RuntimeConfig.DeviceChoice.CPU, 1, 1));
    int h = 5;
    int w = 9;
    float[] maps = new float[2 * 2 * h * w]; // batch 2, 2 keypoints
    // batch 0, keypoint 0: a sharp peak at row 1, column 6; keypoint 1: at row 4, column 0
    maps[(0 * h + 1) * w + 6] = 50f;
    maps[(1 * h + 4) * w + 0] = 50f;
    // batch 1, keypoint 0: flat map (expected position is the centre); keypoint 1: row 2, col 8
    maps[((3) * h + 2) * w + 8] = 50f;
    try (NDManager m = runtime.newManager()) {
      NDArray out = CnnEncoder.spatialSoftmax(m.create(maps, new Shape(2, 2, h, w)));
      assertThat(out.getShape()).isEqualTo(new Shape(2, 4));
      float[] k = out.toFloatArray();
      float tol = 1e-4f;
      // x of column c is -1 + 2c/(w-1); y of row r is -1 + 2r/(h-1)
      assertThat(k[0]).isCloseTo(-1f + 2f * 6 / 8, within(tol));
      assertThat(k[1]).isCloseTo(-1f + 2f * 1 / 4, within(tol));
      assertThat(k[2]).isCloseTo(-1f, within(tol));
      assertThat(k[3]).isCloseTo(1f, within(tol));
      assertThat(k[4]).isCloseTo(0f, within(tol));
      assertThat(k[5]).isCloseTo(0f, within(tol));
      assertThat(k[6]).isCloseTo(1f, within(tol));
      assertThat(k[7]).isCloseTo(0f, within(tol));
    }
  }
}
