package dev.tandem.runtime.actors;

import dev.tandem.core.data.Action;
import dev.tandem.core.env.TaskOracle;

/**
 * A serializable snapshot of a task oracle's answers for one state and one proposed action: what a
 * simulated operator needs to decide, without reaching into the environment.
 */
public record OracleView(
    double progress,
    Action expertAction,
    Action proposed,
    double proposedValue,
    double expertValue,
    double idleValue)
    implements TaskOracle, TandemMessage {

  public static OracleView of(TaskOracle oracle, Action proposed) {
    Action expert = oracle.expertAction();
    return new OracleView(
        oracle.progress(),
        expert,
        proposed,
        oracle.actionValue(proposed),
        oracle.actionValue(expert),
        oracle.actionValue(Action.zeros(expert.dim())));
  }

  @Override
  public double actionValue(Action action) {
    if (action.equals(proposed)) {
      return proposedValue;
    }
    if (action.equals(expertAction)) {
      return expertValue;
    }
    boolean idle = true;
    for (float v : action.values()) {
      idle &= v == 0f;
    }
    if (idle) {
      return idleValue;
    }
    throw new IllegalArgumentException(
        "this oracle snapshot knows the proposed, expert and idle actions only, not " + action);
  }
}
