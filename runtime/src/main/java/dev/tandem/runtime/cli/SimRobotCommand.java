package dev.tandem.runtime.cli;

import dev.tandem.bridge.CommandInterface;
import dev.tandem.core.config.ConfigLoader;
import dev.tandem.runtime.simrobot.SimRobot;
import dev.tandem.sim.config.TaskConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem sim-robot <task.yaml>}: the simulation as a ROS 2 robot. */
@Command(
    name = "sim-robot",
    mixinStandardHelpOptions = true,
    description = {
      "Run a sim task as a ROS 2 robot, in real time at the task's control rate: joint states on",
      "/joint_states, task objects' poses (robot base frame) as geometry_msgs/PoseStamped on",
      "/tandem/objects/<name>, commands taken from <controller>/commands (Float64MultiArray,",
      "position or velocity) or <controller>/joint_trajectory. Any ROS 2 tool, or a Tandem",
      "session with a ros2 environment, drives the arm. When an episode ends the arm stands still;",
      "type 'reset [seed]' to start another, 'quit' to stop.",
      "Example: tandem sim-robot configs/tasks/reach.yaml --domain-id 7"
    })
public final class SimRobotCommand implements Callable<Integer> {
  @Parameters(paramLabel = "TASK", description = "Task YAML, e.g. configs/tasks/reach.yaml.")
  Path task;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override a task value, e.g. --set sim.substeps=5 (100 Hz).")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--domain-id",
      defaultValue = "0",
      description = "ROS_DOMAIN_ID (default ${DEFAULT-VALUE}).")
  int domainId;

  @Option(
      names = "--interface-address",
      defaultValue = "127.0.0.1",
      description = "The only network interface DDS uses (default ${DEFAULT-VALUE}).")
  String interfaceAddress;

  @Option(
      names = "--controller",
      defaultValue = "/arm_controller",
      description = "The controller whose commands drive the arm (default ${DEFAULT-VALUE}).")
  String controller;

  @Option(
      names = "--gripper-controller",
      defaultValue = "/gripper_controller",
      description =
          "For a task with a gripper: the fingers' position controller whose commands drive it"
              + " (default ${DEFAULT-VALUE}).")
  String gripperController;

  @Option(
      names = "--command-interface",
      defaultValue = "POSITION",
      description = "POSITION, VELOCITY or TRAJECTORY (default ${DEFAULT-VALUE}).")
  CommandInterface commandInterface;

  @Option(
      names = "--episode-steps",
      defaultValue = "100000",
      description = "The sim's time limit per episode in ticks (default ${DEFAULT-VALUE}).")
  int episodeSteps;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      description = "Stop after S seconds (default: on 'quit' or Ctrl-C).")
  Double seconds;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    TaskConfig cfg = taskConfig();
    SimRobot.Options options;
    try {
      options =
          new SimRobot.Options(
              domainId,
              interfaceAddress,
              controller,
              commandInterface,
              "/joint_states",
              "/tandem/objects",
              episodeSteps,
              gripperController);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    SimRobot robot = start(cfg, options, out);
    Thread hook = new Thread(robot::close, "sim-robot-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    say(
        out,
        String.format(
            Locale.ROOT,
            "sim-robot: %s at %.0f Hz on ROS 2 domain %d (%s): joint states on /joint_states,"
                + " commands on %s (%s), object poses on %s",
            cfg.taskName(),
            robot.rateHz(),
            domainId,
            interfaceAddress,
            commandInterface.topic(controller),
            commandInterface,
            options.objectTopicPrefix() + "/<name>"));
    Thread input = new Thread(() -> readCommands(robot, out), "sim-robot-stdin");
    input.setDaemon(true);
    input.start();
    if (seconds != null) {
      Thread.sleep(Math.round(seconds * 1000));
      robot.close();
    }
    robot.join();
    Runtime.getRuntime().removeShutdownHook(hook);
    SimRobot.Stats st = robot.stats();
    say(
        out,
        String.format(
            Locale.ROOT,
            "sim-robot: stopped after %d ticks (%d late), %d commands applied, %d refused",
            st.ticks(),
            st.lateTicks(),
            st.commandsAccepted(),
            st.commandsRefused()));
    if (robot.failure() != null) {
      throw new IllegalStateException("sim-robot stopped", robot.failure());
    }
    return 0;
  }

  /** The task config named on the command line, checked before anything starts. */
  private TaskConfig taskConfig() {
    if (!Files.isRegularFile(task)) {
      throw new UserException(task + ": no such task config");
    }
    if (seconds != null && !(seconds > 0)) {
      throw new UserException("--seconds: found " + seconds + ", expected a positive number");
    }
    if (!(ConfigLoader.discover().load(task, overrides) instanceof TaskConfig cfg)) {
      throw new UserException(task + ": not a sim task (expected type: Reach, Push, ...)");
    }
    return cfg;
  }

  private SimRobot start(TaskConfig cfg, SimRobot.Options options, PrintWriter out) {
    try {
      return SimRobot.start(cfg, options, line -> say(out, line));
    } catch (IllegalArgumentException e) {
      throw new UserException(task + ": " + e.getMessage(), e);
    }
  }

  /** One line on the terminal (the robot's thread, stdin's and this one share it). */
  private static void say(PrintWriter out, String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /** 'reset [seed]' and 'quit' lines; end of input leaves the robot running. */
  private static void readCommands(SimRobot robot, PrintWriter out) {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    long nextSeed = robot.episode().seed() + 1;
    try {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] words = line.trim().split("\\s+");
        String reply;
        if (words[0].equals("quit")) {
          robot.close();
          return;
        } else if (words[0].equals("reset") && words.length <= 2) {
          try {
            long seed = words.length == 2 ? Long.parseLong(words[1]) : nextSeed;
            nextSeed = seed + 1;
            robot.reset(seed);
            reply = "reset: episode with seed " + seed;
          } catch (NumberFormatException e) {
            reply = "reset: found '" + words[1] + "', expected an integer seed";
          }
        } else if (words[0].isEmpty()) {
          continue;
        } else {
          reply = "unknown command '" + line.trim() + "': expected 'reset [seed]' or 'quit'";
        }
        synchronized (out) {
          out.println(reply);
          out.flush();
        }
      }
    } catch (IOException e) {
      // no usable stdin: the robot runs until --seconds or Ctrl-C
    }
  }
}
