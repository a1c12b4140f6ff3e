package dev.tandem.runtime.training;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.Episode;
import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.data.EpisodeOutcome;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.Step;
import dev.tandem.core.env.EnvState;
import dev.tandem.core.env.Environment;
import dev.tandem.core.env.TaskOracle;
import dev.tandem.core.env.Transition;
import dev.tandem.core.safety.SafetyFilter;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.core.store.DatasetSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeWriter;
import dev.tandem.intervention.operator.SimulatedOperator;
import dev.tandem.intervention.operator.SimulatedOperatorConfig;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Demonstrations, recorded step by step with source {@code SCRIPTED} (a whole demonstration
 * episode): driven by the task's scripted expert, or by a simulated operator with its skill and
 * mistakes (a teleoperated demo by a person who is not an expert).
 */
public final class Demonstrations {
  private Demonstrations() {}

  /** Records one episode of the task's expert from {@code seed}; returns its episode id. */
  public static long record(
      Environment env, EpisodeStore store, long seed, Map<String, String> tags, Clock clock) {
    return record(env, store, seed, tags, clock, null);
  }

  /**
   * Records one episode from {@code seed} driven by {@code operator} (its every action, from the
   * first step; {@code null}: the task's scripted expert); returns its episode id.
   */
  public static long record(
      Environment env,
      EpisodeStore store,
      long seed,
      Map<String, String> tags,
      Clock clock,
      SimulatedOperatorConfig operator) {
    TaskOracle oracle =
        env.oracle()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        env.spec().name()
                            + " has no scripted expert to record demonstrations with"));
    SimulatedOperator driver =
        operator == null ? null : new SimulatedOperator(operator, env.spec().action());
    if (driver != null) {
      driver.reset(seed);
    }
    Observation obs = env.reset(seed);
    EnvState initial =
        env.supportsRestore() ? env.state() : new EnvState(env.spec().name(), new byte[0]);
    EpisodeWriter w =
        store.beginEpisode(
            new EpisodeMeta(
                env.spec().name(),
                seed,
                initial.data(),
                "scripted",
                driver == null ? "scripted expert" : describe(operator),
                clock.instant(),
                tags));
    // demonstrations pass the same safety filter as every other command: what is recorded as
    // applied is what the robot can do
    SafetyFilter safety = SafetyFilter.forEnvironment(env.spec());
    safety.reset(Action.zeros(env.spec().action().dim()));
    for (int i = 0; ; i++) {
      Action a = driver == null ? oracle.expertAction() : driver.demonstrate(oracle);
      Transition tr = env.step(safety.apply(a).action());
      w.append(
          new Step(
              i,
              obs,
              a,
              tr.applied(),
              ControlSource.SCRIPTED,
              Step.NO_INTERVENTION,
              (float) tr.reward(),
              tr.terminated(),
              tr.truncated(),
              List.of(),
              clock.millis() * 1_000_000L));
      obs = tr.observation();
      if (tr.done()) {
        w.end(
            new EpisodeOutcome(
                tr.endReason().orElse(EndReason.TERMINATED), tr.success(), tr.detail()),
            Optional.of(obs));
        return w.id();
      }
    }
  }

  /**
   * Refuses, in one line naming {@code where}, a dataset whose steps do not fit {@code target}'s:
   * the features (names, shapes, types, in record order) and the action mode must be the same.
   */
  public static void checkFits(DatasetSpec source, DatasetSpec target, String where) {
    List<String> have = source.features().stream().map(Demonstrations::shape).toList();
    List<String> want = target.features().stream().map(Demonstrations::shape).toList();
    ActionSpec.ActionMode haveMode = source.environment().action().mode();
    ActionSpec.ActionMode wantMode = target.environment().action().mode();
    if (!have.equals(want) || haveMode != wantMode) {
      throw new IllegalArgumentException(
          where
              + ": its steps "
              + have
              + " ("
              + haveMode
              + ") do not fit "
              + target.environment().name()
              + "'s "
              + want
              + " ("
              + wantMode
              + ")");
    }
  }

  private static String shape(FeatureSpec f) {
    return f.key() + " " + f.dtype().name().toLowerCase(java.util.Locale.ROOT) + f.shape();
  }

  /**
   * Copies episode {@code id} of {@code source} into {@code store} as recorded (steps, environment
   * states, final observation, outcome; its metadata under {@code store}'s environment with {@code
   * tags} added, the initial state kept only when the environments are the same); returns the new
   * episode's id. The stores must fit ({@link #checkFits}).
   */
  public static long copy(
      EpisodeStore source, long id, EpisodeStore store, Map<String, String> tags) {
    Episode e = source.readEpisode(id);
    float[][] envStates =
        source.spec().environmentStateSize() > 0 ? source.readEnvironmentStates(id) : null;
    EpisodeMeta m = e.meta();
    String environment = store.spec().environment().name();
    Map<String, String> allTags = new java.util.LinkedHashMap<>(m.tags());
    allTags.putAll(tags);
    EpisodeWriter w =
        store.beginEpisode(
            new EpisodeMeta(
                environment,
                m.seed(),
                environment.equals(m.environment()) ? m.initialState() : null,
                m.policyVersion(),
                m.operator(),
                m.startedAt(),
                allTags));
    for (int i = 0; i < e.length(); i++) {
      w.append(e.steps().get(i), envStates == null ? null : envStates[i]);
    }
    w.end(e.outcome(), e.finalObservation());
    return w.id();
  }

  /** The operator field of a demonstration driven by a simulated operator. */
  public static String describe(SimulatedOperatorConfig operator) {
    return "simulated operator (skill "
        + operator.skill()
        + ", "
        + operator.mistakes()
        + " mistakes)";
  }
}
