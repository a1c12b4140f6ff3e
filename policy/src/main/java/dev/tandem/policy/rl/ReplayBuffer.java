package dev.tandem.policy.rl;

import dev.tandem.core.data.SampleClass;
import dev.tandem.core.dataset.SampleView;

/**
 * A fixed-capacity ring of online transitions, readable as a {@link SampleView} (index 0 is the
 * oldest kept transition). When full, each new transition replaces the oldest.
 */
public final class ReplayBuffer implements SampleView {

  private final int capacity;
  private final int stateSize;
  private final int actionSize;
  private final float[] states;
  private final float[] actions;
  private final float[] nextStates;
  private final float[] rewards;
  private final boolean[] terminal;
  private final boolean[] episodeEnd;
  private final SampleClass[] classes;
  private int next;
  private int size;

  public ReplayBuffer(int capacity, int stateSize, int actionSize) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity: expected >= 1, found " + capacity);
    }
    if (stateSize < 1 || actionSize < 1) {
      throw new IllegalArgumentException(
          "stateSize and actionSize: expected >= 1, found " + stateSize + ", " + actionSize);
    }
    this.capacity = capacity;
    this.stateSize = stateSize;
    this.actionSize = actionSize;
    states = new float[Math.multiplyExact(capacity, stateSize)];
    nextStates = new float[Math.multiplyExact(capacity, stateSize)];
    actions = new float[Math.multiplyExact(capacity, actionSize)];
    rewards = new float[capacity];
    terminal = new boolean[capacity];
    episodeEnd = new boolean[capacity];
    classes = new SampleClass[capacity];
  }

  /** Adds one transition (copied). */
  public void add(
      float[] state,
      float[] action,
      float reward,
      float[] nextState,
      boolean isTerminal,
      boolean isEpisodeEnd,
      SampleClass sampleClass) {
    if (state.length != stateSize || nextState.length != stateSize) {
      throw new IllegalArgumentException(
          "replay: state has " + state.length + " values, expected " + stateSize);
    }
    if (action.length != actionSize) {
      throw new IllegalArgumentException(
          "replay: action has " + action.length + " values, expected " + actionSize);
    }
    if (!Float.isFinite(reward)) {
      throw new IllegalArgumentException("replay: reward must be finite, found " + reward);
    }
    System.arraycopy(state, 0, states, next * stateSize, stateSize);
    System.arraycopy(nextState, 0, nextStates, next * stateSize, stateSize);
    System.arraycopy(action, 0, actions, next * actionSize, actionSize);
    rewards[next] = reward;
    terminal[next] = isTerminal;
    episodeEnd[next] = isEpisodeEnd || isTerminal;
    classes[next] = sampleClass == null ? SampleClass.ROBOT : sampleClass;
    next = (next + 1) % capacity;
    size = Math.min(size + 1, capacity);
  }

  public int capacity() {
    return capacity;
  }

  private int slot(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("replay index " + i + " of " + size);
    }
    return size < capacity ? i : (next + i) % capacity;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int stateSize() {
    return stateSize;
  }

  @Override
  public int actionSize() {
    return actionSize;
  }

  @Override
  public void state(int i, float[] out, int offset) {
    System.arraycopy(states, slot(i) * stateSize, out, offset, stateSize);
  }

  @Override
  public void action(int i, float[] out, int offset) {
    System.arraycopy(actions, slot(i) * actionSize, out, offset, actionSize);
  }

  @Override
  public void nextState(int i, float[] out, int offset) {
    System.arraycopy(nextStates, slot(i) * stateSize, out, offset, stateSize);
  }

  @Override
  public float reward(int i) {
    return rewards[slot(i)];
  }

  @Override
  public boolean terminal(int i) {
    return terminal[slot(i)];
  }

  @Override
  public boolean episodeEnd(int i) {
    return episodeEnd[slot(i)];
  }

  @Override
  public float weight(int i) {
    slot(i);
    return 1f;
  }

  @Override
  public SampleClass sampleClass(int i) {
    return classes[slot(i)];
  }
}
