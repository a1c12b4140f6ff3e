package dev.tandem.policy.config;

import java.util.List;
import java.util.Objects;

/**
 * The policy network: an MLP trunk ({@code hiddenSizes}, ReLU, optional LayerNorm after each hidden
 * linear layer), a head ({@code head}; {@code gmmModes} and {@code minStd} for the mixture), and an
 * optional image encoder ({@code encoder}, null for state-only policies).
 */
public record NetworkConfig(
    List<Integer> hiddenSizes,
    boolean layerNorm,
    HeadType head,
    int gmmModes,
    double minStd,
    EncoderConfig encoder) {

  public NetworkConfig {
    hiddenSizes = hiddenSizes == null ? List.of() : List.copyOf(hiddenSizes);
    if (hiddenSizes.isEmpty()) {
      throw new IllegalArgumentException("network.hiddenSizes: expected at least one layer size");
    }
    for (Integer h : hiddenSizes) {
      if (h == null || h < 1 || h > 65536) {
        throw new IllegalArgumentException(
            "network.hiddenSizes: expected sizes in 1..65536, found " + hiddenSizes);
      }
    }
    Objects.requireNonNull(head, "network.head: expected deterministic, gmm or tanh_gaussian");
    if (head == HeadType.GMM && (gmmModes < 1 || gmmModes > 64)) {
      throw new IllegalArgumentException(
          "network.gmmModes: a gmm head needs 1..64 modes, found " + gmmModes);
    }
    if (!(minStd > 0) || minStd > 1) {
      throw new IllegalArgumentException("network.minStd: expected (0, 1], found " + minStd);
    }
  }

  /** State-only MLP with a deterministic head. */
  public static NetworkConfig mlp(int... hidden) {
    return new NetworkConfig(
        java.util.Arrays.stream(hidden).boxed().toList(),
        false,
        HeadType.DETERMINISTIC,
        5,
        1e-2,
        null);
  }

  /** The default behavior-cloning network: 2x256 ReLU MLP, deterministic head. */
  public static NetworkConfig defaults() {
    return mlp(256, 256);
  }

  public NetworkConfig withHead(HeadType newHead, int modes) {
    return new NetworkConfig(hiddenSizes, layerNorm, newHead, modes, minStd, encoder);
  }

  public NetworkConfig withLayerNorm(boolean on) {
    return new NetworkConfig(hiddenSizes, on, head, gmmModes, minStd, encoder);
  }

  public NetworkConfig withEncoder(EncoderConfig newEncoder) {
    return new NetworkConfig(hiddenSizes, layerNorm, head, gmmModes, minStd, newEncoder);
  }

  public boolean usesImages() {
    return encoder != null;
  }
}
