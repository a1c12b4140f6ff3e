package dev.tandem.core.data;

/** Why an episode ended. */
public enum EndReason {
  /** The task's success predicate held. */
  SUCCESS,
  /** The step limit was reached. */
  TIME_LIMIT,
  /** The task ended it otherwise (e.g. object dropped off the table). */
  TERMINATED,
  /** The physics became invalid (NaN, exploding velocities); the episode was cut. */
  PHYSICS_BLOWUP,
  /** The environment, the policy or the process failed; see the outcome's detail. */
  ABORTED,
  /** The operator stopped it (e-stop, stop command). */
  OPERATOR_STOP,
  /** The recording was cut by a crash and recovered on open; the last steps may be missing. */
  INCOMPLETE
}
