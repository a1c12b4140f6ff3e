package dev.tandem.policy.infer;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import dev.tandem.core.policy.Policy;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.policy.config.ChunkingConfig;

/**
 * One episode's way through a policy's action chunks: asks its source for a chunk when the {@link
 * ChunkExecutor} needs one and applies the executor's action. A chunk from another version than the
 * kept ones (the source was hot-swapped) starts afresh with that version's chunking. Closing a
 * stream leaves its source open. A chunking stream is one episode, one caller (not thread-safe); a
 * single-step policy's chunks pass straight through, so its stream may be shared by threads.
 */
final class ChunkStream implements Policy {

  /** A chunk predicted for one observation, with the version and chunking that predicted it. */
  record Chunk(PolicyVersion version, ChunkingConfig chunking, Action[] actions) {}

  /** Where the chunks come from: an engine, shared by every stream of one policy. */
  interface Source {
    Chunk chunk(Observation observation);

    PolicyVersion version();
  }

  private final Source source;
  private ChunkExecutor executor;
  private PolicyVersion executorVersion;

  ChunkStream(Source source) {
    this.source = source;
  }

  @Override
  public PolicyVersion version() {
    return source.version();
  }

  @Override
  public Action act(Observation observation) {
    if (executor == null || !source.version().equals(executorVersion) || executor.needsChunk()) {
      Chunk c = source.chunk(observation);
      if (c.chunking().size() == 1) {
        // a single-step policy keeps no episode state (the executor stays unused), so callers
        // that share a policy's own stream (concurrent act calls, batched) never race on it
        return c.actions()[0];
      }
      if (executor == null
          || !c.version().equals(executorVersion)
          || !c.chunking().equals(executor.config())) {
        executor = new ChunkExecutor(c.chunking());
        executorVersion = c.version();
      }
      executor.add(c.actions());
    }
    return executor.next();
  }

  /** A stream is one episode: one observation per step, through {@link #act(Observation)}. */
  @Override
  public java.util.List<Action> act(java.util.List<Observation> observations) {
    throw new UnsupportedOperationException(
        "a policy stream runs one episode: call act(observation) once per step");
  }

  @Override
  public void reset() {
    if (executor != null) {
      executor.reset();
    }
  }

  @Override
  public void close() {}
}
