package dev.tandem.runtime.actors;

import dev.tandem.core.data.EpisodeMeta;
import dev.tandem.core.data.EpisodeOutcome;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.Step;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Appends every step to the episode store as it happens (the store makes it durable within 50 ms),
 * for any number of concurrent episodes keyed by their arbiter. A storage failure is logged and
 * ends that episode's recording; it never stops the control loop. On stop, episodes still open are
 * ended as aborted so a reader sees why they are short.
 */
public final class RecorderActor extends AbstractBehavior<RecorderActor.Command> {

  public sealed interface Command extends TandemMessage permits Begin, Record, End, Flush {}

  public record Begin(String key, EpisodeMeta meta) implements Command {}

  public record Record(String key, Step step) implements Command {}

  /** {@code finalObservation} may be null (episode cut). */
  public record End(String key, EpisodeOutcome outcome, Observation finalObservation)
      implements Command {}

  /** Forces everything recorded so far to disk, then replies. */
  public record Flush(ActorRef<Flushed> replyTo) implements Command {}

  public record Flushed(long episodesRecorded) implements TandemMessage {}

  public static Behavior<Command> create(EpisodeStore store) {
    return Behaviors.setup(ctx -> new RecorderActor(ctx, store));
  }

  private final EpisodeStore store;
  private final Map<String, EpisodeWriter> open = new HashMap<>();
  private long episodesRecorded;

  private RecorderActor(ActorContext<Command> context, EpisodeStore store) {
    super(context);
    this.store = store;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Begin.class, this::onBegin)
        .onMessage(Record.class, this::onRecord)
        .onMessage(End.class, this::onEnd)
        .onMessage(Flush.class, this::onFlush)
        .onSignal(PostStop.class, s -> onStop())
        .build();
  }

  private Behavior<Command> onBegin(Begin m) {
    EpisodeWriter previous = open.remove(m.key());
    if (previous != null) {
      safely(
          m.key(),
          () -> previous.abort("a new episode began on " + m.key() + " before this one ended"));
    }
    try {
      open.put(m.key(), store.beginEpisode(m.meta()));
    } catch (RuntimeException e) {
      getContext()
          .getLog()
          .error("recorder: cannot begin an episode for {}: {}", m.key(), e.toString());
    }
    return this;
  }

  private Behavior<Command> onRecord(Record m) {
    EpisodeWriter writer = open.get(m.key());
    if (writer != null) {
      if (!safely(m.key(), () -> writer.append(m.step()))) {
        open.remove(m.key());
      }
    }
    return this;
  }

  private Behavior<Command> onEnd(End m) {
    EpisodeWriter writer = open.remove(m.key());
    if (writer != null
        && safely(
            m.key(), () -> writer.end(m.outcome(), Optional.ofNullable(m.finalObservation())))) {
      episodesRecorded++;
    }
    return this;
  }

  private Behavior<Command> onFlush(Flush m) {
    safely("flush", store::sync);
    m.replyTo().tell(new Flushed(episodesRecorded));
    return this;
  }

  private Behavior<Command> onStop() {
    for (Map.Entry<String, EpisodeWriter> e : open.entrySet()) {
      safely(e.getKey(), () -> e.getValue().abort("recorder stopped before the episode ended"));
    }
    open.clear();
    safely("flush", store::sync);
    return this;
  }

  private boolean safely(String key, Runnable r) {
    try {
      r.run();
      return true;
    } catch (RuntimeException e) {
      getContext().getLog().error("recorder: storage failed for {}: {}", key, e.toString());
      return false;
    }
  }
}
