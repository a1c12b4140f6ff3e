package dev.tandem.core.store;

/**
 * Told by the store's flusher thread after each group commit which steps are on disk. Calls come
 * from that one thread, in commit order; keep them short (hand work to another thread).
 */
public interface DurabilityListener {

  /**
   * The first {@code durableSteps} steps of the episode (and its end record when {@code ended}) are
   * forced to disk and survive a crash of the process or the machine.
   */
  void onDurable(long episodeId, int durableSteps, boolean ended);

  /** Writing the episode failed; it takes no more steps and reopens as recovered. */
  default void onFailure(long episodeId, Exception error) {}
}
