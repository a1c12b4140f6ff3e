package dev.tandem.policy.infer;

import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.checkpoint.Checkpoint;
import dev.tandem.policy.config.InferenceConfig;

/** Picks and builds the engine that runs a checkpoint. */
public final class Engines {
  private Engines() {}

  /**
   * {@code auto}: the pure-Java engine for state-only networks on CPU (lowest latency; {@link
   * #create} pairs it with DJL for large batches), DJL for image encoders or a GPU.
   */
  public static InferenceConfig.Engine resolve(
      InferenceConfig.Engine choice, DjlRuntime runtime, Checkpoint checkpoint) {
    if (choice != InferenceConfig.Engine.AUTO) {
      return choice;
    }
    boolean stateOnly = checkpoint.config().network().encoder() == null;
    return stateOnly && !runtime.onGpu() ? InferenceConfig.Engine.JAVA : InferenceConfig.Engine.DJL;
  }

  /**
   * Builds the engine. {@code auto} on a state-only network on CPU builds a {@link HybridEngine}:
   * Java for small requests, DJL for batches of {@link HybridEngine#DEFAULT_THRESHOLD} or more.
   */
  public static PolicyEngine create(
      InferenceConfig.Engine choice, DjlRuntime runtime, Checkpoint checkpoint) {
    InferenceConfig.Engine resolved = resolve(choice, runtime, checkpoint);
    if (choice == InferenceConfig.Engine.AUTO && resolved == InferenceConfig.Engine.JAVA) {
      JavaMlpEngine java = new JavaMlpEngine(checkpoint);
      return new HybridEngine(
          java, new DjlEngine(runtime, checkpoint), HybridEngine.DEFAULT_THRESHOLD);
    }
    return switch (resolved) {
      case JAVA -> new JavaMlpEngine(checkpoint);
      case DJL, AUTO -> new DjlEngine(runtime, checkpoint);
    };
  }
}
