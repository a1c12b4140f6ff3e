package dev.tandem.policy.infer;

import dev.tandem.core.data.Action;
import dev.tandem.policy.config.ChunkingConfig;
import java.util.Arrays;

/**
 * Turns the action chunks a policy predicts into one action per step, for one episode at a time
 * ({@link ChunkingConfig.Execution}). Temporal ensembling (ACT): a chunk is predicted at every
 * step; the action for step t is the mean of every kept chunk's prediction for t (the chunks from
 * steps t-k+1..t since the last reset), weighted {@code w_i = exp(-m i)} with i = 0 for the oldest
 * chunk and m = {@code ensembleDecay}, divided by the weights' sum. Open loop: a chunk is predicted
 * when the previous one is used up and its actions are applied in order.
 *
 * <p>Per step: {@link #needsChunk()}, then {@link #add} the chunk predicted at this step if so,
 * then {@link #next()}. {@link #reset()} forgets every chunk (a new episode, or the policy drives
 * again after someone else did: the chunks predicted before assumed their own actions were
 * applied). Not thread-safe.
 */
public final class ChunkExecutor {

  private final ChunkingConfig config;
  private final int size;

  /** Temporal ensembling: the chunk predicted at step s in slot s % size. */
  private final Action[][] kept;

  private final long[] keptStep;

  /** Scratch: the slots of the chunks covering the current step, oldest first. */
  private final int[] covering;

  private long step;

  /** Open loop: the chunk being applied and the index of its next action. */
  private Action[] current;

  private int cursor;

  public ChunkExecutor(ChunkingConfig config) {
    this.config = config;
    this.size = config.size();
    this.kept = new Action[size][];
    this.keptStep = new long[size];
    this.covering = new int[size];
    reset();
  }

  public ChunkingConfig config() {
    return config;
  }

  /** Whether a chunk must be predicted for this step before {@link #next()}. */
  public boolean needsChunk() {
    return config.execution() == ChunkingConfig.Execution.TEMPORAL_ENSEMBLE
        || current == null
        || cursor == size;
  }

  /** The chunk predicted at this step: {@code size} actions, for this step and the next ones. */
  public void add(Action[] chunk) {
    if (chunk.length != size) {
      throw new IllegalArgumentException(
          "chunk of " + chunk.length + " actions, the policy predicts " + size);
    }
    if (config.execution() == ChunkingConfig.Execution.OPEN_LOOP) {
      current = chunk;
      cursor = 0;
      return;
    }
    int slot = (int) (step % size);
    kept[slot] = chunk;
    keptStep[slot] = step;
  }

  /** The action for this step; the executor moves on to the next step. */
  public Action next() {
    if (config.execution() == ChunkingConfig.Execution.OPEN_LOOP) {
      if (current == null || cursor == size) {
        throw new IllegalStateException("no chunk left to apply: add one first");
      }
      return current[cursor++];
    }
    try {
      return ensemble();
    } finally {
      step++;
    }
  }

  private Action ensemble() {
    if (size == 1) {
      if (kept[0] == null || keptStep[0] != step) {
        throw new IllegalStateException("no chunk predicted for step " + step);
      }
      return kept[0][0];
    }
    // Chunks covering this step, oldest first: predicted at step - size + 1 ... step.
    int count = 0;
    int dim = -1;
    for (long s = step - size + 1; s <= step; s++) {
      int slot = (int) Math.floorMod(s, (long) size);
      if (s >= 0 && kept[slot] != null && keptStep[slot] == s) {
        covering[count++] = slot;
        dim = kept[slot][0].dim();
      }
    }
    if (count == 0) {
      throw new IllegalStateException("no chunk predicted for step " + step);
    }
    double[] sum = new double[dim];
    double weightSum = 0;
    for (int i = 0; i < count; i++) {
      int slot = covering[i];
      double w = Math.exp(-config.ensembleDecay() * i);
      float[] a = kept[slot][(int) (step - keptStep[slot])].values();
      for (int d = 0; d < dim; d++) {
        sum[d] += w * a[d];
      }
      weightSum += w;
    }
    float[] out = new float[dim];
    for (int d = 0; d < dim; d++) {
      out[d] = (float) (sum[d] / weightSum);
    }
    return new Action(out);
  }

  /** Forgets every chunk: the next step predicts afresh. */
  public void reset() {
    Arrays.fill(kept, null);
    Arrays.fill(keptStep, -1);
    step = 0;
    current = null;
    cursor = 0;
  }
}
