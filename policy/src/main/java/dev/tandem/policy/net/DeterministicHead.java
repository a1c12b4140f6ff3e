package dev.tandem.policy.net;

import ai.djl.ndarray.NDArray;
import java.util.SplittableRandom;

/** The network output is the action; loss is the squared error averaged over action elements. */
public record DeterministicHead(int actionDim) implements PolicyHead {

  @Override
  public int outputSize() {
    return actionDim;
  }

  @Override
  public NDArray loss(NDArray out, NDArray target) {
    return out.sub(target).square().mean(new int[] {1});
  }

  /** Squared error averaged over the unmasked elements of each sample. */
  @Override
  public NDArray loss(NDArray out, NDArray target, NDArray mask) {
    return out.sub(target).square().mul(mask).sum(new int[] {1}).div(mask.sum(new int[] {1}));
  }

  @Override
  public NDArray act(NDArray out) {
    return out;
  }

  @Override
  public void act(float[] out, int outOffset, float[] action, int actionOffset) {
    System.arraycopy(out, outOffset, action, actionOffset, actionDim);
  }

  @Override
  public void sample(
      float[] out, int outOffset, float[] action, int actionOffset, SplittableRandom rng) {
    act(out, outOffset, action, actionOffset);
  }
}
