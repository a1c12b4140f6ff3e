package dev.tandem.policy;

import dev.tandem.core.dataset.SampleView;
import dev.tandem.core.env.Environment;
import dev.tandem.core.policy.Policy;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.policy.checkpoint.PolicyFeatures;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.checkpoint.StoredPolicy;
import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.data.ImageSource;
import dev.tandem.policy.infer.InferencePolicy;
import dev.tandem.policy.train.BcTrainer;
import dev.tandem.policy.train.RolloutEvaluator;
import dev.tandem.policy.train.TrainingListener;
import dev.tandem.policy.train.TrainingResult;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The library entry points the command line and the runtime call: train a policy into a registry,
 * serve a registry's current version, evaluate a policy.
 */
public final class Policies {
  private Policies() {}

  /** Optional parts of a training run. */
  public record TrainOptions(
      ImageSource images,
      List<TrainingListener> listeners,
      RolloutEvaluator rolloutEvaluator,
      Map<String, String> info) {
    public TrainOptions {
      images = images == null ? ImageSource.NONE : images;
      listeners = listeners == null ? List.of() : List.copyOf(listeners);
      info = info == null ? Map.of() : Map.copyOf(info);
    }

    public static TrainOptions none() {
      return new TrainOptions(null, null, null, null);
    }
  }

  /** Trains on {@code data} for {@code environment} and publishes the result as a new version. */
  public static PolicyVersion train(
      DjlRuntime runtime,
      SampleView data,
      EnvironmentSpec environment,
      BcConfig config,
      PolicyRegistry registry) {
    return train(
        runtime,
        data,
        PolicyFeatures.of(environment, config.network()),
        config,
        registry,
        TrainOptions.none());
  }

  /** As above, for explicit features; returns the published version. */
  public static PolicyVersion train(
      DjlRuntime runtime,
      SampleView data,
      PolicyFeatures features,
      BcConfig config,
      PolicyRegistry registry,
      TrainOptions options) {
    return registry.publish(trainOnly(runtime, data, features, config, options).checkpoint());
  }

  /** Trains without publishing; the result holds the checkpoint and the learning curve. */
  public static TrainingResult trainOnly(
      DjlRuntime runtime,
      SampleView data,
      PolicyFeatures features,
      BcConfig config,
      TrainOptions options) {
    BcTrainer trainer = new BcTrainer(runtime);
    options.listeners().forEach(trainer::addListener);
    if (options.rolloutEvaluator() != null) {
      trainer.rolloutEvaluator(options.rolloutEvaluator());
    }
    TrainingResult r = trainer.train(data, options.images(), features, config);
    if (options.info().isEmpty()) {
      return r;
    }
    Map<String, String> info = new java.util.LinkedHashMap<>(r.checkpoint().info());
    info.putAll(options.info());
    return new TrainingResult(
        r.checkpoint().withInfo(info),
        r.history(),
        r.selectedStep(),
        r.trainSamples(),
        r.validationSamples(),
        r.seconds(),
        r.samplesPerSecond());
  }

  /** Serves the registry's current version for {@code environment} on an inference thread. */
  public static InferencePolicy serveCurrent(
      DjlRuntime runtime,
      PolicyRegistry registry,
      EnvironmentSpec environment,
      InferenceConfig config) {
    StoredPolicy p = registry.loadCurrent();
    return InferencePolicy.start(runtime, p, environment, config);
  }

  /** Success rate of {@code policy} over one episode per seed. */
  public static double evaluate(Policy policy, Supplier<Environment> environments, long[] seeds) {
    return PolicyEvaluation.evaluate(policy, environments, seeds).successRate();
  }
}
