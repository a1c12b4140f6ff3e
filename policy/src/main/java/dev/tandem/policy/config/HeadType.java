package dev.tandem.policy.config;

/** The output distribution of a policy network. */
public enum HeadType {
  /** One action per observation, trained with (weighted) mean squared error. */
  DETERMINISTIC,
  /** A K-mode Gaussian mixture (Sirius / robomimic BC-GMM), trained by negative log-likelihood. */
  GMM,
  /** A tanh-squashed diagonal Gaussian (SAC's actor); actions must be normalized to [-1, 1]. */
  TANH_GAUSSIAN
}
