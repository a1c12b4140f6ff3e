package dev.tandem.runtime.cli;

import dev.tandem.core.config.ConfigLoader;
import dev.tandem.core.env.EnvironmentConfig;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.PolicyEvaluation;
import dev.tandem.policy.checkpoint.CorruptCheckpointException;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.checkpoint.StoredPolicy;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.policy.infer.InferencePolicy;
import dev.tandem.runtime.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem eval <registry> <task.yaml>}: success rate over seeded episodes, as JSON. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Evaluate a policy version on a task over N seeded episodes; prints JSON.")
public final class EvalCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "REGISTRY", description = "Policy registry directory.")
  Path registryDir;

  @Parameters(
      index = "1",
      paramLabel = "TASK",
      description = "Task YAML, e.g. configs/tasks/reach.yaml.")
  Path taskFile;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a task setting.")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--policy-version",
      paramLabel = "N",
      description = "Version number (default: the registry's current).")
  Long version;

  @Option(
      names = "--episodes",
      defaultValue = "100",
      converter = PositiveInt.class,
      description = "Episodes (default ${DEFAULT-VALUE}).")
  int episodes;

  @Option(
      names = "--first-seed",
      defaultValue = "1000000",
      description = "Seed of the first episode (default ${DEFAULT-VALUE}).")
  long firstSeed;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (!Files.isDirectory(registryDir)) {
      throw new UserException(registryDir + ": no such policy registry");
    }
    EnvironmentConfig task =
        ConfigLoader.discover().load(taskFile, EnvironmentConfig.class, overrides);
    PolicyRegistry registry = new PolicyRegistry(registryDir);
    StoredPolicy stored;
    try {
      stored = version != null ? registry.load(version) : registry.loadCurrent();
    } catch (CorruptCheckpointException | IllegalArgumentException | IllegalStateException e) {
      throw new UserException(e.getMessage(), e);
    }
    EnvironmentSpec envSpec;
    try (var probe = task.create()) {
      envSpec = probe.spec();
    }
    DjlRuntime djl = DjlRuntime.start(RuntimeConfig.defaults());
    PolicyEvaluation.Result r;
    try (InferencePolicy policy =
        InferencePolicy.start(djl, stored, envSpec, InferenceConfig.defaults())) {
      r =
          PolicyEvaluation.evaluate(
              policy, task::create, PolicyEvaluation.seeds(firstSeed, episodes));
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e); // feature mismatch names the features
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task", task.taskName());
    m.put("policy_version", stored.version().toString());
    m.put("episodes", r.episodes());
    m.put("success_rate", r.successRate());
    m.put("mean_return", r.meanReturn());
    m.put("mean_length", r.meanLength());
    spec.commandLine().getOut().println(Json.write(m));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
