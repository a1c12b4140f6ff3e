package dev.tandem.policy.config;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.Objects;

/** Everything a behavior-cloning run needs besides data: network, normalization, training. */
@RecordBuilder
public record BcConfig(NetworkConfig network, NormalizationConfig normalization, TrainConfig train)
    implements BcConfigBuilder.With {
  public BcConfig {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(normalization, "normalization");
    Objects.requireNonNull(train, "train");
    if (network.head() == HeadType.TANH_GAUSSIAN
        && normalization.action() != NormalizationConfig.Kind.MIN_MAX) {
      throw new IllegalArgumentException(
          "network.head tanh_gaussian produces actions in (-1, 1): normalization.action must be"
              + " min_max, found "
              + normalization.action().name().toLowerCase());
    }
  }

  /** 2x256 MLP, deterministic head, mean/std observations, min/max actions, default training. */
  public static BcConfig defaults() {
    return new BcConfig(
        NetworkConfig.defaults(), NormalizationConfig.defaults(), TrainConfig.defaults());
  }
}
