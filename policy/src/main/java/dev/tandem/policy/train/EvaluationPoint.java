package dev.tandem.policy.train;

/**
 * Figures at one evaluation during training: the step, the mean training loss since the previous
 * evaluation, the (weighted) validation loss (NaN without validation data), and the rollout score
 * (NaN unless a rollout evaluator is used).
 */
public record EvaluationPoint(
    int step, double trainLoss, double validationLoss, double rolloutScore) {}
