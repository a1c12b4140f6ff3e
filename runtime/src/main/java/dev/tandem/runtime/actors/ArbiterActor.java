package dev.tandem.runtime.actors;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.EndReason;
import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.data.EpisodeOutcome;
import dev.tandem.core.data.LanguageEvent;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.Step;
import dev.tandem.core.env.Transition;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.safety.SafetyFilter;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.intervention.language.Flow;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Holds control authority over one robot. Modes are behaviors: {@link #autonomous()} (the policy
 * drives), {@link #humanControl()} (a person took over), {@link #correcting()} (a language
 * correction biases the policy for a few ticks). Every tick the policy proposes (also while the
 * person drives), the arbiter chooses the action, passes it through the {@link SafetyFilter}, steps
 * the environment and sends the recorder a {@link Step} with the proposal, the applied action, the
 * control source and the intervention id.
 *
 * <p>Ticks come from a {@link Ticker} at a steady rate (live sessions), or, in experiments, the
 * next tick starts as soon as the previous step is recorded. A tick that arrives while the previous
 * one is still in flight is counted as an overrun and skipped.
 */
public final class ArbiterActor {

  public sealed interface Command
      permits RunEpisode,
          Tick,
          TakeOver,
          HumanAction,
          HandBack,
          Correct,
          EndEpisode,
          EmergencyStop,
          Resume,
          EnvReply,
          PolicyReply,
          PolicyServing,
          OperatorReply {}

  /** Run one episode; replies {@link EpisodeDone} when it ends, however it ends. */
  public record RunEpisode(long seed, Map<String, String> tags, ActorRef<EpisodeDone> replyTo)
      implements Command, TandemMessage {}

  /** A control tick from the ticker. */
  public record Tick() implements Command, TandemMessage {}

  /** A person claims control (deadman pressed); effective at the next tick. */
  public record TakeOver(String claim) implements Command, TandemMessage {}

  /** The person's latest command while driving. */
  public record HumanAction(Action action) implements Command, TandemMessage {}

  /** The person releases control (or their device vanished: {@code reason} says which). */
  public record HandBack(String reason) implements Command, TandemMessage {}

  /**
   * A language correction; every one is kept on the timeline (the next recorded step carries it).
   * An understood one, unless a person is driving, puts the arbiter in {@code correcting()}:
   *
   * <ul>
   *   <li>{@code bias} is added to the policy's action for {@code horizonSteps} ticks;
   *   <li>{@code speedFactor} (slower / faster, clamped to [{@link #MIN_SPEED_FACTOR}, {@link
   *       #MAX_SPEED_FACTOR}]) scales the motion part of the action (everything but the gripper)
   *       over the same horizon;
   *   <li>{@code flow} {@link Flow#STOP} holds position (zero end-effector delta, the gripper as it
   *       is) until a {@link Flow#CONTINUE} or a takeover; {@link Flow#CONTINUE} ends whatever
   *       correction is active.
   * </ul>
   *
   * A new understood correction replaces the active one.
   */
  public record Correct(
      String text,
      String interpretation,
      boolean understood,
      Action bias,
      int horizonSteps,
      double speedFactor,
      Flow flow)
      implements Command, TandemMessage {

    public Correct {
      flow = flow == null ? Flow.NONE : flow;
      if (!(speedFactor > 0) || Double.isInfinite(speedFactor)) {
        speedFactor = 1.0;
      }
    }

    /** The arbiter's message for a parsed correction (typed, spoken or simulated). */
    public static Correct of(dev.tandem.intervention.language.LanguageCommand c) {
      return new Correct(
          c.text(),
          c.interpretation(),
          c.understood(),
          c.bias(),
          c.horizonSteps(),
          c.speedFactor(),
          c.flow());
    }

    /** A bias-only correction (speed 1, no stop or continue). */
    public Correct(
        String text, String interpretation, boolean understood, Action bias, int horizonSteps) {
      this(text, interpretation, understood, bias, horizonSteps, 1.0, Flow.NONE);
    }
  }

  /** Slowest a "slower" correction may make the policy's motion. */
  public static final double MIN_SPEED_FACTOR = 0.1;

  /** Fastest a "faster" correction may make it (the safety filter still clips the result). */
  public static final double MAX_SPEED_FACTOR = 2.0;

  /**
   * Ends the episode in progress ({@code OPERATOR_STOP} with {@code reason}): the step in flight is
   * recorded first. Ignored when no episode runs.
   */
  public record EndEpisode(String reason) implements Command, TandemMessage {}

  /**
   * Latches an emergency stop: from the next tick every step holds position (zero end-effector
   * motion with the gripper as it was; a joint-position robot repeats its last target), recorded as
   * {@link ControlSource#STOPPED} with no intervention id, while the policy keeps proposing.
   * Takeovers and corrections are not applied while stopped (corrections stay on the timeline). The
   * latch outlives the episode (the next one starts stopped) until {@link Resume}. Accepted in
   * every state, between episodes too.
   */
  public record EmergencyStop(String by) implements Command, TandemMessage {}

  /** Releases an emergency stop: the policy drives again. Ignored when not stopped. */
  public record Resume(String by) implements Command, TandemMessage {}

  public record EpisodeDone(
      EpisodeOutcome outcome,
      int steps,
      int interventions,
      int humanSteps,
      double totalReward,
      int overruns,
      int safetyInterventions)
      implements TandemMessage {
    public boolean success() {
      return outcome.success();
    }
  }

  private record EnvReply(EnvironmentActor.Reply reply)
      implements Command, NoSerializationVerificationNeeded {}

  private record PolicyReply(PolicyActor.Proposal proposal)
      implements Command, NoSerializationVerificationNeeded {}

  private record PolicyServing(PolicyActor.Serving serving)
      implements Command, NoSerializationVerificationNeeded {}

  private record OperatorReply(OperatorActor.Decision decision)
      implements Command, NoSerializationVerificationNeeded {}

  /** Who the arbiter talks to and how it runs. */
  public record Wiring(
      String name,
      EnvironmentSpec spec,
      ActorRef<EnvironmentActor.Command> environment,
      ActorRef<PolicyActor.Command> policy,
      Optional<ActorRef<OperatorActor.Command>> simulatedOperator,
      ActorRef<RecorderActor.Command> recorder,
      String operatorName,
      boolean selfPaced) {}

  public static Behavior<Command> create(Wiring wiring, Clock clock) {
    return Behaviors.setup(ctx -> new ArbiterActor(ctx, wiring, clock).idle());
  }

  // ---------------------------------------------------------------- state

  /**
   * The episode in progress: what every running mode shares. Created when the environment has
   * reset, dropped when the episode ends; the modes' own state lives in their behaviors.
   */
  private static final class Episode {
    final RunEpisode run;
    final String key;
    Observation observation;
    int stepIndex;
    boolean inFlight;
    Action proposal;
    int interventions;
    String endRequested;
    final List<LanguageEvent> pendingLanguage = new ArrayList<>();
    ControlSource pendingSource;
    int pendingIntervention = Step.NO_INTERVENTION;
    int humanSteps;
    double totalReward;
    int overruns;
    int safetyInterventions;

    Episode(RunEpisode run, String key, Observation first) {
      this.run = run;
      this.key = key;
      this.observation = first;
    }

    int startIntervention() {
      return interventions++;
    }
  }

  /** A person drives: their latest command ({@code null}: none yet, hold). */
  private record Driving(String claim, int intervention, Action latest, boolean releaseRequested) {
    Driving withLatest(Action a) {
      return new Driving(claim, intervention, a, releaseRequested);
    }

    Driving releasing() {
      return new Driving(claim, intervention, latest, true);
    }
  }

  /** A language correction biases, scales or holds the policy for {@code remaining} ticks. */
  private record Correction(
      String claim, int intervention, Action bias, int remaining, double speed, boolean holding) {
    Correction afterStep() {
      return new Correction(claim, intervention, bias, remaining - 1, speed, holding);
    }

    /** A hold lasts until CONTINUE or a takeover; a bias or speed change for its horizon. */
    boolean expiresAfterThisStep() {
      return !holding && remaining <= 1;
    }
  }

  private final ActorContext<Command> ctx;
  private final Wiring w;
  private final Clock clock;
  private final SafetyFilter safety;
  private final ActorRef<EnvironmentActor.Reply> envAdapter;
  private final ActorRef<PolicyActor.Proposal> policyAdapter;
  private final ActorRef<PolicyActor.Serving> servingAdapter;
  private final ActorRef<OperatorActor.Decision> operatorAdapter;
  private final int gripperIndex;
  private int episodeCounter;

  /** The last action sent to the environment: a joint-position hold repeats it. */
  private Action lastApplied;

  /** Who latched the emergency stop in force, or {@code null} when none is. */
  private String stoppedBy;

  private ArbiterActor(ActorContext<Command> ctx, Wiring wiring, Clock clock) {
    this.ctx = ctx;
    this.w = wiring;
    this.clock = clock;
    this.safety = SafetyFilter.forEnvironment(wiring.spec());
    this.envAdapter = ctx.messageAdapter(EnvironmentActor.Reply.class, EnvReply::new);
    this.policyAdapter = ctx.messageAdapter(PolicyActor.Proposal.class, PolicyReply::new);
    this.servingAdapter = ctx.messageAdapter(PolicyActor.Serving.class, PolicyServing::new);
    this.operatorAdapter = ctx.messageAdapter(OperatorActor.Decision.class, OperatorReply::new);
    this.gripperIndex = gripperIndex(wiring.spec().action());
  }

  // ---------------------------------------------------------------- behaviors

  /** No episode: waits for {@link RunEpisode}; input and corrections have nothing to act on. */
  private Behavior<Command> idle() {
    return ignoringInput()
        .onMessage(RunEpisode.class, this::onRunEpisode)
        .onMessage(EnvReply.class, r -> Behaviors.same())
        .onMessage(PolicyServing.class, r -> Behaviors.same())
        .build();
  }

  /** The environment is resetting for {@code run}; the episode starts when it is ready. */
  private Behavior<Command> resetting(RunEpisode run, String key) {
    return ignoringInput()
        .onMessage(RunEpisode.class, this::onRunWhileBusy)
        .onMessage(EnvReply.class, r -> onResetReply(run, key, r))
        .onMessage(PolicyServing.class, r -> Behaviors.same())
        .build();
  }

  /**
   * The environment is ready; the policy actor names the version that will drive the episode (one
   * deployed between episodes is not known here before that), then recording and ticks start.
   */
  private Behavior<Command> awaitingPolicy(Episode e, EpisodeMeta unversioned) {
    return ignoringInput()
        .onMessage(RunEpisode.class, this::onRunWhileBusy)
        .onMessage(EnvReply.class, r -> Behaviors.same())
        .onMessage(PolicyServing.class, s -> onServing(e, unversioned, s))
        .build();
  }

  /** The policy drives. */
  private Behavior<Command> autonomous(Episode e) {
    return running(e, null, null)
        .onMessage(TakeOver.class, m -> onTakeOver(e, m))
        .onMessage(HandBack.class, m -> Behaviors.same())
        .onMessage(HumanAction.class, m -> Behaviors.same())
        .onMessage(Correct.class, m -> onCorrect(e, null, null, m))
        .build();
  }

  /** A person drives; the policy keeps proposing, and both are recorded. */
  private Behavior<Command> humanControl(Episode e, Driving d) {
    return running(e, d, null)
        .onMessage(TakeOver.class, m -> Behaviors.same())
        .onMessage(HandBack.class, m -> onHandBack(e, d, m))
        .onMessage(HumanAction.class, m -> humanControl(e, d.withLatest(m.action())))
        .onMessage(Correct.class, m -> onCorrect(e, d, null, m))
        .build();
  }

  /** A language correction shapes the policy's action. */
  private Behavior<Command> correcting(Episode e, Correction c) {
    return running(e, null, c)
        .onMessage(TakeOver.class, m -> onTakeOver(e, m))
        .onMessage(HandBack.class, m -> Behaviors.same())
        .onMessage(HumanAction.class, m -> Behaviors.same())
        .onMessage(Correct.class, m -> onCorrect(e, null, c, m))
        .build();
  }

  /**
   * An emergency stop is latched: every tick holds position; only {@link Resume} (handled by {@link
   * #running}) lets the policy drive again.
   */
  private Behavior<Command> stopped(Episode e) {
    return running(e, null, null)
        .onMessage(TakeOver.class, m -> Behaviors.same())
        .onMessage(HandBack.class, m -> Behaviors.same())
        .onMessage(HumanAction.class, m -> Behaviors.same())
        .onMessage(
            Correct.class,
            m -> {
              recordLanguage(e, m); // kept on the timeline, not applied while stopped
              return Behaviors.same();
            })
        .build();
  }

  /** The running mode for a driver, a correction, or neither (the policy). */
  private Behavior<Command> mode(Episode e, Driving d, Correction c) {
    if (d != null) {
      return humanControl(e, d);
    }
    return c != null ? correcting(e, c) : autonomous(e);
  }

  /** Handlers every running mode shares; {@code d} or {@code c} is the mode's own state. */
  private BehaviorBuilder<Command> running(Episode e, Driving d, Correction c) {
    return Behaviors.receive(Command.class)
        .onMessage(RunEpisode.class, this::onRunWhileBusy)
        .onMessage(Tick.class, t -> onTick(e))
        .onMessage(EndEpisode.class, m -> onEndEpisode(e, m))
        .onMessage(EmergencyStop.class, m -> onEmergencyStop(e, m))
        .onMessage(Resume.class, m -> onResume(e, m))
        .onMessage(PolicyReply.class, r -> onProposal(e, d, c, r))
        .onMessage(PolicyServing.class, r -> Behaviors.same())
        .onMessage(OperatorReply.class, r -> onOperatorDecision(e, d, c, r))
        .onMessage(EnvReply.class, r -> onEnvReply(e, d, c, r));
  }

  /**
   * Outside an episode, ticks, input and corrections have nothing to act on; an emergency stop is
   * latched for the next episode (and a resume releases it).
   */
  private BehaviorBuilder<Command> ignoringInput() {
    return Behaviors.receive(Command.class)
        .onMessage(EmergencyStop.class, m -> onEmergencyStop(null, m))
        .onMessage(Resume.class, m -> onResume(null, m))
        .onMessage(Tick.class, t -> Behaviors.same())
        .onMessage(TakeOver.class, t -> Behaviors.same())
        .onMessage(HumanAction.class, t -> Behaviors.same())
        .onMessage(HandBack.class, t -> Behaviors.same())
        .onMessage(Correct.class, t -> Behaviors.same())
        .onMessage(EndEpisode.class, t -> Behaviors.same());
  }

  // ---------------------------------------------------------------- episode start

  private Behavior<Command> onRunEpisode(RunEpisode m) {
    w.environment().tell(new EnvironmentActor.Reset(m.seed(), envAdapter));
    return resetting(m, w.name() + "#" + (episodeCounter++));
  }

  private Behavior<Command> onRunWhileBusy(RunEpisode m) {
    m.replyTo()
        .tell(
            aborted(
                new EpisodeOutcome(
                    EndReason.ABORTED, false, w.name() + " is already running an episode")));
    return Behaviors.same();
  }

  private static EpisodeDone aborted(EpisodeOutcome outcome) {
    return new EpisodeDone(outcome, 0, 0, 0, 0, 0, 0);
  }

  private Behavior<Command> onResetReply(RunEpisode run, String key, EnvReply r) {
    if (r.reply() instanceof EnvironmentActor.Failed f) {
      run.replyTo().tell(aborted(new EpisodeOutcome(EndReason.ABORTED, false, f.reason())));
      return idle();
    }
    if (!(r.reply() instanceof EnvironmentActor.Ready ready)) {
      return Behaviors.same();
    }
    Episode e = new Episode(run, key, ready.observation());
    safety.reset(Action.zeros(w.spec().action().dim()));
    w.simulatedOperator().ifPresent(o -> o.tell(new OperatorActor.BeginEpisode(run.seed())));
    EpisodeMeta unversioned =
        new EpisodeMeta(
            w.spec().name(),
            run.seed(),
            ready.initialState().data(),
            "",
            w.operatorName(),
            clock.instant(),
            run.tags());
    w.policy().tell(new PolicyActor.ResetEpisode(servingAdapter));
    return awaitingPolicy(e, unversioned);
  }

  private Behavior<Command> onServing(Episode e, EpisodeMeta m, PolicyServing s) {
    PolicyVersion version = s.serving().version();
    w.recorder()
        .tell(
            new RecorderActor.Begin(
                e.key,
                new EpisodeMeta(
                    m.environment(),
                    m.seed(),
                    m.initialState(),
                    version.toString(),
                    m.operator(),
                    m.startedAt(),
                    m.tags())));
    if (w.selfPaced()) {
      ctx.getSelf().tell(new Tick());
    }
    return stoppedBy != null ? stopped(e) : autonomous(e);
  }

  // ---------------------------------------------------------------- the tick

  private Behavior<Command> onTick(Episode e) {
    if (e.inFlight) {
      e.overruns++;
      return Behaviors.same();
    }
    e.inFlight = true;
    w.policy().tell(new PolicyActor.Act(e.observation, policyAdapter));
    return Behaviors.same();
  }

  private Behavior<Command> onProposal(Episode e, Driving d, Correction c, PolicyReply r) {
    PolicyActor.Proposal p = r.proposal();
    if (p.ok() && p.action().dim() == w.spec().action().dim()) {
      e.proposal = p.action();
    } else {
      ctx.getLog().warn("{}: policy proposal unusable ({}); holding", w.name(), p.error());
      e.proposal = hold();
    }
    if (w.simulatedOperator().isPresent() && stoppedBy == null) {
      w.environment().tell(new EnvironmentActor.QueryOracle(e.proposal, envAdapter));
      return Behaviors.same();
    }
    apply(e, d, c);
    return Behaviors.same();
  }

  /** The simulated operator's answer for this tick: speak, grab the controls, or let go. */
  private Behavior<Command> onOperatorDecision(
      Episode e, Driving d, Correction c, OperatorReply r) {
    if (stoppedBy != null) {
      apply(e, null, null); // asked before the stop: the answer no longer counts
      return Behaviors.same();
    }
    OperatorActor.Decision decision = r.decision();
    if (decision.correction() != null && d == null) {
      // the simulated operator spoke: as a person's Correct, taking effect at this tick
      Correction next = correctionAfter(e, c, decision.correction());
      apply(e, null, next);
      return next == c ? Behaviors.same() : mode(e, null, next);
    }
    if (decision.drives()) {
      // from a correction that did not help, too: the operator grabs the controls
      Driving driving =
          d != null
              ? d.withLatest(decision.action())
              : startDriving(e, decision.claim(), decision.action());
      apply(e, driving, null);
      return humanControl(e, driving);
    }
    if (d != null) {
      apply(e, null, null);
      return autonomous(e);
    }
    apply(e, null, c);
    return Behaviors.same();
  }

  /**
   * Chooses the applied action by mode (the driver's command, the corrected proposal, or the
   * proposal), filters it, and steps the environment.
   */
  private void apply(Episode e, Driving d, Correction c) {
    Action chosen;
    ControlSource source;
    int intervention;
    if (stoppedBy != null) {
      chosen = holdKeepingGripper();
      source = ControlSource.STOPPED;
      intervention = Step.NO_INTERVENTION;
    } else if (d != null) {
      chosen = d.latest() != null ? d.latest() : hold();
      source = ControlSource.HUMAN;
      intervention = d.intervention();
    } else if (c != null) {
      chosen = c.holding() ? holdKeepingGripper() : corrected(e.proposal, c);
      source = ControlSource.CORRECTED;
      intervention = c.intervention();
    } else {
      chosen = e.proposal;
      source = ControlSource.POLICY;
      intervention = Step.NO_INTERVENTION;
    }
    SafetyFilter.Result filtered = safety.apply(chosen);
    if (!filtered.clean()) {
      e.safetyInterventions++;
    }
    e.pendingSource = source;
    e.pendingIntervention = intervention;
    lastApplied = filtered.action();
    w.environment().tell(new EnvironmentActor.StepEnv(filtered.action(), envAdapter));
  }

  private Behavior<Command> onEnvReply(Episode e, Driving d, Correction c, EnvReply r) {
    EnvironmentActor.Reply reply = r.reply();
    if (reply instanceof EnvironmentActor.Oracle o) {
      w.simulatedOperator().get().tell(new OperatorActor.Decide(o.view(), operatorAdapter));
      return Behaviors.same();
    }
    if (reply instanceof EnvironmentActor.NoOracle) {
      apply(e, d, c);
      return Behaviors.same();
    }
    if (reply instanceof EnvironmentActor.Failed f) {
      return finish(e, new EpisodeOutcome(EndReason.ABORTED, false, f.reason()), null);
    }
    if (reply instanceof EnvironmentActor.Stepped s) {
      return onStepped(e, d, c, s.transition());
    }
    return Behaviors.same();
  }

  private Behavior<Command> onStepped(Episode e, Driving d, Correction c, Transition t) {
    ControlSource source = e.pendingSource;
    Step step =
        new Step(
            e.stepIndex++,
            e.observation,
            e.proposal,
            t.applied(),
            source,
            e.pendingIntervention,
            (float) t.reward(),
            t.terminated(),
            t.truncated(),
            List.copyOf(e.pendingLanguage),
            clock.millis() * 1_000_000L);
    e.pendingLanguage.clear();
    w.recorder().tell(new RecorderActor.Record(e.key, step));
    if (source == ControlSource.HUMAN) {
      e.humanSteps++;
    }
    e.totalReward += t.reward();
    e.observation = t.observation();
    e.inFlight = false;
    if (t.done()) {
      EndReason reason = t.endReason().orElse(EndReason.TERMINATED);
      return finish(e, new EpisodeOutcome(reason, t.success(), t.detail()), t.observation());
    }
    if (e.endRequested != null) {
      return finish(
          e, new EpisodeOutcome(EndReason.OPERATOR_STOP, false, e.endRequested), t.observation());
    }
    Behavior<Command> next = Behaviors.same();
    if (c != null && source == ControlSource.CORRECTED) {
      next = c.expiresAfterThisStep() ? autonomous(e) : correcting(e, c.afterStep());
    } else if (d != null && d.releaseRequested()) {
      next = autonomous(e);
    }
    if (w.selfPaced()) {
      ctx.getSelf().tell(new Tick());
    }
    return next;
  }

  private Behavior<Command> finish(Episode e, EpisodeOutcome outcome, Observation last) {
    w.recorder().tell(new RecorderActor.End(e.key, outcome, last));
    e.run
        .replyTo()
        .tell(
            new EpisodeDone(
                outcome,
                e.stepIndex,
                e.interventions,
                e.humanSteps,
                e.totalReward,
                e.overruns,
                e.safetyInterventions));
    return idle();
  }

  // ---------------------------------------------------------------- human input

  /** A takeover ends a correction (a hold or a speed change) and starts an intervention. */
  private Behavior<Command> onTakeOver(Episode e, TakeOver m) {
    return humanControl(e, startDriving(e, m.claim(), null));
  }

  private Driving startDriving(Episode e, String claim, Action first) {
    int id = e.startIntervention();
    ctx.getLog().debug("{}: {} at step {}", w.name(), claim, e.stepIndex);
    return new Driving(claim, id, first, false);
  }

  private Behavior<Command> onHandBack(Episode e, Driving d, HandBack m) {
    ctx.getLog().info("{}: control back to the policy ({})", w.name(), m.reason());
    if (e.inFlight) {
      return humanControl(e, d.releasing()); // the tick in flight is still the person's
    }
    return autonomous(e);
  }

  private Behavior<Command> onCorrect(Episode e, Driving d, Correction c, Correct m) {
    if (d != null) {
      recordLanguage(e, m); // a person is driving: kept on the timeline, not applied
      return Behaviors.same();
    }
    Correction next = correctionAfter(e, c, m);
    return next == c ? Behaviors.same() : mode(e, null, next);
  }

  /**
   * The correction in force after {@code m} arrives while the policy drives ({@code c} null) or
   * under correction {@code c}: {@code c} itself when {@code m} changes nothing, {@code null} when
   * it ends the correction.
   */
  private Correction correctionAfter(Episode e, Correction c, Correct m) {
    recordLanguage(e, m);
    if (!m.understood()) {
      return c;
    }
    if (m.flow() == Flow.CONTINUE) {
      if (c != null) {
        ctx.getLog().info("{}: correction ended by '{}'", w.name(), m.text());
      }
      return null;
    }
    boolean holding = m.flow() == Flow.STOP;
    String claim = c != null ? c.claim() : "language correction: " + m.interpretation();
    int intervention = c != null ? c.intervention() : e.startIntervention();
    if (c == null) {
      ctx.getLog().debug("{}: {} at step {}", w.name(), claim, e.stepIndex);
    }
    return new Correction(
        claim,
        intervention,
        holding ? Action.zeros(w.spec().action().dim()) : m.bias(),
        Math.max(1, m.horizonSteps()),
        Math.max(MIN_SPEED_FACTOR, Math.min(MAX_SPEED_FACTOR, m.speedFactor())),
        holding);
  }

  private void recordLanguage(Episode e, Correct m) {
    e.pendingLanguage.add(
        new LanguageEvent(
            m.text(), m.interpretation(), m.understood(), clock.millis() * 1_000_000L));
  }

  /** {@code e} is the running episode, or {@code null} between episodes (the latch waits). */
  private Behavior<Command> onEmergencyStop(Episode e, EmergencyStop m) {
    if (stoppedBy == null) {
      String by = m.by() == null || m.by().isBlank() ? "operator" : m.by();
      ctx.getLog()
          .warn(
              "{}: EMERGENCY STOP by {}{}",
              w.name(),
              by,
              e == null ? " (between episodes)" : " at step " + e.stepIndex);
      stoppedBy = by;
    }
    return e == null ? Behaviors.same() : stopped(e);
  }

  private Behavior<Command> onResume(Episode e, Resume m) {
    if (stoppedBy == null) {
      return Behaviors.same();
    }
    ctx.getLog().info("{}: emergency stop ({}) released by {}", w.name(), stoppedBy, m.by());
    stoppedBy = null;
    return e == null ? Behaviors.same() : autonomous(e);
  }

  private Behavior<Command> onEndEpisode(Episode e, EndEpisode m) {
    String reason = m.reason() == null || m.reason().isBlank() ? "operator stop" : m.reason();
    if (e.inFlight) {
      e.endRequested = reason; // the step in flight is recorded first
      return Behaviors.same();
    }
    return finish(e, new EpisodeOutcome(EndReason.OPERATOR_STOP, false, reason), e.observation);
  }

  // ---------------------------------------------------------------- actions

  /** The policy's proposal with the correction's bias added and its motion part scaled. */
  private Action corrected(Action proposal, Correction c) {
    float[] a = proposal.values().clone();
    float[] b = c.bias().values();
    for (int i = 0; i < a.length && i < b.length; i++) {
      a[i] += b[i];
    }
    if (c.speed() != 1.0 && scalesMotion()) {
      for (int i = 0; i < a.length; i++) {
        if (i != gripperIndex) {
          a[i] = (float) (a[i] * c.speed());
        }
      }
    }
    return new Action(a);
  }

  /** Speed scales deltas and velocities; a joint-position target is not a motion to scale. */
  private boolean scalesMotion() {
    return w.spec().action().mode() != ActionSpec.ActionMode.JOINT_POSITION;
  }

  /** Stand still with the gripper as it was last applied (an object in the hand is kept). */
  private Action holdKeepingGripper() {
    Action h = hold();
    if (gripperIndex < 0 || lastApplied == null || !scalesMotion()) {
      return h; // a joint-position hold already repeats the last applied action, gripper included
    }
    float[] v = h.values().clone();
    v[gripperIndex] = lastApplied.get(gripperIndex);
    return new Action(v);
  }

  /** The gripper's element of an action: by name, else the last of 4 or 7 EE-delta values. */
  static int gripperIndex(ActionSpec spec) {
    List<String> names = spec.names();
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i).toLowerCase(Locale.ROOT);
      if (n.contains("gripper") || n.contains("finger")) {
        return i;
      }
    }
    if (spec.mode() == ActionSpec.ActionMode.EE_DELTA && (spec.dim() == 4 || spec.dim() == 7)) {
      return spec.dim() - 1;
    }
    return -1;
  }

  /** What to apply when nobody gives a usable command: stand still. */
  private Action hold() {
    ActionSpec spec = w.spec().action();
    return spec.mode() == ActionSpec.ActionMode.JOINT_POSITION && lastApplied != null
        ? lastApplied
        : Action.zeros(spec.dim());
  }
}
