package dev.tandem.policy.train;

import dev.tandem.core.policy.Policy;

/**
 * Scores a policy by running it, e.g. the success rate over a fixed set of seeds. Supplied by the
 * runtime for {@code selection: rollout}; see {@link dev.tandem.policy.PolicyEvaluation}.
 */
@FunctionalInterface
public interface RolloutEvaluator {
  /** Higher is better. The policy is valid only during the call. */
  double score(Policy policy);
}
