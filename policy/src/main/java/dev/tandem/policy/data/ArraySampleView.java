package dev.tandem.policy.data;

import dev.tandem.core.data.SampleClass;
import dev.tandem.core.dataset.SampleView;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link SampleView} held in heap arrays, built episode by episode. Useful for tests, scripted
 * demonstrations and small datasets; the episode store provides the disk-backed view.
 */
public final class ArraySampleView implements SampleView {

  private final int stateSize;
  private final int actionSize;
  private final float[] states;
  private final float[] actions;
  private final float[] nextStates;
  private final float[] rewards;
  private final boolean[] terminal;
  private final boolean[] episodeEnd;
  private final float[] weights;
  private final SampleClass[] classes;

  private ArraySampleView(Builder b) {
    stateSize = b.stateSize;
    actionSize = b.actionSize;
    int n = b.rows.size();
    states = new float[n * stateSize];
    actions = new float[n * actionSize];
    nextStates = new float[n * stateSize];
    rewards = new float[n];
    terminal = new boolean[n];
    episodeEnd = new boolean[n];
    weights = new float[n];
    classes = new SampleClass[n];
    for (int i = 0; i < n; i++) {
      Row r = b.rows.get(i);
      System.arraycopy(r.state, 0, states, i * stateSize, stateSize);
      System.arraycopy(r.action, 0, actions, i * actionSize, actionSize);
      System.arraycopy(r.next, 0, nextStates, i * stateSize, stateSize);
      rewards[i] = r.reward;
      terminal[i] = r.terminal;
      episodeEnd[i] = r.episodeEnd;
      weights[i] = r.weight;
      classes[i] = r.sampleClass;
    }
  }

  public static Builder builder(int stateSize, int actionSize) {
    return new Builder(stateSize, actionSize);
  }

  private record Row(
      float[] state,
      float[] action,
      float[] next,
      float reward,
      boolean terminal,
      boolean episodeEnd,
      float weight,
      SampleClass sampleClass) {}

  /** Collects samples; call {@link #endEpisode} after the last sample of each episode. */
  public static final class Builder {
    private final int stateSize;
    private final int actionSize;
    private final List<Row> rows = new ArrayList<>();

    private Builder(int stateSize, int actionSize) {
      if (stateSize < 1 || actionSize < 1) {
        throw new IllegalArgumentException(
            "state and action sizes must be positive, found " + stateSize + ", " + actionSize);
      }
      this.stateSize = stateSize;
      this.actionSize = actionSize;
    }

    public Builder add(float[] state, float[] action, float weight, SampleClass sampleClass) {
      return add(state, action, state, 0f, false, weight, sampleClass);
    }

    public Builder add(
        float[] state,
        float[] action,
        float[] nextState,
        float reward,
        boolean terminal,
        float weight,
        SampleClass sampleClass) {
      if (state.length != stateSize || nextState.length != stateSize) {
        throw new IllegalArgumentException(
            "sample "
                + rows.size()
                + ": state has "
                + state.length
                + " values, expected "
                + stateSize);
      }
      if (action.length != actionSize) {
        throw new IllegalArgumentException(
            "sample "
                + rows.size()
                + ": action has "
                + action.length
                + " values, expected "
                + actionSize);
      }
      if (!(weight >= 0) || !Float.isFinite(weight)) {
        throw new IllegalArgumentException(
            "sample " + rows.size() + ": weight must be finite and >= 0, found " + weight);
      }
      rows.add(
          new Row(
              state.clone(),
              action.clone(),
              nextState.clone(),
              reward,
              terminal,
              false,
              weight,
              Objects.requireNonNull(sampleClass, "sampleClass")));
      return this;
    }

    /** Marks the last added sample as the end of its episode. */
    public Builder endEpisode() {
      if (rows.isEmpty()) {
        throw new IllegalStateException("endEpisode before any sample");
      }
      Row last = rows.remove(rows.size() - 1);
      rows.add(
          new Row(
              last.state,
              last.action,
              last.next,
              last.reward,
              last.terminal,
              true,
              last.weight,
              last.sampleClass));
      return this;
    }

    public int size() {
      return rows.size();
    }

    public ArraySampleView build() {
      if (!rows.isEmpty() && !rows.get(rows.size() - 1).episodeEnd) {
        endEpisode();
      }
      return new ArraySampleView(this);
    }
  }

  @Override
  public int size() {
    return rewards.length;
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
    System.arraycopy(states, i * stateSize, out, offset, stateSize);
  }

  @Override
  public void action(int i, float[] out, int offset) {
    System.arraycopy(actions, i * actionSize, out, offset, actionSize);
  }

  @Override
  public void nextState(int i, float[] out, int offset) {
    System.arraycopy(nextStates, i * stateSize, out, offset, stateSize);
  }

  @Override
  public float reward(int i) {
    return rewards[i];
  }

  @Override
  public boolean terminal(int i) {
    return terminal[i];
  }

  @Override
  public boolean episodeEnd(int i) {
    return episodeEnd[i];
  }

  @Override
  public float weight(int i) {
    return weights[i];
  }

  @Override
  public SampleClass sampleClass(int i) {
    return classes[i];
  }

  /** A view of the same samples with weights from {@code provider} (e.g. a weighting scheme). */
  public SampleView withWeights(ReweightedSampleView.WeightProvider provider) {
    return ReweightedSampleView.of(this, provider);
  }
}
