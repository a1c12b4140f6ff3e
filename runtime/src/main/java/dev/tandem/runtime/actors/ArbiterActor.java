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
          EnvReply,
          PolicyReply,
          PolicyReset,
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

  private record PolicyReset(PolicyActor.EpisodeReset reset)
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

  private final ActorContext<Command> ctx;
  private final Wiring w;
  private final Clock clock;
  private final SafetyFilter safety;
  private final ActorRef<EnvironmentActor.Reply> envAdapter;
  private final ActorRef<PolicyActor.Proposal> policyAdapter;
  private final ActorRef<PolicyActor.EpisodeReset> policyResetAdapter;
  private final ActorRef<OperatorActor.Decision> operatorAdapter;

  // the episode in progress
  private RunEpisode run;
  private String episodeKey;
  private int episodeCounter;
  private Observation observation;
  private int stepIndex;
  private boolean inFlight;
  private Action proposal;
  private PolicyVersion policyVersion = PolicyVersion.NONE;
  private EpisodeMeta unbegun;
  private Action humanAction;
  private String claim = "";
  private int interventionCounter;
  private int currentIntervention = Step.NO_INTERVENTION;
  private Action correctionBias;
  private int correctionRemaining;
  private double correctionSpeed = 1.0;
  private boolean holding;
  private String endRequested;
  private final int gripperIndex;
  private final List<LanguageEvent> pendingLanguage = new ArrayList<>();
  private ControlSource pendingSource;
  private Action pendingApplied;
  private int humanSteps;
  private double totalReward;
  private int overruns;
  private int safetyInterventions;
  private boolean releaseRequested;

  private ArbiterActor(ActorContext<Command> ctx, Wiring wiring, Clock clock) {
    this.ctx = ctx;
    this.w = wiring;
    this.clock = clock;
    this.safety = SafetyFilter.forEnvironment(wiring.spec());
    this.envAdapter = ctx.messageAdapter(EnvironmentActor.Reply.class, EnvReply::new);
    this.policyAdapter = ctx.messageAdapter(PolicyActor.Proposal.class, PolicyReply::new);
    this.policyResetAdapter = ctx.messageAdapter(PolicyActor.EpisodeReset.class, PolicyReset::new);
    this.operatorAdapter = ctx.messageAdapter(OperatorActor.Decision.class, OperatorReply::new);
    this.gripperIndex = gripperIndex(wiring.spec().action());
  }

  // ---------------------------------------------------------------- behaviors

  private Behavior<Command> idle() {
    return Behaviors.receive(Command.class)
        .onMessage(RunEpisode.class, this::onRunEpisode)
        .onMessage(Tick.class, t -> Behaviors.same())
        .onMessage(TakeOver.class, t -> Behaviors.same())
        .onMessage(HumanAction.class, t -> Behaviors.same())
        .onMessage(HandBack.class, t -> Behaviors.same())
        .onMessage(Correct.class, t -> Behaviors.same())
        .onMessage(EndEpisode.class, t -> Behaviors.same())
        .onMessage(EnvReply.class, this::onResetReply)
        .onMessage(PolicyReset.class, t -> Behaviors.same())
        .build();
  }

  private Behavior<Command> autonomous() {
    return running()
        .onMessage(TakeOver.class, this::onTakeOver)
        .onMessage(HandBack.class, m -> Behaviors.same())
        .onMessage(Correct.class, this::onCorrect)
        .build();
  }

  private Behavior<Command> humanControl() {
    return running()
        .onMessage(TakeOver.class, m -> Behaviors.same())
        .onMessage(HandBack.class, this::onHandBack)
        .onMessage(Correct.class, this::onCorrect)
        .build();
  }

  private Behavior<Command> correcting() {
    return running()
        .onMessage(TakeOver.class, this::onTakeOver)
        .onMessage(HandBack.class, m -> Behaviors.same())
        .onMessage(Correct.class, this::onCorrect)
        .build();
  }

  private enum Mode {
    AUTONOMOUS,
    HUMAN,
    CORRECTING
  }

  private Mode mode = Mode.AUTONOMOUS;

  private Behavior<Command> become(Mode m) {
    mode = m;
    return switch (m) {
      case AUTONOMOUS -> autonomous();
      case HUMAN -> humanControl();
      case CORRECTING -> correcting();
    };
  }

  /** Handlers every running mode shares. */
  private BehaviorBuilder<Command> running() {
    return Behaviors.receive(Command.class)
        .onMessage(RunEpisode.class, this::onRunWhileBusy)
        .onMessage(Tick.class, t -> onTick())
        .onMessage(HumanAction.class, this::onHumanAction)
        .onMessage(EndEpisode.class, this::onEndEpisode)
        .onMessage(PolicyReply.class, this::onProposal)
        .onMessage(PolicyReset.class, this::onPolicyReset)
        .onMessage(OperatorReply.class, this::onOperatorDecision)
        .onMessage(EnvReply.class, this::onEnvReply);
  }

  // ---------------------------------------------------------------- episode start

  private Behavior<Command> onRunEpisode(RunEpisode m) {
    run = m;
    episodeKey = w.name() + "#" + (episodeCounter++);
    w.environment().tell(new EnvironmentActor.Reset(m.seed(), envAdapter));
    return Behaviors.same();
  }

  private Behavior<Command> onRunWhileBusy(RunEpisode m) {
    m.replyTo()
        .tell(
            new EpisodeDone(
                new EpisodeOutcome(
                    EndReason.ABORTED, false, w.name() + " is already running an episode"),
                0,
                0,
                0,
                0,
                0,
                0));
    return Behaviors.same();
  }

  private Behavior<Command> onResetReply(EnvReply r) {
    if (run == null) {
      return Behaviors.same();
    }
    if (r.reply() instanceof EnvironmentActor.Failed f) {
      RunEpisode m = run;
      run = null;
      m.replyTo()
          .tell(
              new EpisodeDone(
                  new EpisodeOutcome(EndReason.ABORTED, false, f.reason()), 0, 0, 0, 0, 0, 0));
      return Behaviors.same();
    }
    if (!(r.reply() instanceof EnvironmentActor.Ready ready)) {
      return Behaviors.same();
    }
    observation = ready.observation();
    stepIndex = 0;
    inFlight = false;
    humanAction = null;
    interventionCounter = 0;
    currentIntervention = Step.NO_INTERVENTION;
    clearCorrection();
    endRequested = null;
    pendingLanguage.clear();
    humanSteps = 0;
    totalReward = 0;
    overruns = 0;
    safetyInterventions = 0;
    releaseRequested = false;
    safety.reset(Action.zeros(w.spec().action().dim()));
    w.policy().tell(new PolicyActor.ResetEpisode(policyResetAdapter));
    w.simulatedOperator().ifPresent(o -> o.tell(new OperatorActor.BeginEpisode(run.seed())));
    // the episode is begun in the store once the policy actor names the version serving it (one
    // deployed between episodes is not known here before that)
    unbegun =
        new EpisodeMeta(
            w.spec().name(),
            run.seed(),
            ready.initialState().data(),
            "",
            w.operatorName(),
            clock.instant(),
            run.tags());
    if (w.selfPaced()) {
      ctx.getSelf().tell(new Tick());
    }
    return become(Mode.AUTONOMOUS);
  }

  // ---------------------------------------------------------------- the tick

  private Behavior<Command> onTick() {
    if (inFlight) {
      overruns++;
      return Behaviors.same();
    }
    inFlight = true;
    w.policy().tell(new PolicyActor.Act(observation, policyAdapter));
    return Behaviors.same();
  }

  private Behavior<Command> onProposal(PolicyReply r) {
    PolicyActor.Proposal p = r.proposal();
    policyVersion = p.version();
    beginIfUnbegun();
    if (p.ok() && p.action().dim() == w.spec().action().dim()) {
      proposal = p.action();
    } else {
      ctx.getLog().warn("{}: policy proposal unusable ({}); holding", w.name(), p.error());
      proposal = hold();
    }
    if (w.simulatedOperator().isPresent()) {
      w.environment().tell(new EnvironmentActor.QueryOracle(proposal, envAdapter));
      return Behaviors.same();
    }
    return apply();
  }

  private Behavior<Command> onOperatorDecision(OperatorReply r) {
    OperatorActor.Decision d = r.decision();
    if (d.correction() != null && mode != Mode.HUMAN) {
      // the simulated operator spoke: as a person's Correct, taking effect at this tick
      Behavior<Command> next = onCorrect(d.correction());
      apply();
      return next;
    }
    if (d.drives()) {
      if (mode == Mode.CORRECTING) {
        clearCorrection(); // the correction did not help: the operator grabs the controls
        endIntervention();
      }
      humanAction = d.action();
      if (mode != Mode.HUMAN) {
        startIntervention(d.claim());
        return applyAndBecome(Mode.HUMAN);
      }
    } else if (mode == Mode.HUMAN) {
      endIntervention();
      return applyAndBecome(Mode.AUTONOMOUS);
    }
    return apply();
  }

  private Behavior<Command> applyAndBecome(Mode m) {
    mode = m;
    apply();
    return become(m);
  }

  /** Chooses the applied action by mode, filters it, steps the environment. */
  private Behavior<Command> apply() {
    Action chosen;
    ControlSource source;
    switch (mode) {
      case HUMAN -> {
        chosen = humanAction != null ? humanAction : hold();
        source = ControlSource.HUMAN;
      }
      case CORRECTING -> {
        chosen = holding ? holdKeepingGripper() : corrected();
        source = ControlSource.CORRECTED;
      }
      default -> {
        chosen = proposal;
        source = ControlSource.POLICY;
      }
    }
    SafetyFilter.Result filtered = safety.apply(chosen);
    if (!filtered.clean()) {
      safetyInterventions++;
    }
    pendingSource = source;
    pendingApplied = filtered.action();
    w.environment().tell(new EnvironmentActor.StepEnv(filtered.action(), envAdapter));
    return Behaviors.same();
  }

  private Behavior<Command> onEnvReply(EnvReply r) {
    EnvironmentActor.Reply reply = r.reply();
    if (reply instanceof EnvironmentActor.Oracle o) {
      w.simulatedOperator().get().tell(new OperatorActor.Decide(o.view(), operatorAdapter));
      return Behaviors.same();
    }
    if (reply instanceof EnvironmentActor.NoOracle) {
      return apply();
    }
    if (reply instanceof EnvironmentActor.Failed f) {
      return finish(new EpisodeOutcome(EndReason.ABORTED, false, f.reason()), Optional.empty());
    }
    if (reply instanceof EnvironmentActor.Stepped s) {
      return onStepped(s.transition());
    }
    return Behaviors.same();
  }

  private Behavior<Command> onStepped(Transition t) {
    ControlSource source = pendingSource;
    Step step =
        new Step(
            stepIndex++,
            observation,
            proposal,
            t.applied(),
            source,
            source.isHumanCorrection() ? currentIntervention : Step.NO_INTERVENTION,
            (float) t.reward(),
            t.terminated(),
            t.truncated(),
            List.copyOf(pendingLanguage),
            clock.millis() * 1_000_000L);
    pendingLanguage.clear();
    w.recorder().tell(new RecorderActor.Record(episodeKey, step));
    if (source == ControlSource.HUMAN) {
      humanSteps++;
    }
    totalReward += t.reward();
    observation = t.observation();
    inFlight = false;
    if (t.done()) {
      EndReason reason = t.endReason().orElse(EndReason.TERMINATED);
      return finish(
          new EpisodeOutcome(reason, t.success(), t.detail()), Optional.of(t.observation()));
    }
    if (endRequested != null) {
      String reason = endRequested;
      return finish(
          new EpisodeOutcome(EndReason.OPERATOR_STOP, false, reason), Optional.of(t.observation()));
    }
    Behavior<Command> next = Behaviors.same();
    if (mode == Mode.CORRECTING && !holding && --correctionRemaining <= 0) {
      clearCorrection();
      endIntervention();
      next = become(Mode.AUTONOMOUS);
    } else if (mode == Mode.HUMAN && releaseRequested) {
      releaseRequested = false;
      endIntervention();
      next = become(Mode.AUTONOMOUS);
    }
    if (w.selfPaced()) {
      ctx.getSelf().tell(new Tick());
    }
    return next;
  }

  private Behavior<Command> onPolicyReset(PolicyReset r) {
    policyVersion = r.reset().version();
    beginIfUnbegun();
    return Behaviors.same();
  }

  /**
   * Tells the recorder the episode began, naming the policy version that proposed its first step.
   */
  private void beginIfUnbegun() {
    EpisodeMeta m = unbegun;
    if (m == null) {
      return;
    }
    unbegun = null;
    w.recorder()
        .tell(
            new RecorderActor.Begin(
                episodeKey,
                new EpisodeMeta(
                    m.environment(),
                    m.seed(),
                    m.initialState(),
                    policyVersion.toString(),
                    m.operator(),
                    m.startedAt(),
                    m.tags())));
  }

  private Behavior<Command> finish(EpisodeOutcome outcome, Optional<Observation> last) {
    beginIfUnbegun();
    w.recorder().tell(new RecorderActor.End(episodeKey, outcome, last.orElse(null)));
    RunEpisode m = run;
    run = null;
    inFlight = false;
    m.replyTo()
        .tell(
            new EpisodeDone(
                outcome,
                stepIndex,
                interventionCounter,
                humanSteps,
                totalReward,
                overruns,
                safetyInterventions));
    mode = Mode.AUTONOMOUS;
    clearCorrection();
    endRequested = null;
    return idle();
  }

  // ---------------------------------------------------------------- human input

  private Behavior<Command> onTakeOver(TakeOver m) {
    clearCorrection(); // a takeover ends a hold or a speed change
    startIntervention(m.claim());
    humanAction = null; // hold until the first command arrives
    return become(Mode.HUMAN);
  }

  private Behavior<Command> onHumanAction(HumanAction m) {
    humanAction = m.action();
    return Behaviors.same();
  }

  private Behavior<Command> onHandBack(HandBack m) {
    ctx.getLog().info("{}: control back to the policy ({})", w.name(), m.reason());
    if (inFlight) {
      releaseRequested = true; // the tick in flight is still the person's
      return Behaviors.same();
    }
    endIntervention();
    return become(Mode.AUTONOMOUS);
  }

  private Behavior<Command> onCorrect(Correct m) {
    pendingLanguage.add(
        new LanguageEvent(
            m.text(), m.interpretation(), m.understood(), clock.millis() * 1_000_000L));
    if (!m.understood() || mode == Mode.HUMAN) {
      return Behaviors.same();
    }
    if (m.flow() == Flow.CONTINUE) {
      if (mode != Mode.CORRECTING) {
        return Behaviors.same();
      }
      ctx.getLog().info("{}: correction ended by '{}'", w.name(), m.text());
      clearCorrection();
      endIntervention();
      return become(Mode.AUTONOMOUS);
    }
    clearCorrection();
    holding = m.flow() == Flow.STOP;
    correctionBias = holding ? Action.zeros(w.spec().action().dim()) : m.bias();
    correctionSpeed = Math.max(MIN_SPEED_FACTOR, Math.min(MAX_SPEED_FACTOR, m.speedFactor()));
    correctionRemaining = Math.max(1, m.horizonSteps());
    if (mode != Mode.CORRECTING) {
      startIntervention("language correction: " + m.interpretation());
    }
    return become(Mode.CORRECTING);
  }

  private Behavior<Command> onEndEpisode(EndEpisode m) {
    String reason = m.reason() == null || m.reason().isBlank() ? "operator stop" : m.reason();
    if (inFlight) {
      endRequested = reason; // the step in flight is recorded first
      return Behaviors.same();
    }
    return finish(
        new EpisodeOutcome(EndReason.OPERATOR_STOP, false, reason), Optional.of(observation));
  }

  /** The policy's proposal with the correction's bias added and its motion part scaled. */
  private Action corrected() {
    float[] a = proposal.values().clone();
    float[] b = correctionBias.values();
    for (int i = 0; i < a.length && i < b.length; i++) {
      a[i] += b[i];
    }
    if (correctionSpeed != 1.0 && scalesMotion()) {
      for (int i = 0; i < a.length; i++) {
        if (i != gripperIndex) {
          a[i] = (float) (a[i] * correctionSpeed);
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
    if (gripperIndex < 0 || pendingApplied == null || !scalesMotion()) {
      return h; // a joint-position hold already repeats the last applied action, gripper included
    }
    float[] v = h.values().clone();
    v[gripperIndex] = pendingApplied.get(gripperIndex);
    return new Action(v);
  }

  private void clearCorrection() {
    correctionBias = null;
    correctionRemaining = 0;
    correctionSpeed = 1.0;
    holding = false;
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

  private void startIntervention(String name) {
    claim = name;
    currentIntervention = interventionCounter++;
    ctx.getLog().debug("{}: {} at step {}", w.name(), claim, stepIndex);
  }

  private void endIntervention() {
    currentIntervention = Step.NO_INTERVENTION;
    humanAction = null;
  }

  /** What to apply when nobody gives a usable command: stand still. */
  private Action hold() {
    ActionSpec spec = w.spec().action();
    return spec.mode() == ActionSpec.ActionMode.JOINT_POSITION && pendingApplied != null
        ? pendingApplied
        : Action.zeros(spec.dim());
  }
}
