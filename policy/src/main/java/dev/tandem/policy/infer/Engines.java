package dev.tandem.policy.infer;

import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.checkpoint.Checkpoint;
import dev.tandem.policy.config.InferenceConfig;

/** Picks and builds the engine that runs a checkpoint. */
public final class Engines {
  private Engines() {}

  /**
   * {@code auto}: the pure-Java engine for state-only networks on CPU (lowest latency), DJL for
   * image encoders or a GPU.
   */
  public static InferenceConfig.Engine resolve(
      InferenceConfig.Engine choice, DjlRuntime runtime, Checkpoint checkpoint) {
    if (choice != InferenceConfig.Engine.AUTO) {
      return choice;
    }
    boolean stateOnly = checkpoint.config().network().encoder() == null;
    return stateOnly && !runtime.onGpu() ? InferenceConfig.Engine.JAVA : InferenceConfig.Engine.DJL;
  }

  public static PolicyEngine create(
      InferenceConfig.Engine choice, DjlRuntime runtime, Checkpoint checkpoint) {
    return switch (resolve(choice, runtime, checkpoint)) {
      case JAVA -> new JavaMlpEngine(checkpoint);
      case DJL, AUTO -> new DjlEngine(runtime, checkpoint);
    };
  }
}
