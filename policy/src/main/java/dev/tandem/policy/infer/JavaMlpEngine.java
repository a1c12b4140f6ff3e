package dev.tandem.policy.infer;

import dev.tandem.policy.checkpoint.Checkpoint;
import dev.tandem.policy.checkpoint.Tensor;
import dev.tandem.policy.config.NetworkConfig;
import java.util.List;

/**
 * A pure-Java forward pass for state-only networks (Linear, optional LayerNorm, ReLU; linear
 * output), reading the same checkpoint parameters as the DJL network. No native call, no allocation
 * per request besides the returned actions.
 *
 * <p>Kernels (what HotSpot's C2 turns into SIMD code, found by measurement; see
 * docs/design/policy.md): each layer's weights are kept as one array per input ([in][out]), so the
 * inner loop {@code acc[o] += x * w[o]} reads and writes at the same index and is vectorized (with
 * one flat [in*out] array and an offset, C2 cannot rule out that the store aliases the weights and
 * leaves the loop scalar: 2.3x slower). A batch is computed three rows at a time, three inputs per
 * pass over the outputs ({@link #denseBlock3}): nine products per loaded accumulator element
 * instead of one. Every output element still sums bias, then x_i w_i in increasing i, one rounding
 * per operation as before, so a row's result does not depend on the batch it came in (rows outside
 * blocks of three, and single observations, skip zero inputs, which changes at most the sign of a
 * zero sum).
 */
public final class JavaMlpEngine extends PolicyEngine {

  static final float LAYER_NORM_EPSILON = 1e-5f;

  /** Rows per block of the batch kernel. */
  static final int BLOCK_ROWS = 3;

  private final int layers;
  private final int[] in;
  private final int[] out;

  /** Per layer, per input: the weights to every output. */
  private final float[][][] weights;

  private final float[][] bias;
  private final float[][] gamma;
  private final float[][] beta;
  private final int widest;

  /** Accumulators of one block (one row each), indexed like a weight row. */
  private final float[][] acc;

  /** Activations of the whole batch, [n][widest] flattened; grown on demand. */
  private float[] bufA = new float[0];

  private float[] bufB = new float[0];

  public JavaMlpEngine(Checkpoint checkpoint) {
    super(checkpoint);
    NetworkConfig net = checkpoint.config().network();
    if (net.encoder() != null) {
      throw new IllegalArgumentException(
          "the java inference engine runs state-only networks; this one has an image encoder"
              + " (use inference.engine 'djl' or 'auto')");
    }
    List<Tensor> p = checkpoint.parameters();
    layers = net.hiddenSizes().size() + 1;
    int perHidden = net.layerNorm() ? 4 : 2;
    int expected = (layers - 1) * perHidden + 2;
    if (p.size() != expected) {
      throw new IllegalArgumentException(
          "checkpoint has " + p.size() + " parameter tensors, the network needs " + expected);
    }
    in = new int[layers];
    out = new int[layers];
    weights = new float[layers][][];
    bias = new float[layers][];
    gamma = new float[layers][];
    beta = new float[layers][];
    int k = 0;
    int w = stateSize;
    for (int l = 0; l < layers; l++) {
      Tensor wt = p.get(k++);
      Tensor b = p.get(k++);
      if (wt.shape().length != 2 || b.shape().length != 1 || b.shape()[0] != wt.shape()[0]) {
        throw new IllegalArgumentException(
            "layer " + l + ": unexpected parameter shapes " + wt + ", " + b);
      }
      out[l] = (int) wt.shape()[0];
      in[l] = (int) wt.shape()[1];
      if (l == 0 && in[0] != stateSize) {
        throw new IllegalArgumentException(
            "first layer reads " + in[0] + " inputs, state has " + stateSize);
      }
      weights[l] = byInput(wt.data(), out[l], in[l]);
      bias[l] = b.data().clone();
      if (l < layers - 1 && net.layerNorm()) {
        gamma[l] = p.get(k++).data().clone();
        beta[l] = p.get(k++).data().clone();
      }
      w = Math.max(w, out[l]);
    }
    if (out[layers - 1] != outputSize) {
      throw new IllegalArgumentException(
          "output layer has " + out[layers - 1] + " units, the head needs " + outputSize);
    }
    widest = w;
    acc = new float[BLOCK_ROWS][widest];
  }

  /** [out][in] row-major (PyTorch's layout) to one array of out weights per input. */
  private static float[][] byInput(float[] w, int rows, int cols) {
    float[][] t = new float[cols][rows];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c][r] = w[r * cols + c];
      }
    }
    return t;
  }

  @Override
  protected void forward(int n) {
    if (bufA.length < n * widest) {
      bufA = new float[n * widest];
      bufB = new float[n * widest];
    }
    float[] x = states;
    float[] y = bufA;
    for (int l = 0; l < layers; l++) {
      boolean last = l == layers - 1;
      if (last) {
        y = outputs;
      }
      dense(x, y, n, l);
      if (!last) {
        int no = out[l];
        for (int r = 0; r < n; r++) {
          if (gamma[l] != null) {
            layerNorm(y, r * no, no, gamma[l], beta[l]);
          }
        }
        relu(y, n * no);
        x = y;
        y = y == bufA ? bufB : bufA;
      }
    }
  }

  /** y[r] = W x[r] + b for rows 0..n-1; x rows have in[l] values, y rows out[l]. */
  private void dense(float[] x, float[] y, int n, int l) {
    int r = 0;
    for (; r + BLOCK_ROWS <= n; r += BLOCK_ROWS) {
      denseBlock3(x, y, r, l);
    }
    for (; r < n; r++) {
      denseRow(x, y, r, l);
    }
  }

  private void denseRow(float[] x, float[] y, int r, int l) {
    int no = out[l];
    int ni = in[l];
    float[][] w = weights[l];
    float[] q = acc[0];
    System.arraycopy(bias[l], 0, q, 0, no);
    int xr = r * ni;
    for (int i = 0; i < ni; i++) {
      float xi = x[xr + i];
      if (xi == 0f) {
        continue;
      }
      float[] wi = w[i];
      for (int o = 0; o < no; o++) {
        q[o] += xi * wi[o];
      }
    }
    System.arraycopy(q, 0, y, r * no, no);
  }

  /**
   * Rows r, r+1, r+2, three inputs per pass. More rows or inputs per pass measured slower (C2 stops
   * vectorizing a loop body with more than about nine products).
   */
  private void denseBlock3(float[] x, float[] y, int r, int l) {
    int no = out[l];
    int ni = in[l];
    float[][] w = weights[l];
    float[] q0 = acc[0];
    float[] q1 = acc[1];
    float[] q2 = acc[2];
    System.arraycopy(bias[l], 0, q0, 0, no);
    System.arraycopy(bias[l], 0, q1, 0, no);
    System.arraycopy(bias[l], 0, q2, 0, no);
    int x0 = r * ni;
    int x1 = x0 + ni;
    int x2 = x1 + ni;
    int i = 0;
    for (; i + 3 <= ni; i += 3) {
      float a00 = x[x0 + i];
      float a01 = x[x0 + i + 1];
      float a02 = x[x0 + i + 2];
      float a10 = x[x1 + i];
      float a11 = x[x1 + i + 1];
      float a12 = x[x1 + i + 2];
      float a20 = x[x2 + i];
      float a21 = x[x2 + i + 1];
      float a22 = x[x2 + i + 2];
      float[] w0 = w[i];
      float[] w1 = w[i + 1];
      float[] w2 = w[i + 2];
      for (int o = 0; o < no; o++) {
        float v0 = w0[o];
        float v1 = w1[o];
        float v2 = w2[o];
        q0[o] = q0[o] + a00 * v0 + a01 * v1 + a02 * v2;
        q1[o] = q1[o] + a10 * v0 + a11 * v1 + a12 * v2;
        q2[o] = q2[o] + a20 * v0 + a21 * v1 + a22 * v2;
      }
    }
    for (; i < ni; i++) {
      float a0 = x[x0 + i];
      float a1 = x[x1 + i];
      float a2 = x[x2 + i];
      float[] wi = w[i];
      for (int o = 0; o < no; o++) {
        float v = wi[o];
        q0[o] += a0 * v;
        q1[o] += a1 * v;
        q2[o] += a2 * v;
      }
    }
    System.arraycopy(q0, 0, y, r * no, no);
    System.arraycopy(q1, 0, y, (r + 1) * no, no);
    System.arraycopy(q2, 0, y, (r + 2) * no, no);
  }

  private static void relu(float[] y, int n) {
    for (int o = 0; o < n; o++) {
      y[o] = Math.max(y[o], 0f);
    }
  }

  private static void layerNorm(float[] y, int from, int n, float[] g, float[] b) {
    double sum = 0;
    for (int o = 0; o < n; o++) {
      sum += y[from + o];
    }
    float mean = (float) (sum / n);
    double sq = 0;
    for (int o = 0; o < n; o++) {
      float d = y[from + o] - mean;
      sq += d * d;
    }
    float inv = (float) (1.0 / Math.sqrt(sq / n + LAYER_NORM_EPSILON));
    for (int o = 0; o < n; o++) {
      y[from + o] = (y[from + o] - mean) * inv * g[o] + b[o];
    }
  }

  @Override
  public void close() {}
}
