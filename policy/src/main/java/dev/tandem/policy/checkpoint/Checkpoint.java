package dev.tandem.policy.checkpoint;

import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.data.Normalizer;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to rebuild a trained policy: the features it reads and writes, the config it
 * was trained with (its network part rebuilds the network), the normalizers fitted on the training
 * data, a hash of that data, the parameters in network order, and free-form info (training figures,
 * parent version...).
 */
@RecordBuilder
public record Checkpoint(
    PolicyFeatures features,
    BcConfig config,
    Normalizer stateNormalizer,
    Normalizer actionNormalizer,
    String dataHash,
    List<Tensor> parameters,
    Map<String, String> info)
    implements CheckpointBuilder.With {

  public Checkpoint {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(stateNormalizer, "stateNormalizer");
    Objects.requireNonNull(actionNormalizer, "actionNormalizer");
    dataHash = dataHash == null ? "" : dataHash;
    parameters = List.copyOf(parameters);
    info = info == null ? Map.of() : Map.copyOf(info);
    int networkState = features.networkStateSize(config.network());
    if (stateNormalizer.size() != networkState) {
      throw new IllegalArgumentException(
          "checkpoint: state normalizer has "
              + stateNormalizer.size()
              + " elements, the network reads "
              + networkState
              + " state values");
    }
    features.stateInputIndices(config.network());
    if (actionNormalizer.size() != features.actionDim()) {
      throw new IllegalArgumentException(
          "checkpoint: action normalizer has "
              + actionNormalizer.size()
              + " elements, action spec "
              + features.actionDim());
    }
  }
}
