package dev.tandem.policy.net;

import ai.djl.ndarray.NDArray;
import dev.tandem.policy.config.NetworkConfig;
import java.util.SplittableRandom;

/**
 * Turns the network's raw output into an action distribution. Everything is in normalized action
 * units. The NDArray methods run in training and DJL inference; the float[] methods are the same
 * maths for the pure-Java inference engine.
 */
public sealed interface PolicyHead permits DeterministicHead, GmmHead, TanhGaussianHead {

  /** Number of raw network outputs the head reads per sample. */
  int outputSize();

  int actionDim();

  /** Per-sample training loss (shape [B]) of raw outputs [B, outputSize] for targets [B, A]. */
  NDArray loss(NDArray out, NDArray target);

  /**
   * Per-sample loss over the target elements where {@code mask} [B, A] is 1 only (elements with 0,
   * the padded steps of an action chunk, neither count nor get a gradient).
   */
  default NDArray loss(NDArray out, NDArray target, NDArray mask) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " predicts single actions: it has no masked (chunk) loss");
  }

  /** The deterministic action [B, A] (the mean; for a mixture, the mean of the likeliest mode). */
  NDArray act(NDArray out);

  /** The deterministic action of one sample's raw outputs. */
  void act(float[] out, int outOffset, float[] action, int actionOffset);

  /** A sampled action of one sample's raw outputs. */
  void sample(float[] out, int outOffset, float[] action, int actionOffset, SplittableRandom rng);

  /**
   * The head of {@code config} for actions of {@code actionDim} elements; a chunking network's head
   * covers the whole chunk ({@code chunkSize x actionDim} elements, step-major).
   */
  static PolicyHead of(NetworkConfig config, int actionDim) {
    int dim = actionDim * config.chunkSize();
    return switch (config.head()) {
      case DETERMINISTIC -> new DeterministicHead(dim);
      case GMM -> new GmmHead(config.gmmModes(), dim, config.minStd());
      case TANH_GAUSSIAN -> new TanhGaussianHead(dim);
    };
  }
}
