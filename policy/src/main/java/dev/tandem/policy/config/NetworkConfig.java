package dev.tandem.policy.config;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.List;
import java.util.Objects;

/**
 * The policy network: an MLP trunk ({@code hiddenSizes}, ReLU, optional LayerNorm after each hidden
 * linear layer), a head ({@code head}; {@code gmmModes} and {@code minStd} for the mixture), and an
 * optional image encoder ({@code encoder}, null for state-only policies). {@code stateInputs} names
 * the {@code observation.state} elements the network reads, in that order (empty: all of them), so
 * a policy can leave out features that do not help it generalize from few demonstrations (e.g.
 * joint angles and object orientation for pushing); the environment still supplies the whole state.
 * {@code chunking} makes the network predict the next k actions instead of one ({@link
 * ChunkingConfig}; absent: single-step).
 */
@RecordBuilder
public record NetworkConfig(
    List<Integer> hiddenSizes,
    boolean layerNorm,
    HeadType head,
    int gmmModes,
    double minStd,
    EncoderConfig encoder,
    List<String> stateInputs,
    ChunkingConfig chunking)
    implements NetworkConfigBuilder.With {

  /** A single-step network. */
  public NetworkConfig(
      List<Integer> hiddenSizes,
      boolean layerNorm,
      HeadType head,
      int gmmModes,
      double minStd,
      EncoderConfig encoder,
      List<String> stateInputs) {
    this(hiddenSizes, layerNorm, head, gmmModes, minStd, encoder, stateInputs, null);
  }

  /** A network that reads the whole state. */
  public NetworkConfig(
      List<Integer> hiddenSizes,
      boolean layerNorm,
      HeadType head,
      int gmmModes,
      double minStd,
      EncoderConfig encoder) {
    this(hiddenSizes, layerNorm, head, gmmModes, minStd, encoder, List.of(), null);
  }

  public NetworkConfig {
    chunking = chunking == null ? ChunkingConfig.none() : chunking;
    if (head == HeadType.TANH_GAUSSIAN && chunking.chunked()) {
      throw new IllegalArgumentException(
          "network.chunking.size: a tanh_gaussian (SAC) head is single-step, found "
              + chunking.size());
    }
    stateInputs = stateInputs == null ? List.of() : List.copyOf(stateInputs);
    if (new java.util.HashSet<>(stateInputs).size() != stateInputs.size()) {
      throw new IllegalArgumentException(
          "network.stateInputs: expected distinct state element names, found " + stateInputs);
    }
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
    return with(b -> b.head(newHead).gmmModes(modes));
  }

  /** Actions predicted per observation (1 without chunking). */
  public int chunkSize() {
    return chunking.size();
  }

  public boolean usesImages() {
    return encoder != null;
  }
}
