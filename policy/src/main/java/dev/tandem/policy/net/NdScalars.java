package dev.tandem.policy.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic between an array and a constant that is safe inside an autograd graph. Use these,
 * never {@code x.mul(2f)} and the other {@code NDArray} methods taking a {@code Number}, wherever
 * the result may be differentiated.
 *
 * <p>Why: DJL 0.36's PyTorch engine turns the number into a 0-dimensional tensor over a fresh Java
 * direct buffer ({@code torch::from_blob}: libtorch does not own or copy the memory, the Java array
 * object keeps the buffer alive), runs the operation and closes that tensor. The backward pass of
 * multiplication, division, maximum, minimum and power needs the constant, so the autograd graph
 * keeps a reference to the tensor; but nothing keeps its memory: once the closed array is garbage
 * collected, the buffer is freed and the backward pass reads freed memory. A garbage collection
 * between a forward pass and its backward pass therefore turns the constant into garbage (a test
 * read 1.4e-45 for 2.5), and the gradients with it: the rare non-finite SAC updates seen only in
 * long JVMs (where collections are frequent) came from here.
 *
 * <p>Here the constant is a tensor libtorch allocates ({@code torch::full}), so the graph's
 * reference keeps it alive. Addition and subtraction of a number do not keep the constant, but go
 * through here too so that one rule covers every differentiable expression.
 */
public final class NdScalars {
  private NdScalars() {}

  /** A 0-dimensional tensor holding {@code value}, owned by libtorch, on {@code like}'s manager. */
  public static NDArray constant(NDArray like, double value) {
    return like.getManager().full(new Shape(), (float) value, like.getDataType());
  }

  /** {@code x * c}. */
  public static NDArray mul(NDArray x, double c) {
    try (NDArray k = constant(x, c)) {
      return x.mul(k);
    }
  }

  /** {@code x / c}. */
  public static NDArray div(NDArray x, double c) {
    try (NDArray k = constant(x, c)) {
      return x.div(k);
    }
  }

  /** {@code x + c}. */
  public static NDArray add(NDArray x, double c) {
    try (NDArray k = constant(x, c)) {
      return x.add(k);
    }
  }

  /** {@code x - c}. */
  public static NDArray sub(NDArray x, double c) {
    try (NDArray k = constant(x, c)) {
      return x.sub(k);
    }
  }

  /** {@code c - x}. */
  public static NDArray rsub(double c, NDArray x) {
    try (NDArray k = constant(x, c)) {
      return k.sub(x);
    }
  }

  /** Element-wise {@code max(x, c)}. */
  public static NDArray maximum(NDArray x, double c) {
    try (NDArray k = constant(x, c)) {
      return x.maximum(k);
    }
  }
}
