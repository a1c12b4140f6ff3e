package dev.tandem.runtime.experiment;

/**
 * The figures of one round of one method on one task and seed. Round 0 is the policy trained on the
 * demonstrations alone, evaluated before any deployment (deploy figures are zero there). {@code
 * operatorSkill} is the simulated operator's skill of the group this row belongs to when the
 * experiment compares several skills ({@code null}: the row belongs to every group, e.g. round 0
 * and baselines, or the experiment has one operator).
 */
public record RoundResult(
    String task,
    String method,
    long seed,
    int round,
    double evalSuccessRate,
    int evalEpisodes,
    double deploySuccessRate,
    int deployEpisodes,
    double interventionsPerEpisode,
    double humanStepsPerEpisode,
    double humanStepShare,
    long trainSamples,
    double trainSeconds,
    double roundSeconds,
    String policyVersion,
    Double operatorSkill) {

  /** The same figures reported for another round (a baseline that is never retrained). */
  RoundResult atRound(int other) {
    return new RoundResult(
        task,
        method,
        seed,
        other,
        evalSuccessRate,
        evalEpisodes,
        deploySuccessRate,
        deployEpisodes,
        interventionsPerEpisode,
        humanStepsPerEpisode,
        humanStepShare,
        trainSamples,
        trainSeconds,
        roundSeconds,
        policyVersion,
        operatorSkill);
  }
}
