package dev.tandem.core.policy;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps observations to actions. Implementations may hold native resources (DJL models), so a policy
 * is closed by its owner. {@link #act(List)} is the batched form the runtime uses for vectorized
 * environments.
 */
public interface Policy extends AutoCloseable {

  PolicyVersion version();

  Action act(Observation observation);

  default List<Action> act(List<Observation> observations) {
    List<Action> out = new ArrayList<>(observations.size());
    for (Observation o : observations) {
      out.add(act(o));
    }
    return out;
  }

  /** Clears any per-episode state (recurrent memory, action chunks). */
  default void reset() {}

  /**
   * A policy for one more episode running alongside others through this one: same model and
   * version, its own per-episode state ({@link #reset()} clears only its own). The runtime's
   * rollout workers share one policy among several environments and ask each a stream. Stateless
   * policies return themselves. Closing a stream does not close this policy.
   */
  default Policy stream() {
    return this;
  }

  @Override
  default void close() {}
}
