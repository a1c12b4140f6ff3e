package dev.tandem.runtime.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An independent piece of an experiment that a cluster worker runs: round 0 of a task, seed and
 * demo group, or the rounds of one deployed method starting from that round 0. Its result depends
 * on its own seeds only (every episode's reset seed comes from its {@link EpisodeKey}, training
 * from the experiment seed), not on the worker that ran it or on the other cells.
 *
 * @param task the index of the task in the experiment's {@code tasks}
 * @param demoGroup the operator skill that recorded the demos ({@code null}: the scripted expert,
 *     or the configured operator as is)
 * @param method the deployed method ({@code null} for round 0)
 */
public record ExperimentCell(Kind kind, int task, long seed, Double demoGroup, String method) {

  /** What a cell runs. */
  public enum Kind {
    /** Demos, round 0's training and evaluation, the operator alone. */
    ROUND_ZERO,
    /** Rounds 1.. of one deployed method. */
    METHOD
  }

  public ExperimentCell {
    if (kind == null) {
      throw new IllegalArgumentException("kind: missing");
    }
    if ((kind == Kind.METHOD) != (method != null)) {
      throw new IllegalArgumentException(
          "method: a " + kind + " cell " + (method == null ? "needs one" : "has none"));
    }
  }

  /** Every cell of {@code config}: all round-0 cells first, then the method cells, in run order. */
  public static List<ExperimentCell> plan(ExperimentConfig config) {
    List<ExperimentCell> zero = new ArrayList<>();
    List<ExperimentCell> methods = new ArrayList<>();
    for (int t = 0; t < config.tasks().size(); t++) {
      for (long seed : config.seeds()) {
        for (Double group : CellWork.demoGroups(config)) {
          zero.add(new ExperimentCell(Kind.ROUND_ZERO, t, seed, group, null));
          for (MethodConfig m : config.methods()) {
            if (m.deploy()) {
              methods.add(new ExperimentCell(Kind.METHOD, t, seed, group, m.name()));
            }
          }
        }
      }
    }
    zero.addAll(methods);
    return zero;
  }

  /** The round-0 cell a method cell starts from (itself for a round-0 cell). */
  public ExperimentCell roundZero() {
    return new ExperimentCell(Kind.ROUND_ZERO, task, seed, demoGroup, null);
  }

  /** The task-and-seed folder ({@code <task>-seed<seed>}) the cell's data and policies go to. */
  public String key(ExperimentConfig config) {
    return TaskSeed.key(config.tasks().get(task), seed);
  }

  /** A name for files and logs: {@code Reach-seed3-round0}, {@code Reach-seed3-sirius}. */
  public String name(ExperimentConfig config) {
    String what = kind == Kind.ROUND_ZERO ? "round0" : method;
    String group = demoGroup == null ? "" : "-demos" + demoGroup;
    return (key(config) + group + "-" + what).replaceAll("[^A-Za-z0-9.-]", "_");
  }

  /**
   * The registry and learner folders the cell writes under {@code policies/<key>/} and {@code
   * learners/<key>/}: round 0's, or the method's under each operator-skill group.
   */
  public List<String> ownedLabels(ExperimentConfig config) {
    if (kind == Kind.ROUND_ZERO) {
      return List.of(CellWork.demosLabel(config, demoGroup));
    }
    List<Double> skills =
        config.operatorDemos()
            ? java.util.Collections.singletonList(demoGroup)
            : config.groupsOrSingle();
    List<String> out = new ArrayList<>();
    for (Double skill : skills) {
      out.add(new TaskSeed.Group(method, skill).label());
    }
    return out;
  }

  /**
   * Whether an episode recorded with {@code tags} is one of the demos this cell's round 0 trained
   * on (what a method cell needs from round 0 besides its policy).
   */
  public boolean usesDemo(ExperimentConfig config, Map<String, String> tags) {
    return EpisodeKey.Phase.DEMO.tag().equals(tags.get("phase"))
        && config.tasks().get(task).taskName().equals(tags.get("task"))
        && Long.toString(seed).equals(tags.get("seed"))
        && CellWork.demosMethod(config).equals(tags.get("method"))
        && Objects.equals(
            demoGroup == null ? null : demoGroup.toString(), tags.get("operatorSkill"));
  }
}
