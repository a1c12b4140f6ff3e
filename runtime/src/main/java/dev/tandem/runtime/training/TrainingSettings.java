package dev.tandem.runtime.training;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.config.ChunkingConfig;
import dev.tandem.policy.config.EncoderConfig;
import dev.tandem.policy.config.HeadType;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.config.TrainConfig;
import java.util.List;

/**
 * The policy-training knobs an experiment exposes; anything not set keeps the policy module's
 * defaults ({@link BcConfig#defaults()}: 2x256 MLP, deterministic head, Adam). {@code
 * matmulPrecision} ({@code auto|highest|medium}) is PyTorch's float32 matmul precision while
 * training ({@link TrainConfig.MatmulPrecision}). What the policy observes is chosen here too:
 * {@code stateInputs} names the {@code observation.state} elements it reads (empty or absent: all),
 * and {@code encoder} the cameras it reads (each one of the task's {@code sim.cameras}, with its
 * size and mount) and the image encoder's shape; the policy records both and is refused by an
 * environment that does not provide them. {@code chunking} ({@code size}, {@code execution:
 * temporal_ensemble|open_loop}, {@code ensembleDecay}; absent: single-step actions) makes the
 * policy predict and execute chunks of actions ({@link ChunkingConfig}); the checkpoint records it.
 */
public record TrainingSettings(
    Integer steps,
    Integer batchSize,
    Double learningRate,
    List<Integer> hiddenSizes,
    Boolean layerNorm,
    String head,
    Integer gmmModes,
    String device,
    String matmulPrecision,
    List<String> stateInputs,
    EncoderConfig encoder,
    ChunkingConfig chunking) {

  /** Settings with what the policy observes, single-step actions. */
  public TrainingSettings(
      Integer steps,
      Integer batchSize,
      Double learningRate,
      List<Integer> hiddenSizes,
      Boolean layerNorm,
      String head,
      Integer gmmModes,
      String device,
      String matmulPrecision,
      List<String> stateInputs,
      EncoderConfig encoder) {
    this(
        steps,
        batchSize,
        learningRate,
        hiddenSizes,
        layerNorm,
        head,
        gmmModes,
        device,
        matmulPrecision,
        stateInputs,
        encoder,
        null);
  }

  /** Settings that read the whole state and no camera. */
  public TrainingSettings(
      Integer steps,
      Integer batchSize,
      Double learningRate,
      List<Integer> hiddenSizes,
      Boolean layerNorm,
      String head,
      Integer gmmModes,
      String device,
      String matmulPrecision) {
    this(
        steps,
        batchSize,
        learningRate,
        hiddenSizes,
        layerNorm,
        head,
        gmmModes,
        device,
        matmulPrecision,
        null,
        null,
        null);
  }

  public TrainingSettings {
    stateInputs = stateInputs == null ? List.of() : List.copyOf(stateInputs);
    if (steps != null) {
      ConfigChecks.positive(steps, "steps");
    }
    if (batchSize != null) {
      ConfigChecks.positive(batchSize, "batchSize");
    }
    if (learningRate != null) {
      ConfigChecks.inRange(learningRate, 1e-7, 1.0, "learningRate");
    }
    if (head != null) {
      ConfigChecks.oneOf(head, List.of("deterministic", "gmm"), "head");
    }
    device = ConfigChecks.orDefault(device, "auto");
    ConfigChecks.oneOf(device, List.of("auto", "cpu", "gpu"), "device");
    matmulPrecision = ConfigChecks.orDefault(matmulPrecision, "auto");
    ConfigChecks.oneOf(matmulPrecision, List.of("auto", "highest", "medium"), "matmulPrecision");
  }

  /** These settings with {@code chunking} (null: single-step). */
  public TrainingSettings withChunking(ChunkingConfig newChunking) {
    return new TrainingSettings(
        steps,
        batchSize,
        learningRate,
        hiddenSizes,
        layerNorm,
        head,
        gmmModes,
        device,
        matmulPrecision,
        stateInputs,
        encoder,
        newChunking);
  }

  public static TrainingSettings defaults() {
    return new TrainingSettings(null, null, null, null, null, null, null, null, null);
  }

  /** The BC config for one training run, seeded. */
  public BcConfig toBcConfig(long seed) {
    BcConfig d = BcConfig.defaults();
    NetworkConfig n = d.network();
    n =
        new NetworkConfig(
            hiddenSizes != null ? hiddenSizes : n.hiddenSizes(),
            layerNorm != null ? layerNorm : n.layerNorm(),
            head != null ? HeadType.valueOf(head.toUpperCase()) : n.head(),
            gmmModes != null ? gmmModes : n.gmmModes(),
            n.minStd(),
            encoder,
            stateInputs,
            chunking);
    TrainConfig t = d.train();
    t =
        new TrainConfig(
            steps != null ? steps : t.steps(),
            batchSize != null ? batchSize : t.batchSize(),
            learningRate != null ? learningRate : t.learningRate(),
            t.weightDecay(),
            t.weighting(),
            t.validationFraction(),
            t.evaluateEverySteps(),
            t.selection(),
            seed,
            TrainConfig.MatmulPrecision.valueOf(matmulPrecision.toUpperCase()));
    return d.withNetwork(n).withTrain(t);
  }
}
