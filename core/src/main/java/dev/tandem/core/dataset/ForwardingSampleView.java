package dev.tandem.core.dataset;

import dev.tandem.core.data.SampleClass;
import java.util.Objects;

/**
 * A sample view that forwards every call to another; extend it and override what changes (e.g.
 * {@link #weight} and {@link #sampleClass} from an intervention weighting scheme, or {@link
 * #reward} for RLIF rewards) while the data stays memory-mapped underneath.
 */
public abstract class ForwardingSampleView implements SampleView {

  private final SampleView delegate;

  protected ForwardingSampleView(SampleView delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  protected SampleView delegate() {
    return delegate;
  }

  @Override
  public int size() {
    return delegate.size();
  }

  @Override
  public int stateSize() {
    return delegate.stateSize();
  }

  @Override
  public int actionSize() {
    return delegate.actionSize();
  }

  @Override
  public void state(int i, float[] out, int offset) {
    delegate.state(i, out, offset);
  }

  @Override
  public void action(int i, float[] out, int offset) {
    delegate.action(i, out, offset);
  }

  @Override
  public void nextState(int i, float[] out, int offset) {
    delegate.nextState(i, out, offset);
  }

  @Override
  public float reward(int i) {
    return delegate.reward(i);
  }

  @Override
  public boolean terminal(int i) {
    return delegate.terminal(i);
  }

  @Override
  public boolean episodeEnd(int i) {
    return delegate.episodeEnd(i);
  }

  @Override
  public float weight(int i) {
    return delegate.weight(i);
  }

  @Override
  public SampleClass sampleClass(int i) {
    return delegate.sampleClass(i);
  }

  @Override
  public int stepAfter(int i, int steps) {
    return delegate.stepAfter(i, steps);
  }

  @Override
  public void image(int i, String camera, byte[] out) {
    delegate.image(i, camera, out);
  }
}
