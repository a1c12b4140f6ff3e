package dev.tandem.sim.config;

/** How a task is rewarded (as in panda-gym). */
public enum RewardType {
  /** -1 every step until the success predicate holds, 0 when it does. */
  SPARSE,
  /** Minus the distance (m) between the achieved and the desired goal. */
  DENSE
}
