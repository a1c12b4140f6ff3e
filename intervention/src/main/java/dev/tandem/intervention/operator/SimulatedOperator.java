package dev.tandem.intervention.operator;

import dev.tandem.core.data.Action;
import dev.tandem.core.env.TaskOracle;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.intervention.language.SimulatedLanguageOperator;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One simulated operator watching one environment, tick by tick. Each tick it sees the policy's
 * proposed action and the task's oracle (the current state) and answers with its own action when it
 * is in control, or nothing when the policy keeps control. Every random choice comes from the seed
 * given at {@link #reset(long)}.
 *
 * <p>Modes are explicit states: watching, reacting (decided, not yet in control), driving, cooling
 * down after a hand-back (or after a spoken correction).
 *
 * <p>With {@code corrections: language} or {@code both} it may intervene by saying what the robot
 * should do instead of driving ({@link Say}): the text is phrased by a {@link
 * SimulatedLanguageOperator} from the operator's own reference action (so a less skilled operator
 * also says wrong things), for an operator standing in front of the robot ({@link
 * #CAMERA_TO_BASE}).
 */
public final class SimulatedOperator {

  /**
   * The simulated operator's viewpoint in the robot's base frame: standing in front of the robot
   * (+x), facing it; camera right is the robot's -y, camera up is +z. Columns are the camera axes.
   */
  public static final double[][] CAMERA_TO_BASE = {{0, 0, 1}, {-1, 0, 0}, {0, 1, 0}};

  /** What the operator does this tick. */
  public sealed interface Intent permits Watch, Drive, Say {}

  /** The policy's proposal stands. */
  public record Watch() implements Intent {}

  /** The operator drives with {@code action} this tick. */
  public record Drive(Action action) implements Intent {}

  /** The operator says {@code text} this tick (a language correction); the policy keeps going. */
  public record Say(String text) implements Intent {}

  private static final Watch WATCH = new Watch();

  private enum Mode {
    WATCHING,
    REACTING,
    DRIVING,
    COOLDOWN
  }

  private final SimulatedOperatorConfig config;
  private final ActionSpec actionSpec;
  private SplittableRandom rng = new SplittableRandom(0);
  private Mode mode = Mode.WATCHING;
  private int counter;
  private int onTrack;
  private TakeoverRule.Watcher watcher;
  private int interventions;
  private int steps;
  private int lastSaidStep;
  private SimulatedLanguageOperator phraser = new SimulatedLanguageOperator(0, CAMERA_TO_BASE);

  /**
   * @throws IllegalArgumentException when the operator is to speak corrections and the action
   *     cannot be phrased (language corrections need end-effector deltas dx, dy, dz)
   */
  public SimulatedOperator(SimulatedOperatorConfig config, ActionSpec actionSpec) {
    this.config = config;
    this.actionSpec = actionSpec;
    this.watcher = config.rule().newEpisode();
    if (config.misjudgement().size() > actionSpec.dim()) {
      throw new IllegalArgumentException(
          "misjudgement: "
              + config.misjudgement().size()
              + " values, expected at most one per action dimension ("
              + actionSpec.dim()
              + ": "
              + String.join(", ", actionSpec.names())
              + ")");
    }
    if (config.speaks()) {
      try {
        phraser.phrase(Action.zeros(actionSpec.dim()), actionSpec, null);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "corrections: " + config.corrections() + " cannot be used here: " + e.getMessage(), e);
      }
    }
  }

  /** Starts watching a new episode. */
  public void reset(long seed) {
    rng = new SplittableRandom(seed);
    mode = Mode.WATCHING;
    counter = 0;
    onTrack = 0;
    interventions = 0;
    steps = 0;
    lastSaidStep = Integer.MIN_VALUE / 2;
    phraser = new SimulatedLanguageOperator(seed ^ 0x5DEECE66DL, CAMERA_TO_BASE);
    watcher = config.rule().newEpisode();
  }

  /** True while the operator is in control. */
  public boolean driving() {
    return mode == Mode.DRIVING;
  }

  public int interventions() {
    return interventions;
  }

  /**
   * One tick for a takeover-only caller: the operator's action when it drives this tick, empty
   * otherwise (a spoken correction, see {@link #decide}, is not returned here).
   */
  public Optional<Action> tick(Action proposed, TaskOracle oracle) {
    return decide(proposed, oracle) instanceof Drive d ? Optional.of(d.action()) : Optional.empty();
  }

  /** One tick: watch, drive, or say a correction. */
  public Intent decide(Action proposed, TaskOracle oracle) {
    watcher.observe(oracle.progress());
    steps++;
    switch (mode) {
      case WATCHING -> {
        if (interventions < config.maxInterventionsPerEpisode()
            && watcher.wantsControl(proposed, oracle, rng)) {
          if (config.reactionDelaySteps() == 0) {
            return intervene(proposed, oracle);
          }
          mode = Mode.REACTING;
          counter = config.reactionDelaySteps();
        }
        return WATCH;
      }
      case REACTING -> {
        if (--counter <= 0) {
          return intervene(proposed, oracle);
        }
        return WATCH;
      }
      case DRIVING -> {
        counter++;
        boolean done;
        if (!config.rule().handsBack()) {
          done = false;
        } else if (config.driveSteps() != null) {
          done = counter >= config.driveSteps();
        } else {
          onTrack = policyWouldDoWell(proposed, oracle) ? onTrack + 1 : 0;
          done = onTrack >= config.onTrackSteps();
        }
        if (done) {
          mode = config.cooldownSteps() > 0 ? Mode.COOLDOWN : Mode.WATCHING;
          counter = config.cooldownSteps();
          watcher.restart();
          return WATCH;
        }
        return new Drive(ownAction(oracle));
      }
      case COOLDOWN -> {
        if (--counter <= 0) {
          mode = Mode.WATCHING;
        }
        return WATCH;
      }
      default -> throw new IllegalStateException(mode.name());
    }
  }

  /** The operator has decided and reacted: it speaks or drives, as its channel says. */
  private Intent intervene(Action proposed, TaskOracle oracle) {
    boolean speak =
        switch (config.corrections()) {
          case LANGUAGE -> true;
          case BOTH -> steps - lastSaidStep > config.escalateWithinSteps();
          default -> false;
        };
    if (!speak) {
      return new Drive(startDriving(oracle));
    }
    interventions++;
    lastSaidStep = steps;
    watcher.restart();
    mode = config.correctionWaitSteps() > 0 ? Mode.COOLDOWN : Mode.WATCHING;
    counter = config.correctionWaitSteps();
    return new Say(phraser.phrase(ownAction(oracle), actionSpec, proposed));
  }

  private Action startDriving(TaskOracle oracle) {
    mode = Mode.DRIVING;
    counter = 0;
    onTrack = 0;
    interventions++;
    return ownAction(oracle);
  }

  /** Hand back when the policy's own proposal would now do at least as the rule demands. */
  private boolean policyWouldDoWell(Action proposed, TaskOracle oracle) {
    return valueFraction(proposed, oracle) >= config.rule().handBackFraction();
  }

  /**
   * The share of the expert's improvement over doing nothing that {@code action} achieves: 1 as
   * good as the expert, 0 no better than standing still, negative worse.
   */
  public static double valueFraction(Action action, TaskOracle oracle) {
    Action expert = oracle.expertAction();
    double idle = oracle.actionValue(Action.zeros(expert.dim()));
    double best = oracle.actionValue(expert) - idle;
    if (best <= 1e-12) {
      return 1.0; // nothing to gain: any action is fine
    }
    return (oracle.actionValue(action) - idle) / best;
  }

  /**
   * The action this operator would drive now, for recording a whole demonstration by it (the
   * operator's skill, noise, bias and mistakes, drawn from the seed given at {@link #reset(long)}),
   * without any takeover decision.
   */
  public Action demonstrate(TaskOracle oracle) {
    return ownAction(oracle);
  }

  private Action ownAction(TaskOracle oracle) {
    float[] a = new float[actionSpec.dim()];
    boolean systematic = config.mistakes() == SimulatedOperatorConfig.Mistakes.SYSTEMATIC;
    if (!systematic && rng.nextDouble() >= config.skill()) {
      for (int i = 0; i < a.length; i++) {
        a[i] =
            (float)
                (actionSpec.low()[i]
                    + rng.nextDouble() * (actionSpec.high()[i] - actionSpec.low()[i]));
      }
      return new Action(actionSpec.clip(a));
    }
    float[] e = oracle.expertAction().values();
    for (int i = 0; i < a.length; i++) {
      double error =
          systematic && i < config.misjudgement().size()
              ? (1 - config.skill()) * config.misjudgement().get(i)
              : 0;
      a[i] = (float) (e[i] + error + config.noise() * rng.nextGaussian() + config.bias());
    }
    return new Action(actionSpec.clip(a));
  }
}
