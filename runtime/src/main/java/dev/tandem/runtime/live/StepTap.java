package dev.tandem.runtime.live;

import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.data.EpisodeOutcome;
import dev.tandem.core.data.Step;
import dev.tandem.runtime.actors.RecorderActor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Sits in front of the recorder: forwards every message to it unchanged, and tells a listener (the
 * live session's viewer status, operator bridge and terminal) when an episode begins, each recorded
 * step, and when it ends — in recording order, on this actor's thread. A {@code Flush} asked of the
 * tap is answered after the listener heard everything before it. The listener must not block; if it
 * throws, the message is still recorded.
 */
final class StepTap {
  private StepTap() {}

  /** Hears the recording as it happens. */
  interface Listener {
    void began(EpisodeMeta meta);

    void recorded(Step step);

    void ended(EpisodeOutcome outcome);
  }

  static Behavior<RecorderActor.Command> create(
      ActorRef<RecorderActor.Command> recorder, Listener listener) {
    return Behaviors.receive(RecorderActor.Command.class)
        .onMessage(
            RecorderActor.Begin.class, m -> tell(recorder, m, () -> listener.began(m.meta())))
        .onMessage(
            RecorderActor.Record.class, m -> tell(recorder, m, () -> listener.recorded(m.step())))
        .onMessage(
            RecorderActor.End.class, m -> tell(recorder, m, () -> listener.ended(m.outcome())))
        .onAnyMessage(m -> tell(recorder, m, () -> {}))
        .build();
  }

  private static Behavior<RecorderActor.Command> tell(
      ActorRef<RecorderActor.Command> recorder, RecorderActor.Command m, Runnable heard) {
    recorder.tell(m);
    try {
      heard.run();
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(StepTap.class)
          .warn("recording listener failed: {}", e.toString());
    }
    return Behaviors.same();
  }
}
