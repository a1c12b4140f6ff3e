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

  /** The deterministic action [B, A] (the mean; for a mixture, the mean of the likeliest mode). */
  NDArray act(NDArray out);

  /** The deterministic action of one sample's raw outputs. */
  void act(float[] out, int outOffset, float[] action, int actionOffset);

  /** A sampled action of one sample's raw outputs. */
  void sample(float[] out, int outOffset, float[] action, int actionOffset, SplittableRandom rng);

  static PolicyHead of(NetworkConfig config, int actionDim) {
    return switch (config.head()) {
      case DETERMINISTIC -> new DeterministicHead(actionDim);
      case GMM -> new GmmHead(config.gmmModes(), actionDim, config.minStd());
      case TANH_GAUSSIAN -> new TanhGaussianHead(actionDim);
    };
  }
}
