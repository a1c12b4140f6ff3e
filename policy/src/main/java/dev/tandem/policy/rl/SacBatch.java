package dev.tandem.policy.rl;

/**
 * One batch of transitions in environment units, row-major: {@code states} and {@code nextStates}
 * [size * stateSize], {@code actions} [size * actionSize]. The first {@code priorCount} rows come
 * from prior data, the rest from online data. The first {@code anchorCount} rows (of the prior
 * rows) are those whose actions the actor's behavior-cloning term pulls towards ({@link
 * SacLearner#setActorBcWeight}).
 */
public record SacBatch(
    int size,
    int stateSize,
    int actionSize,
    float[] states,
    float[] actions,
    float[] rewards,
    float[] nextStates,
    boolean[] terminals,
    int priorCount,
    int anchorCount) {

  /** A batch whose prior rows are all anchors. */
  public SacBatch(
      int size,
      int stateSize,
      int actionSize,
      float[] states,
      float[] actions,
      float[] rewards,
      float[] nextStates,
      boolean[] terminals,
      int priorCount) {
    this(
        size,
        stateSize,
        actionSize,
        states,
        actions,
        rewards,
        nextStates,
        terminals,
        priorCount,
        priorCount);
  }

  public SacBatch {
    if (size < 1 || stateSize < 1 || actionSize < 1) {
      throw new IllegalArgumentException(
          "batch: size, stateSize and actionSize must be >= 1, found "
              + size
              + ", "
              + stateSize
              + ", "
              + actionSize);
    }
    check("states", states.length, size * stateSize);
    check("nextStates", nextStates.length, size * stateSize);
    check("actions", actions.length, size * actionSize);
    check("rewards", rewards.length, size);
    check("terminals", terminals.length, size);
    if (priorCount < 0 || priorCount > size) {
      throw new IllegalArgumentException(
          "batch.priorCount: expected 0.." + size + ", found " + priorCount);
    }
    if (anchorCount < 0 || anchorCount > priorCount) {
      throw new IllegalArgumentException(
          "batch.anchorCount: expected 0.." + priorCount + ", found " + anchorCount);
    }
  }

  private static void check(String field, int found, int expected) {
    if (found != expected) {
      throw new IllegalArgumentException(
          "batch." + field + ": expected " + expected + " values, found " + found);
    }
  }

  /** An empty batch to fill. */
  public static SacBatch allocate(int size, int stateSize, int actionSize) {
    return new SacBatch(
        size,
        stateSize,
        actionSize,
        new float[size * stateSize],
        new float[size * actionSize],
        new float[size],
        new float[size * stateSize],
        new boolean[size],
        0);
  }
}
