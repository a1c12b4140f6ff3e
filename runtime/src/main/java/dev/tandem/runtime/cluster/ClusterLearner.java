package dev.tandem.runtime.cluster;

import dev.tandem.runtime.experiment.CentralLearner;
import dev.tandem.runtime.experiment.ExperimentConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * This JVM as the learner of an actor/learner session: the seed node actor nodes ({@code tandem
 * worker --actor NAME}) join, with a {@link LearnerNodeActor} training into {@code runDir}.
 */
public final class ClusterLearner {
  private ClusterLearner() {}

  /** What the session does: how many versions, how often, how many actors run the last one. */
  public record Plan(int versions, int episodesPerVersion, int actors) {
    public Plan {
      if (versions < 1 || episodesPerVersion < 1 || actors < 1) {
        throw new IllegalArgumentException(
            "versions, episodes per version and actors: expected at least 1 each, found "
                + versions
                + ", "
                + episodesPerVersion
                + ", "
                + actors);
      }
    }
  }

  /**
   * Runs the session until {@code plan.actors()} actors run the last version and at least that many
   * have shipped what they recorded and finished, every node it knows among them (one lost before
   * it finished is waited for); then leaves the cluster (the actor nodes stop).
   */
  public static void run(
      ClusterSettings settings,
      ExperimentConfig config,
      String configYaml,
      List<String> overrides,
      Path runDir,
      Plan plan,
      PrintStream log) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    try (CentralLearner learner = new CentralLearner(config, runDir)) {
      var session =
          new LearnerNodeActor.Session(
              configYaml,
              List.copyOf(overrides),
              learner,
              plan.versions(),
              plan.episodesPerVersion(),
              plan.actors(),
              runDir.resolve(".cluster"),
              log,
              done);
      ActorSystem<Void> system =
          ActorSystem.create(
              Behaviors.setup(
                  ctx -> {
                    ctx.spawn(
                        LearnerNodeActor.create(session),
                        "learner",
                        DispatcherSelector.fromConfig("tandem.cluster-dispatcher"));
                    return Behaviors.empty();
                  }),
              ClusterSettings.SYSTEM,
              settings.config());
      log.println(
          "learner: at "
              + settings.host()
              + ":"
              + settings.port()
              + "; start actors with: tandem worker --join "
              + settings.host()
              + ":"
              + settings.port()
              + " --actor NAME");
      try {
        done.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      } finally {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
        CellFiles.deleteQuietly(runDir.resolve(".cluster"));
      }
    }
  }
}
