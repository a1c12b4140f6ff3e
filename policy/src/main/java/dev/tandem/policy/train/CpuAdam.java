package dev.tandem.policy.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Adam for parameters in CPU memory, computed in Java over direct views of the tensors' storage:
 * one pass over the values per parameter, and the gradient zeroed for the next backward pass.
 * Replaces DJL's optimizer step on CPU, which cost 1.3-3 ms of CPU time per step for a 2x256 MLP
 * (its fused update is several native operations per parameter, plus a gradient copy in the
 * parameter server), against ~0.1 ms here.
 *
 * <p>The views are taken once, at the first step (after the first backward pass has created the
 * gradients), and kept: PyTorch accumulates later gradients into the same tensor in place (the
 * gradient is never reset to undefined here, it is zeroed through the view), so the memory stays
 * the same. Taking them every step cost three JNI calls per parameter (~40-55 µs a step). The
 * gradient arrays are held open, so their memory cannot be freed under the views; every {@value
 * #CHECK_EVERY} steps the views are checked against fresh ones (same address), and a replaced
 * gradient fails the step instead of training on a stale copy.
 *
 * <p>Same rule as DJL's {@code Adam} (and the Adam paper), in {@link AdamKernel}: sequential Java
 * float maths, so the same inputs give the same parameters.
 *
 * <p>Only valid while nothing else touches the parameters (the training run owns them) and only on
 * CPU tensors: {@code toByteBuffer(true)} aliases the native memory of a contiguous CPU tensor.
 */
final class CpuAdam implements AutoCloseable {
  static final int CHECK_EVERY = 100;

  private final List<Parameter> parameters;
  private final float learningRate;
  private final float weightDecay;
  private final float[][] mean;
  private final float[][] variance;
  private final NDArray[] gradientArrays;
  private final FloatBuffer[] weightViews;
  private final FloatBuffer[] gradientViews;
  private float[] weights = new float[0];
  private float[] gradients = new float[0];
  private float[] zeros = new float[0];
  private int t;

  CpuAdam(List<Parameter> parameters, double learningRate, double weightDecay) {
    this.parameters = List.copyOf(parameters);
    this.learningRate = (float) learningRate;
    this.weightDecay = (float) weightDecay;
    int n = this.parameters.size();
    mean = new float[n][];
    variance = new float[n][];
    gradientArrays = new NDArray[n];
    weightViews = new FloatBuffer[n];
    gradientViews = new FloatBuffer[n];
    int widest = 0;
    for (int i = 0; i < n; i++) {
      int size = Math.toIntExact(this.parameters.get(i).getArray().size());
      mean[i] = new float[size];
      variance[i] = new float[size];
      widest = Math.max(widest, size);
    }
    weights = new float[widest];
    gradients = new float[widest];
    zeros = new float[widest];
  }

  /** One update of every parameter from its accumulated gradient; zeroes the gradients. */
  void step() {
    t++;
    if (weightViews[0] == null) {
      takeViews();
    } else if (t % CHECK_EVERY == 0) {
      checkViews();
    }
    float rate = AdamKernel.rate(learningRate, t);
    for (int i = 0; i < parameters.size(); i++) {
      float[] m = mean[i];
      float[] v = variance[i];
      int n = m.length;
      FloatBuffer wb = weightViews[i];
      FloatBuffer gb = gradientViews[i];
      wb.get(0, weights, 0, n);
      gb.get(0, gradients, 0, n);
      AdamKernel.update(weights, gradients, m, v, n, rate, weightDecay);
      wb.put(0, weights, 0, n);
      gb.put(0, zeros, 0, n);
    }
  }

  private void takeViews() {
    for (int i = 0; i < parameters.size(); i++) {
      NDArray w = parameters.get(i).getArray();
      gradientArrays[i] = w.getGradient();
      weightViews[i] = w.toByteBuffer(true).asFloatBuffer();
      gradientViews[i] = gradientArrays[i].toByteBuffer(true).asFloatBuffer();
      int n = mean[i].length;
      if (weightViews[i].remaining() != n || gradientViews[i].remaining() != n) {
        throw new IllegalStateException(
            "parameter "
                + parameters.get(i).getName()
                + ": expected "
                + n
                + " values, weight view has "
                + weightViews[i].remaining()
                + ", gradient view "
                + gradientViews[i].remaining());
      }
    }
  }

  /** The kept views still address the parameters' weight and gradient memory. */
  void checkViews() {
    for (int i = 0; i < parameters.size(); i++) {
      NDArray w = parameters.get(i).getArray();
      try (NDArray g = w.getGradient()) {
        if (address(w.toByteBuffer(true)) != address(weightViews[i])
            || address(g.toByteBuffer(true)) != address(gradientViews[i])) {
          throw new IllegalStateException(
              "parameter "
                  + parameters.get(i).getName()
                  + ": its weight or gradient tensor was replaced during training (something"
                  + " outside the trainer reset or reassigned it); the Java Adam would update a"
                  + " stale copy");
        }
      }
    }
  }

  private static long address(java.nio.Buffer direct) {
    return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
  }

  @Override
  public void close() {
    for (int i = 0; i < gradientArrays.length; i++) {
      if (gradientArrays[i] != null) {
        gradientArrays[i].close();
        gradientArrays[i] = null;
      }
      weightViews[i] = null;
      gradientViews[i] = null;
    }
  }
}
