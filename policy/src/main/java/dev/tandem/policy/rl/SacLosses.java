package dev.tandem.policy.rl;

/**
 * The figures of one SAC update: critic loss (sum over critics of the mean squared TD error), actor
 * loss (mean of alpha log pi - mean ensemble Q), temperature loss (-log alpha (log pi + target
 * entropy)), the temperature after the update, the policy entropy estimate (-mean log pi) and the
 * mean Q of the batch's actions.
 */
public record SacLosses(
    double criticLoss,
    double actorLoss,
    double temperatureLoss,
    double temperature,
    double entropy,
    double meanQ) {}
