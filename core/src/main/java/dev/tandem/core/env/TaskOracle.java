package dev.tandem.core.env;

import dev.tandem.core.data.Action;

/**
 * What a task knows about itself that a simulated operator or a scripted expert needs: the expert's
 * action for the current state, a task-progress measure, and the expert's value of an action. Sim
 * tasks implement it; a real robot has none.
 *
 * <p>Calls refer to the environment's current state and must not change it.
 */
public interface TaskOracle {

  /** The scripted expert's action for the current state (noise-free, full skill). */
  Action expertAction();

  /** Task progress in [0, 1]: 0 at the start of the task, 1 when it is solved. */
  double progress();

  /**
   * The expert's estimate of how good taking {@code action} now is, comparable across actions in
   * the same state (higher is better). The simulated operator compares the policy's action with its
   * own, as RLIF's simulated expert does.
   */
  double actionValue(Action action);
}
