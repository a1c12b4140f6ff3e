package dev.tandem.runtime.training;

import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.intervention.EpisodeTimeline;
import dev.tandem.intervention.InterventionDataset;
import dev.tandem.intervention.Segmenter;
import dev.tandem.intervention.memory.Memory;
import dev.tandem.intervention.weighting.WeightingScheme;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.Policies;
import dev.tandem.policy.checkpoint.PolicyFeatures;
import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.config.TrainConfig;
import dev.tandem.policy.data.ImageSource;
import dev.tandem.policy.train.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where recorded episodes become a trained policy: segment the episodes, weight and select samples
 * with a scheme and a memory, then train behavior cloning with the scheme's mode (weighted loss or
 * weighted sampler). Used by {@code tandem train} and by experiments.
 */
public final class Training {
  private Training() {}

  /** The weighted training view over {@code episodeIds} of {@code store}, in that order. */
  public static InterventionDataset dataset(
      EpisodeStore store,
      List<Long> episodeIds,
      Segmenter segmenter,
      WeightingScheme weighting,
      Memory memory) {
    List<EpisodeTimeline> timelines = new ArrayList<>(episodeIds.size());
    for (long id : episodeIds) {
      timelines.add(EpisodeTimeline.of(store.readEpisode(id)));
    }
    return InterventionDataset.build(
        store.sampleView(episodeIds), timelines, segmenter, weighting, memory, Optional.empty());
  }

  /** The BC config for a weighting scheme: its mode decides how weights enter the loss. */
  public static BcConfig config(TrainingSettings settings, WeightingScheme weighting, long seed) {
    BcConfig bc = settings.toBcConfig(seed);
    TrainConfig t = bc.train();
    TrainConfig.Weighting mode =
        weighting.mode() == WeightingScheme.TrainingMode.WEIGHTED_SAMPLER
            ? TrainConfig.Weighting.SAMPLER
            : TrainConfig.Weighting.LOSS;
    return bc.withTrain(t.withWeighting(mode));
  }

  /** Trains on {@code data}; {@code info} is stored in the checkpoint with the class counts. */
  public static TrainingResult train(
      DjlRuntime djl,
      InterventionDataset data,
      EnvironmentSpec spec,
      BcConfig bc,
      Map<String, String> info) {
    Map<String, String> all = new TreeMap<>(info);
    all.put("training.class_counts", data.counts().counts().toString());
    all.put("training.class_weights", data.classWeights().toString());
    return Policies.trainOnly(
        djl,
        data,
        PolicyFeatures.of(spec, bc.network()),
        bc,
        new Policies.TrainOptions(ImageSource.of(data), null, null, all));
  }
}
