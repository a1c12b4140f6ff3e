package dev.tandem.intervention;

import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.Episode;
import dev.tandem.core.data.Step;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Who was in control at each step of one episode, and nothing else: what segmentation, weighting,
 * memory management and RLIF rewards need, without the observations. {@code demo} marks a whole
 * demonstration episode (scripted expert or teleoperated demo).
 */
public record EpisodeTimeline(
    long episodeId, boolean demo, ControlSource[] sources, int[] interventionIds) {

  public EpisodeTimeline {
    Objects.requireNonNull(sources, "sources");
    Objects.requireNonNull(interventionIds, "interventionIds");
    if (sources.length != interventionIds.length) {
      throw new IllegalArgumentException(
          "episode "
              + episodeId
              + ": "
              + sources.length
              + " sources but "
              + interventionIds.length
              + " intervention ids");
    }
  }

  /** The timeline of a recorded episode; it is a demo when every step is {@code SCRIPTED}. */
  public static EpisodeTimeline of(Episode episode) {
    List<Step> steps = episode.steps();
    ControlSource[] sources = new ControlSource[steps.size()];
    int[] ids = new int[steps.size()];
    boolean demo = !steps.isEmpty();
    for (int i = 0; i < sources.length; i++) {
      Step s = steps.get(i);
      sources[i] = s.source();
      ids[i] = s.interventionId();
      demo &= s.source() == ControlSource.SCRIPTED;
    }
    return new EpisodeTimeline(episode.id(), demo, sources, ids);
  }

  /**
   * A timeline from a compact string, one letter per step: P policy, H human, C corrected, S
   * scripted, X stopped (e-stop hold).
   */
  public static EpisodeTimeline parse(long episodeId, String letters) {
    ControlSource[] sources = new ControlSource[letters.length()];
    int[] ids = new int[letters.length()];
    int current = Step.NO_INTERVENTION;
    int next = 0;
    boolean demo = !letters.isEmpty();
    for (int i = 0; i < sources.length; i++) {
      sources[i] =
          switch (letters.charAt(i)) {
            case 'P' -> ControlSource.POLICY;
            case 'H' -> ControlSource.HUMAN;
            case 'C' -> ControlSource.CORRECTED;
            case 'S' -> ControlSource.SCRIPTED;
            case 'X' -> ControlSource.STOPPED;
            default ->
                throw new IllegalArgumentException(
                    "timeline letter '"
                        + letters.charAt(i)
                        + "' at "
                        + i
                        + ", expected one of P H C S X");
          };
      demo &= sources[i] == ControlSource.SCRIPTED;
      boolean human = sources[i].isHumanCorrection();
      boolean continues = human && i > 0 && sources[i - 1] == sources[i];
      if (human && !continues) {
        current = next++;
      }
      ids[i] = human ? current : Step.NO_INTERVENTION;
    }
    return new EpisodeTimeline(episodeId, demo, sources, ids);
  }

  public int length() {
    return sources.length;
  }

  public boolean isIntervention(int step) {
    return interventionIds[step] != Step.NO_INTERVENTION;
  }

  /** True where an operator's emergency stop held the robot: not a sample to imitate. */
  public boolean isStopped(int step) {
    return sources[step] == ControlSource.STOPPED;
  }

  /** True at the first step of each intervention (the tick where the person took control). */
  public boolean isTakeover(int step) {
    return isIntervention(step)
        && (step == 0 || interventionIds[step - 1] != interventionIds[step]);
  }

  /** Number of distinct interventions. */
  public int interventionCount() {
    return (int)
        Arrays.stream(interventionIds).filter(id -> id != Step.NO_INTERVENTION).distinct().count();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EpisodeTimeline t
        && episodeId == t.episodeId
        && demo == t.demo
        && Arrays.equals(sources, t.sources)
        && Arrays.equals(interventionIds, t.interventionIds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        episodeId, demo, Arrays.hashCode(sources), Arrays.hashCode(interventionIds));
  }
}
