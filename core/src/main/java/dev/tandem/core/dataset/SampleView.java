package dev.tandem.core.dataset;

import dev.tandem.core.data.SampleClass;

/**
 * A training view of recorded transitions, indexed 0..size()-1, without loading everything into
 * heap: the episode store provides the data, the intervention module the classes, weights and
 * rewards, and the policy trainers read it. Copy methods write into caller-owned arrays so a
 * trainer can fill a batch without allocating.
 */
public interface SampleView {

  int size();

  int stateSize();

  int actionSize();

  /** Copies {@code observation.state} of sample i into {@code out} at {@code offset}. */
  void state(int i, float[] out, int offset);

  /** Copies the applied action of sample i. */
  void action(int i, float[] out, int offset);

  /** Copies the state after sample i's action (the final observation for the last step). */
  void nextState(int i, float[] out, int offset);

  float reward(int i);

  /** True when sample i ended its episode by the task (no bootstrapping past it). */
  boolean terminal(int i);

  /** True when sample i is the last of its episode, for any reason. */
  boolean episodeEnd(int i);

  /** Training weight (1 when no weighting scheme applies). */
  float weight(int i);

  SampleClass sampleClass(int i);

  /**
   * The index of the sample recorded {@code steps} steps after sample i in the same episode, or -1
   * when the episode ends before it or that step is not in this view (a view that leaves samples
   * out, such as zero-weight ones, says so here). Action chunking reads an episode's next actions
   * through it. The default is for views whose episodes are contiguous and complete.
   */
  default int stepAfter(int i, int steps) {
    for (int j = 0; j < steps; j++) {
      if (i + j >= size() - 1 || episodeEnd(i + j)) {
        return -1;
      }
    }
    return i + steps;
  }

  /**
   * Copies the {@code observation.images.<camera>} frame of sample i (height x width x 3 bytes,
   * rows top to bottom, as {@link dev.tandem.core.data.ImageFrame}) into {@code out}. Views over
   * the episode store read it from the memory-mapped episode files; views without images refuse.
   *
   * @throws IllegalArgumentException when the view has no such camera or {@code out} is too small
   */
  default void image(int i, String camera, byte[] out) {
    throw new IllegalArgumentException(
        "this dataset has no images, but camera '" + camera + "' was asked for");
  }
}
