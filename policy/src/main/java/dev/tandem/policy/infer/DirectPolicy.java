package dev.tandem.policy.infer;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import dev.tandem.core.policy.Policy;
import dev.tandem.core.policy.PolicyVersion;
import java.util.Arrays;
import java.util.List;

/**
 * A policy that runs its engine on the calling thread. For evaluation and tests, where one thread
 * drives; the runtime uses {@link InferencePolicy}. A policy that predicts action chunks executes
 * them per episode as {@link InferencePolicy} does ({@link #reset()} clears its own episode, {@link
 * #stream()} gives another episode its own). Not thread-safe.
 */
public final class DirectPolicy implements Policy {
  private final PolicyEngine engine;
  private final PolicyVersion version;
  private final ChunkStream ownEpisode;

  public DirectPolicy(PolicyEngine engine, PolicyVersion version) {
    this.engine = engine;
    this.version = version;
    this.ownEpisode = new ChunkStream(chunkSource());
  }

  @Override
  public PolicyVersion version() {
    return version;
  }

  @Override
  public Action act(Observation observation) {
    return ownEpisode.act(observation);
  }

  /** Independent rows, no episode state: the first action of each row's chunk. */
  @Override
  public List<Action> act(List<Observation> observations) {
    return Arrays.asList(engine.act(observations));
  }

  @Override
  public void reset() {
    ownEpisode.reset();
  }

  @Override
  public Policy stream() {
    return new ChunkStream(chunkSource());
  }

  private ChunkStream.Source chunkSource() {
    return new ChunkStream.Source() {
      @Override
      public ChunkStream.Chunk chunk(Observation observation) {
        return new ChunkStream.Chunk(
            version,
            engine.checkpoint().config().network().chunking(),
            engine.chunks(List.of(observation))[0]);
      }

      @Override
      public PolicyVersion version() {
        return version;
      }
    };
  }

  @Override
  public void close() {
    engine.close();
  }
}
