package dev.tandem.runtime.experiment;

import dev.tandem.core.config.ConfigChecks;
import dev.tandem.core.env.EnvironmentConfig;
import dev.tandem.intervention.Segmenter;
import dev.tandem.intervention.operator.SimulatedOperatorConfig;
import dev.tandem.runtime.training.TrainingSettings;
import java.util.HashSet;
import java.util.List;

/**
 * {@code tandem experiment}: for each task and seed, collect {@code demos} scripted-expert
 * demonstrations, train a first policy on them (round 0, shared by all methods), then for {@code
 * rounds} rounds deploy {@code deployEpisodes} episodes under the simulated operator, retrain with
 * each method, and evaluate {@code evalEpisodes} episodes without the operator. Every method sees
 * the same seeds, the same demos and the same evaluation episodes.
 *
 * <p>{@code operatorSkills} (e.g. {@code [0.5, 0.9]}) runs every deployed method once per operator
 * skill (the {@code operator} with that {@code skill}), on the same seeds; results carry the skill
 * and the report shows one group per skill.
 *
 * <p>{@code operatorBaseline: true} also evaluates the operator alone (driving every evaluation
 * episode from the first step, per skill group): the level imitating it is capped at, reported as
 * the method {@value ExperimentResults#OPERATOR_ALONE}.
 *
 * <p>{@code demoSource: operator} has the demos recorded by the simulated operator (with its skill
 * and mistakes, once per skill group) instead of the scripted expert ({@code expert}, the default),
 * so imitation has nothing better than the operator to copy: the setting of RLIF's claim. Round 0
 * is then trained and evaluated per skill group.
 *
 * <p>{@code demoSource: dataset} with {@code demoDataset: <dir>} takes the demos from a dataset
 * instead (its first {@code demos} readable episodes, copied as recorded into each seed's store):
 * one recorded by Tandem or brought in by {@code tandem dataset import} from LeRobot or robomimic.
 * Its features (state, action, environment state, cameras: names, shapes, types) and action mode
 * must be the task's.
 */
public record ExperimentConfig(
    String name,
    List<EnvironmentConfig> tasks,
    List<Long> seeds,
    Integer demos,
    Integer rounds,
    Integer deployEpisodes,
    Integer evalEpisodes,
    Integer parallelEnvironments,
    SimulatedOperatorConfig operator,
    Segmenter segmenter,
    List<MethodConfig> methods,
    TrainingSettings training,
    List<Double> operatorSkills,
    Boolean operatorBaseline,
    DemoSource demoSource,
    java.nio.file.Path demoDataset)
    implements JobConfig {

  /**
   * The most environments an experiment may run at once. Each owns a thread that steps its physics
   * and a physics world (a few MB); more than the machine's cores only queue, which is slow but
   * harmless, and results depend on the seeds only. The bound is the same on every machine, so a
   * config that loads on a workstation loads on a laptop too; 100000 would exhaust the threads.
   */
  public static final int MAX_PARALLEL_ENVIRONMENTS = 256;

  public ExperimentConfig {
    ConfigChecks.required(name, "name");
    if (tasks == null || tasks.isEmpty()) {
      throw new IllegalArgumentException(
          "tasks: missing, expected at least one task (e.g. - type: Reach)");
    }
    tasks = List.copyOf(tasks);
    seeds = seeds == null || seeds.isEmpty() ? List.of(0L) : List.copyOf(seeds);
    demos = ConfigChecks.orDefault(demos, 50);
    rounds = ConfigChecks.orDefault(rounds, 3);
    deployEpisodes = ConfigChecks.orDefault(deployEpisodes, 20);
    evalEpisodes = ConfigChecks.orDefault(evalEpisodes, 20);
    parallelEnvironments = ConfigChecks.orDefault(parallelEnvironments, 2);
    ConfigChecks.positive(demos, "demos");
    ConfigChecks.nonNegative(rounds, "rounds");
    ConfigChecks.positive(deployEpisodes, "deployEpisodes");
    ConfigChecks.positive(evalEpisodes, "evalEpisodes");
    ConfigChecks.positive(parallelEnvironments, "parallelEnvironments");
    ConfigChecks.atMost(
        parallelEnvironments,
        MAX_PARALLEL_ENVIRONMENTS,
        "parallelEnvironments",
        "each environment steps its physics on a thread of its own; more than the machine's cores"
            + " only queue, and results depend on the seeds only");
    operator = ConfigChecks.orDefault(operator, SimulatedOperatorConfig.defaults());
    segmenter = ConfigChecks.orDefault(segmenter, Segmenter.defaults());
    if (methods == null || methods.isEmpty()) {
      throw new IllegalArgumentException("methods: missing, expected at least one method");
    }
    methods = List.copyOf(methods);
    var names = new HashSet<String>();
    for (MethodConfig m : methods) {
      if (!names.add(m.name())) {
        throw new IllegalArgumentException("methods: the name '" + m.name() + "' appears twice");
      }
    }
    var taskNames = new HashSet<String>();
    for (EnvironmentConfig t : tasks) {
      if (!taskNames.add(t.taskName())) {
        throw new IllegalArgumentException("tasks: '" + t.taskName() + "' appears twice");
      }
    }
    training = ConfigChecks.orDefault(training, TrainingSettings.defaults());
    operatorSkills = operatorSkills == null ? List.of() : List.copyOf(operatorSkills);
    operatorBaseline = ConfigChecks.orDefault(operatorBaseline, false);
    if (names.contains(ExperimentResults.OPERATOR_ALONE)) {
      throw new IllegalArgumentException(
          "methods: the name '"
              + ExperimentResults.OPERATOR_ALONE
              + "' is reserved for the operator baseline (operatorBaseline: true)");
    }
    demoSource = ConfigChecks.orDefault(demoSource, DemoSource.EXPERT);
    if (demoSource == DemoSource.DATASET) {
      ConfigChecks.required(demoDataset, "demoDataset");
      if (!java.nio.file.Files.isRegularFile(demoDataset.resolve("dataset.json"))) {
        throw new IllegalArgumentException(
            "demoDataset: "
                + demoDataset
                + " is not a Tandem dataset (no dataset.json); import LeRobot or robomimic data"
                + " first with 'tandem dataset import'");
      }
    } else if (demoDataset != null) {
      throw new IllegalArgumentException(
          "demoDataset: only read with demoSource: dataset (demoSource is " + demoSource + ")");
    }
    var skills = new HashSet<Double>();
    for (Double s : operatorSkills) {
      ConfigChecks.inRange(s, 0.0, 1.0, "operatorSkills");
      if (!skills.add(s)) {
        throw new IllegalArgumentException("operatorSkills: " + s + " appears twice");
      }
    }
  }

  /**
   * The operator-skill groups the deployed methods run under: {@code operatorSkills} when given
   * (each method is then deployed, trained and reported once per skill), otherwise a single {@code
   * null} group (the operator's own skill, reported without a skill label).
   */
  public List<Double> groupsOrSingle() {
    return operatorSkills.isEmpty() ? java.util.Collections.singletonList(null) : operatorSkills;
  }

  /** True when the simulated operator records the demos (once per skill group). */
  public boolean operatorDemos() {
    return demoSource == DemoSource.OPERATOR;
  }

  /** The operator of a skill group ({@code null}: the configured operator as is). */
  public SimulatedOperatorConfig operatorOf(Double skill) {
    return skill == null ? operator : operator.withSkill(skill);
  }
}
