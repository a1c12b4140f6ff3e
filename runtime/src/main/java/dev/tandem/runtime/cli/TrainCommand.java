package dev.tandem.runtime.cli;

import dev.tandem.core.config.ConfigLoader;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.core.store.EpisodeStoreException;
import dev.tandem.intervention.InterventionDataset;
import dev.tandem.intervention.Segmenter;
import dev.tandem.intervention.memory.Memory;
import dev.tandem.intervention.weighting.WeightingScheme;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.policy.train.TrainingResult;
import dev.tandem.runtime.training.Training;
import dev.tandem.runtime.training.TrainingSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem train <dataset> --out <registry>}: recorded episodes to a new policy version. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a policy on a recorded dataset and publish it as a new version in a policy registry.",
      "Weighting: bc (default), hg-dagger, iwr or sirius; see configs/training/ for the knobs."
    })
public final class TrainCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DATASET", description = "Dataset directory (episode store).")
  Path dataset;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "REGISTRY",
      description = "Policy registry directory (created if missing).")
  Path out;

  @Option(
      names = "--config",
      paramLabel = "YAML",
      description = "Training settings (e.g. configs/training/bc.yaml).")
  Path configFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override a training setting, e.g. --set steps=2000.")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--weighting",
      defaultValue = "bc",
      description = "bc, hg-dagger, iwr or sirius (default ${DEFAULT-VALUE}).")
  String weighting;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Training seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--threads",
      defaultValue = "1",
      paramLabel = "N",
      description =
          "The most CPU threads to train on (default ${DEFAULT-VALUE}): more than 1 are used only"
              + " while other processes leave CPUs free, rechosen every half second.")
  int threads;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (threads < 1 || threads > 256) {
      throw new UserException("--threads: expected 1..256, found " + threads);
    }
    DatasetCommand.existingDataset(dataset);
    ConfigLoader loader = ConfigLoader.discover();
    TrainingSettings settings =
        configFile != null
            ? loader.load(configFile, TrainingSettings.class, overrides)
            : loader.loadString("--set", "{}", TrainingSettings.class, overrides);
    WeightingScheme scheme =
        loader.loadString("--weighting", "type: " + weighting, WeightingScheme.class, List.of());
    PrintWriter o = spec.commandLine().getOut();
    try (EpisodeStore store = EpisodeStore.openReadOnly(dataset)) {
      List<Long> ids = store.readableEpisodeIds();
      if (ids.isEmpty()) {
        throw new UserException(dataset + ": no readable episodes to train on");
      }
      // checked before training, which takes minutes
      PolicyRegistry registry = new PolicyRegistry(Outputs.writableDirectory(out, "--out"));
      InterventionDataset data =
          Training.dataset(store, ids, Segmenter.defaults(), scheme, Memory.unlimited());
      BcConfig bc = Training.config(settings, scheme, seed);
      DjlRuntime djl =
          DjlRuntime.start(
              new RuntimeConfig(
                  RuntimeConfig.DeviceChoice.valueOf(settings.device().toUpperCase()), 1, threads));
      o.printf(
          "training on %d samples of %d episodes (%s), %s, %d steps, device %s%n",
          data.size(),
          ids.size(),
          data.counts().counts(),
          weighting,
          bc.train().steps(),
          djl.device());
      o.flush();
      TrainingResult r =
          Training.train(
              djl,
              data,
              store.spec().environment(),
              bc,
              Map.of(
                  "training.dataset",
                  dataset.toAbsolutePath().toString(),
                  "training.weighting",
                  weighting));
      PolicyVersion v = registry.publish(r.checkpoint());
      o.printf(
          "published %s in %s (%.1f s, %.0f samples/s)%n",
          v, out, r.seconds(), r.samplesPerSecond());
      o.flush();
      return 0;
    } catch (EpisodeStoreException e) {
      throw new UserException(e.getMessage(), e);
    }
  }
}
