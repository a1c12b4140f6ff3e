package dev.tandem.runtime.cli;

import dev.tandem.bridge.fake.FakeRobot;
import dev.tandem.runtime.simrobot.BridgeBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem bench bridge}: the ROS 2 bridge against the C fake robot and sim-robot. */
@Command(
    name = "bridge",
    mixinStandardHelpOptions = true,
    description = {
      "ROS 2 bridge on 127.0.0.1: latency_ms_p50/p99 (joint state in -> command out, through a",
      "proportional Reach policy, the IK and the safety layer) against the C fake robot at 100 Hz",
      "and 500 Hz (_500hz), tick_jitter_ms_p99 (100 Hz timer), and in_process_success_rate vs",
      "sim_robot_success_rate (the same policy and seeds in process and through sim-robot over",
      "DDS). Builds the C fake robot: needs gcc, libc6-dev, cyclonedds-dev, cyclonedds-tools."
    })
public final class BenchBridgeCommand implements Callable<Integer> {
  @Option(
      names = "--ticks",
      defaultValue = "1000",
      converter = PositiveInt.class,
      description = "Ticks measured per rate (default ${DEFAULT-VALUE}).")
  int ticks;

  @Option(
      names = "--episodes",
      defaultValue = "50",
      description = "Reach seeds for the success rates, 0 to skip (default ${DEFAULT-VALUE}).")
  int episodes;

  @Option(
      names = "--task",
      defaultValue = "configs/tasks/reach.yaml",
      description = "The Reach task (default ${DEFAULT-VALUE}).")
  Path task;

  @Option(
      names = "--robot",
      defaultValue = "configs/ros2/panda.yaml",
      description = "The bridge's config (default ${DEFAULT-VALUE}).")
  Path robot;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (episodes < 0) {
      throw new UserException("--episodes: found " + episodes + ", expected 0 or more");
    }
    for (Path p : new Path[] {task, robot}) {
      if (!Files.isRegularFile(p)) {
        throw new UserException(p + ": no such config");
      }
    }
    Path build = Files.createTempDirectory("tandem-fake-robot");
    try {
      BenchCommand.print(
          spec,
          BridgeBenchmark.run(new BridgeBenchmark.Options(ticks, episodes, task, robot, build)));
    } catch (FakeRobot.BuildException e) {
      throw new UserException("bench bridge: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    } finally {
      BridgeBenchmark.deleteTree(build);
    }
    return 0;
  }
}
