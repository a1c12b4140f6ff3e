package dev.tandem.policy.rl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * Serves parameters detached from autograd (same memory, no gradient), so a backward pass through
 * the block computes gradients for its inputs only. The actor's loss goes through the critics this
 * way: their weight gradients would be thrown away. The detached views belong to {@link #scope},
 * set to the step's scratch manager before each use.
 */
final class DetachedParameterStore extends ParameterStore {

  private NDManager scope;

  DetachedParameterStore(NDManager manager) {
    super(manager, false);
  }

  void scope(NDManager scratch) {
    this.scope = scratch;
  }

  @Override
  public NDArray getValue(Parameter parameter, Device device, boolean training) {
    NDArray detached = super.getValue(parameter, device, training).stopGradient();
    detached.attach(scope);
    return detached;
  }
}
