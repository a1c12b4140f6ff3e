package dev.tandem.policy.infer;

import dev.tandem.policy.checkpoint.Checkpoint;
import dev.tandem.policy.checkpoint.Tensor;
import dev.tandem.policy.config.NetworkConfig;
import java.util.List;

/**
 * A pure-Java forward pass for state-only networks (Linear, optional LayerNorm, ReLU; linear
 * output), reading the same checkpoint parameters as the DJL network. Weights are stored transposed
 * ([in][out]) so the inner loop is a vectorizable saxpy; no native call, no allocation per request.
 * Used for single-observation inference on CPU, where JNI and NDArray overhead would dominate a
 * network this small.
 */
public final class JavaMlpEngine extends PolicyEngine {

  static final float LAYER_NORM_EPSILON = 1e-5f;

  private final int layers;
  private final int[] in;
  private final int[] out;
  private final float[][] weightsT;
  private final float[][] bias;
  private final float[][] gamma;
  private final float[][] beta;
  private final float[] bufA;
  private final float[] bufB;

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
    weightsT = new float[layers][];
    bias = new float[layers][];
    gamma = new float[layers][];
    beta = new float[layers][];
    int k = 0;
    int widest = stateSize;
    for (int l = 0; l < layers; l++) {
      Tensor w = p.get(k++);
      Tensor b = p.get(k++);
      if (w.shape().length != 2 || b.shape().length != 1 || b.shape()[0] != w.shape()[0]) {
        throw new IllegalArgumentException(
            "layer " + l + ": unexpected parameter shapes " + w + ", " + b);
      }
      out[l] = (int) w.shape()[0];
      in[l] = (int) w.shape()[1];
      if (l == 0 && in[0] != stateSize) {
        throw new IllegalArgumentException(
            "first layer reads " + in[0] + " inputs, state has " + stateSize);
      }
      weightsT[l] = transpose(w.data(), out[l], in[l]);
      bias[l] = b.data().clone();
      if (l < layers - 1 && net.layerNorm()) {
        gamma[l] = p.get(k++).data().clone();
        beta[l] = p.get(k++).data().clone();
      }
      widest = Math.max(widest, out[l]);
    }
    if (out[layers - 1] != outputSize) {
      throw new IllegalArgumentException(
          "output layer has " + out[layers - 1] + " units, the head needs " + outputSize);
    }
    bufA = new float[widest];
    bufB = new float[widest];
  }

  private static float[] transpose(float[] w, int rows, int cols) {
    float[] t = new float[w.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = w[r * cols + c];
      }
    }
    return t;
  }

  @Override
  protected void forward(int n) {
    for (int i = 0; i < n; i++) {
      System.arraycopy(states, i * stateSize, bufA, 0, stateSize);
      float[] x = bufA;
      float[] y = bufB;
      for (int l = 0; l < layers; l++) {
        affine(x, y, l);
        if (l < layers - 1) {
          if (gamma[l] != null) {
            layerNorm(y, out[l], gamma[l], beta[l]);
          }
          relu(y, out[l]);
        }
        float[] t = x;
        x = y;
        y = t;
      }
      System.arraycopy(x, 0, outputs, i * outputSize, outputSize);
    }
  }

  private void affine(float[] x, float[] y, int l) {
    int no = out[l];
    int ni = in[l];
    float[] wt = weightsT[l];
    System.arraycopy(bias[l], 0, y, 0, no);
    for (int i = 0; i < ni; i++) {
      float xi = x[i];
      if (xi == 0f) {
        continue;
      }
      int row = i * no;
      for (int o = 0; o < no; o++) {
        y[o] += xi * wt[row + o];
      }
    }
  }

  private static void relu(float[] y, int n) {
    for (int o = 0; o < n; o++) {
      y[o] = Math.max(y[o], 0f);
    }
  }

  private static void layerNorm(float[] y, int n, float[] g, float[] b) {
    double sum = 0;
    for (int o = 0; o < n; o++) {
      sum += y[o];
    }
    float mean = (float) (sum / n);
    double sq = 0;
    for (int o = 0; o < n; o++) {
      float d = y[o] - mean;
      sq += d * d;
    }
    float inv = (float) (1.0 / Math.sqrt(sq / n + LAYER_NORM_EPSILON));
    for (int o = 0; o < n; o++) {
      y[o] = (y[o] - mean) * inv * g[o] + b[o];
    }
  }

  @Override
  public void close() {}
}
