package dev.tandem.runtime.actors;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import dev.tandem.core.env.EnvState;
import dev.tandem.core.env.Environment;
import dev.tandem.core.env.Transition;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Owns one {@link Environment} (a sim task or a robot bridge). Runs on the blocking dispatcher.
 *
 * <p>When the environment throws, the requester gets {@link Failed} with the reason, and the actor
 * fails so its supervisor restarts it with a fresh environment from the factory: the episode in
 * flight is lost (the arbiter marks it aborted), nothing already recorded is.
 */
public final class EnvironmentActor extends AbstractBehavior<EnvironmentActor.Command> {

  public sealed interface Command extends TandemMessage
      permits Reset, Restore, StepEnv, QueryOracle {}

  /** Start an episode with this seed; replies {@link Ready}. */
  public record Reset(long seed, ActorRef<Reply> replyTo) implements Command {}

  /** Restore a snapshot (replay); replies {@link Ready} with the current observation. */
  public record Restore(EnvState state, Observation observation, ActorRef<Reply> replyTo)
      implements Command {}

  /** Apply one action; replies {@link Stepped}. */
  public record StepEnv(Action action, ActorRef<Reply> replyTo) implements Command {}

  /**
   * Ask the task's oracle about a proposed action; replies {@link Oracle} (or {@link NoOracle}).
   */
  public record QueryOracle(Action proposed, ActorRef<Reply> replyTo) implements Command {}

  public sealed interface Reply extends TandemMessage
      permits Ready, Stepped, Oracle, NoOracle, Failed {}

  public record Ready(Observation observation, EnvState initialState) implements Reply {}

  public record Stepped(Transition transition) implements Reply {}

  public record Oracle(OracleView view) implements Reply {}

  public record NoOracle() implements Reply {}

  public record Failed(String reason) implements Reply {}

  /** Thrown after a failure was reported, so the supervisor restarts the actor. */
  static final class EnvironmentCrashed extends RuntimeException {
    EnvironmentCrashed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static Behavior<Command> create(Supplier<Environment> factory) {
    Behavior<Command> b = Behaviors.setup(ctx -> new EnvironmentActor(ctx, factory));
    return Behaviors.supervise(b).onFailure(EnvironmentCrashed.class, SupervisorStrategy.restart());
  }

  private final Environment env;

  private EnvironmentActor(ActorContext<Command> context, Supplier<Environment> factory) {
    super(context);
    this.env = factory.get();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Reset.class, this::onReset)
        .onMessage(Restore.class, this::onRestore)
        .onMessage(StepEnv.class, this::onStep)
        .onMessage(QueryOracle.class, this::onQueryOracle)
        .onSignal(PreRestart.class, s -> closeEnv())
        .onSignal(PostStop.class, s -> closeEnv())
        .build();
  }

  private Behavior<Command> onReset(Reset m) {
    try {
      Observation o = env.reset(m.seed());
      EnvState state =
          env.supportsRestore() ? env.state() : new EnvState(env.spec().name(), new byte[0]);
      m.replyTo().tell(new Ready(o, state));
    } catch (RuntimeException e) {
      fail(m.replyTo(), "reset(" + m.seed() + ")", e);
    }
    return this;
  }

  private Behavior<Command> onRestore(Restore m) {
    try {
      env.restore(m.state());
      m.replyTo().tell(new Ready(m.observation(), m.state()));
    } catch (RuntimeException e) {
      fail(m.replyTo(), "restore", e);
    }
    return this;
  }

  private Behavior<Command> onStep(StepEnv m) {
    try {
      m.replyTo().tell(new Stepped(env.step(m.action())));
    } catch (RuntimeException e) {
      fail(m.replyTo(), "step", e);
    }
    return this;
  }

  private Behavior<Command> onQueryOracle(QueryOracle m) {
    try {
      m.replyTo()
          .tell(
              env.oracle()
                  .<Reply>map(o -> new Oracle(OracleView.of(o, m.proposed())))
                  .orElse(new NoOracle()));
    } catch (RuntimeException e) {
      fail(m.replyTo(), "oracle", e);
    }
    return this;
  }

  private void fail(ActorRef<Reply> replyTo, String what, RuntimeException e) {
    String reason = env.spec().name() + " failed in " + what + ": " + e;
    replyTo.tell(new Failed(reason));
    throw new EnvironmentCrashed(reason, e);
  }

  private Behavior<Command> closeEnv() {
    try {
      env.close();
    } catch (RuntimeException e) {
      getContext().getLog().warn("closing {} failed: {}", env.spec().name(), e.toString());
    }
    return this;
  }
}
