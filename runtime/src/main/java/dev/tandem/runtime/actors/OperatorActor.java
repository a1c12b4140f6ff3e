package dev.tandem.runtime.actors;

import dev.tandem.core.data.Action;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.intervention.language.BiasSettings;
import dev.tandem.intervention.language.CameraFrames;
import dev.tandem.intervention.language.CorrectionParser;
import dev.tandem.intervention.language.LanguageCommand;
import dev.tandem.intervention.operator.SimulatedOperator;
import dev.tandem.intervention.operator.SimulatedOperatorConfig;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A simulated operator watching one environment through oracle snapshots: each tick it answers
 * whether it drives and with which action, or (with {@code corrections: language|both}) says a
 * correction, which this actor parses with the same parser a person's typed text goes through and
 * hands to the arbiter as a {@link ArbiterActor.Correct}. Its choices are seeded per episode.
 */
public final class OperatorActor extends AbstractBehavior<OperatorActor.Command> {

  public sealed interface Command extends TandemMessage permits BeginEpisode, Decide {}

  public record BeginEpisode(long seed) implements Command {}

  public record Decide(OracleView view, ActorRef<Decision> replyTo) implements Command {}

  /**
   * {@code action} is null when the policy keeps (or gets back) control; {@code correction} is
   * non-null when the operator spoke this tick (then {@code action} is null).
   */
  public record Decision(Action action, String claim, ArbiterActor.Correct correction)
      implements TandemMessage {
    public Decision(Action action, String claim) {
      this(action, claim, null);
    }

    public boolean drives() {
      return action != null;
    }
  }

  public static Behavior<Command> create(
      String name, SimulatedOperatorConfig config, ActionSpec spec) {
    return Behaviors.setup(
        ctx -> new OperatorActor(ctx, name, new SimulatedOperator(config, spec), spec));
  }

  private final String name;
  private final SimulatedOperator operator;
  private final ActionSpec spec;
  private final CorrectionParser parser = new CorrectionParser();

  private OperatorActor(
      ActorContext<Command> context, String name, SimulatedOperator operator, ActionSpec spec) {
    super(context);
    this.name = name;
    this.operator = operator;
    this.spec = spec;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(BeginEpisode.class, this::onBeginEpisode)
        .onMessage(Decide.class, this::onDecide)
        .build();
  }

  private Behavior<Command> onBeginEpisode(BeginEpisode m) {
    operator.reset(m.seed());
    return this;
  }

  private Behavior<Command> onDecide(Decide m) {
    SimulatedOperator.Intent intent = operator.decide(m.view().proposed(), m.view());
    Decision d;
    if (intent instanceof SimulatedOperator.Drive drive) {
      d = new Decision(drive.action(), "operator takeover (" + name + ")");
    } else if (intent instanceof SimulatedOperator.Say say) {
      d = new Decision(null, "", correction(say.text()));
    } else {
      d = new Decision(null, "");
    }
    m.replyTo().tell(d);
    return this;
  }

  private ArbiterActor.Correct correction(String text) {
    LanguageCommand c =
        LanguageCommand.of(
            parser,
            text,
            spec,
            SimulatedOperator.CAMERA_TO_BASE,
            CameraFrames.topDownTool(),
            BiasSettings.defaults());
    return ArbiterActor.Correct.of(c);
  }
}
