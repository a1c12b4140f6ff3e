package dev.tandem.runtime.cli;

import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.runtime.live.TeleopSessionConfig;
import dev.tandem.web.WebConsoleConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tandem deploy <config>}: the live session with a robot in place of the sim ({@code task:
 * {type: ros2, ...}}): a trained policy from a registry drives, the operator watches, takes over,
 * corrects, e-stops; before each episode the operator resets the scene and says ready; every step
 * is recorded and the policy retrained and hot-swapped between episodes. {@code --policy
 * <registry>:<version>} deploys an earlier version (rollback), {@code --rollback} the one before
 * the registry's current.
 */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = {
      "Deploy a trained policy on a robot over ROS 2 (a teleop session whose task is type: ros2):",
      "before each episode reset the scene and press the ready key (or type /ready); hold a",
      "deadman to take over, type corrections, e-stop with Esc (/estop) and resume with F12.",
      "Every step is recorded; the policy is retrained between episodes and hot-swapped.",
      "Example: tandem deploy configs/deploy/reach.yaml --policy runs/reach/policies:3"
    })
public final class DeployCommand implements Callable<Integer> {
  @CommandLine.Mixin SessionOptions session = new SessionOptions();

  @Option(
      names = "--policy",
      paramLabel = "REGISTRY[:VERSION]",
      description =
          "Policy registry to deploy from (default: the config's policy); with :N (or :vN) version"
              + " N is made current and deployed.")
  String policy;

  @Option(
      names = "--rollback",
      description = "Make the version before the registry's current one current, and deploy it.")
  boolean rollback;

  @CommandLine.Mixin WebOptions web = new WebOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    WebConsoleConfig console = web.config();
    TeleopSessionConfig cfg =
        session.load(policy == null ? List.of() : List.of("policy=" + policy));
    if (cfg.policy().isEmpty()) {
      throw new UserException(
          session.config
              + ": deploy needs a trained policy: --policy <registry>[:version] (or policy:)");
    }
    if (rollback) {
      Path dir = Path.of(cfg.policy());
      if (!Files.isDirectory(dir)) {
        throw new UserException(
            "--rollback: " + cfg.policy() + " is not a registry directory (give no :version)");
      }
      PolicyRegistry registry = new PolicyRegistry(dir);
      PolicyVersion before = registry.current().orElse(PolicyVersion.NONE);
      try {
        PolicyVersion now = registry.rollback();
        spec.commandLine().getOut().println("rolled back " + dir + ": " + before + " -> " + now);
      } catch (IllegalStateException e) {
        throw new UserException("--rollback: " + e.getMessage(), e);
      }
    }
    return session.run(cfg, console, spec);
  }
}
