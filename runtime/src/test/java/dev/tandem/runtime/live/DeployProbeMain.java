package dev.tandem.runtime.live;

import dev.tandem.bridge.dds.DdsParticipant;
import dev.tandem.core.config.ConfigLoader;
import dev.tandem.core.env.Environment;
import dev.tandem.core.store.DatasetSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.intervention.Segmenter;
import dev.tandem.intervention.memory.Memory;
import dev.tandem.intervention.weighting.PlainBc;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.runtime.cli.TandemCli;
import dev.tandem.runtime.simrobot.SimRobot;
import dev.tandem.runtime.training.Demonstrations;
import dev.tandem.runtime.training.Training;
import dev.tandem.runtime.training.TrainingSettings;
import dev.tandem.sim.config.TaskConfig;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import std_msgs.msg.dds.Bool;
import std_msgs.msg.dds.BoolPubSubType;

/**
 * Runs in a child JVM under Xvfb: trains a Reach policy in sim (BC on scripted demos) into a
 * registry, starts {@code tandem sim-robot}'s {@link SimRobot} on a random domain on 127.0.0.1, and
 * runs the real {@code tandem deploy configs/deploy/reach.yaml --policy <registry>:1} on a thread
 * of this JVM with a pipe as its terminal. It plays the operator: before each episode it resets the
 * sim-robot's scene (as a person resets a real one) and says ready (F9 in the viewer, then /ready
 * on the terminal, then std_msgs/Bool true on /tandem/ready, as a button node would); in the second
 * it types a correction; in the first episode it takes over (Left Ctrl + Up), hands back, presses
 * the e-stop key (Esc) and resumes (F12); the session retrains after the first episode. It prints
 * what happened, one fact per line, for {@link DeployXvfbTest}.
 */
public final class DeployProbeMain {
  static final String TITLE = "Tandem operator";

  private static final CliTranscript CLI = new CliTranscript("tandem deploy");

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Path configs = Path.of(args[1]);
    int domain = ThreadLocalRandom.current().nextInt(1, 200);
    TaskConfig reach =
        (TaskConfig) ConfigLoader.discover().load(configs.resolve("tasks/reach.yaml"), List.of());
    Path registry = trainReach(reach, out);
    System.out.println("trained " + registry);
    PipedOutputStream terminal = new PipedOutputStream();
    System.setIn(new PipedInputStream(terminal, 4096));
    PrintWriter cliOut = new PrintWriter(CLI, true);
    int[] exit = {-1};
    try (SimRobot sim =
        SimRobot.start(
            reach.withSim(reach.sim().withSeed(100)),
            SimRobot.Options.defaults(domain),
            e -> System.out.println("sim " + e))) {
      Thread cli =
          new Thread(
              () ->
                  exit[0] =
                      TandemCli.execute(
                          new String[] {
                            "deploy",
                            configs.resolve("deploy/reach.yaml").toString(),
                            "--policy",
                            registry + ":1",
                            "--max-episodes",
                            "3",
                            "--seconds",
                            "150",
                            "--out",
                            out.resolve("session").toString(),
                            "--set",
                            "task.domainId=" + domain,
                            "--set",
                            "task.maxEpisodeSteps=100",
                            // a loaded test machine: a 25 Hz robot may be late by 0.1 s
                            "--set",
                            "task.safety.staleAfterSeconds=0.5",
                            "--set",
                            "retrainEveryEpisodes=1",
                            "--set",
                            "training.steps=300",
                            "--set",
                            "viewer.width=640",
                            "--set",
                            "viewer.height=480"
                          },
                          cliOut,
                          cliOut),
              "tandem-cli");
      cli.start();
      try {
        operate(sim, terminal, domain);
      } catch (AssertionError e) {
        System.out.println("error " + e.getMessage());
      }
      cli.join(TimeUnit.SECONDS.toMillis(60));
    }
    terminal.close();
    System.out.println("exit " + exit[0]);
    System.out.println("done");
    System.exit(0);
  }

  private static void operate(SimRobot sim, PipedOutputStream terminal, int domain)
      throws Exception {
    await(l -> l.startsWith("episode 1: reset the scene"), 120);
    sim.reset(101).get(10, TimeUnit.SECONDS);
    String window = xdotool("search", "--sync", "--name", TITLE).trim().split("\n")[0];
    xdotool("windowfocus", "--sync", window);
    Thread.sleep(300);
    xdotool("key", "F9");
    await(l -> l.startsWith("scene ready (F9)"), 10);
    await(l -> l.startsWith("episode 1 started"), 30);
    awaitPolicyDriving(sim);
    Thread.sleep(600);
    xdotool("keydown", "Control_L");
    Thread.sleep(300);
    xdotool("keydown", "Up");
    Thread.sleep(800);
    xdotool("keyup", "Up");
    Thread.sleep(200);
    xdotool("keyup", "Control_L");
    await(l -> l.startsWith("control back to the policy"), 10);
    Thread.sleep(400);
    xdotool("key", "Escape");
    await(l -> l.startsWith("EMERGENCY STOP (Esc in the viewer)"), 10);
    Thread.sleep(600);
    xdotool("key", "F12");
    await(l -> l.startsWith("resumed (F12 in the viewer)"), 10);
    await(l -> l.startsWith("episode 1 ended"), 30);
    await(l -> l.startsWith("episode 2: reset the scene"), 120);
    sim.reset(102).get(10, TimeUnit.SECONDS);
    type(terminal, "/ready");
    await(l -> l.startsWith("scene ready (/ready)"), 10);
    await(l -> l.startsWith("episode 2 started"), 30);
    awaitPolicyDriving(sim);
    Thread.sleep(600);
    type(terminal, "a bit more to the left");
    await(l -> l.startsWith("correction (terminal):"), 10);
    await(l -> l.startsWith("episode 3: reset the scene"), 120);
    sim.reset(103).get(10, TimeUnit.SECONDS);
    try (DdsParticipant button = new DdsParticipant("ready_button", domain, "127.0.0.1", 10.0)) {
      var writer =
          button.writer(new BoolPubSubType(), "/tandem/ready", DdsParticipant.Qos.rosDefault());
      Bool pressed = new Bool();
      pressed.setData(true);
      // pressed until heard: the button's writer and the session's reader meet first
      for (int i = 0; i < 50 && !CLI.seen(l -> l.startsWith("scene ready (/tandem/ready)")); i++) {
        writer.write(pressed);
        Thread.sleep(200);
      }
    }
    await(l -> l.startsWith("scene ready (/tandem/ready)"), 10);
    await(l -> l.startsWith("episode 3 started"), 30);
    await(l -> l.startsWith("session finished"), 60);
  }

  /**
   * Waits until the robot takes the policy's commands: "episode N started" comes before the
   * bridge's reset, which waits for fresh joint states (seconds under load), so a fixed pause after
   * it could press the deadman before the first step.
   */
  private static void awaitPolicyDriving(SimRobot sim) throws InterruptedException {
    long before = sim.stats().commandsAccepted();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (sim.stats().commandsAccepted() < before + 3) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the robot took no policy commands within 30 s of the start");
      }
      Thread.sleep(20);
    }
  }

  /** BC on 20 scripted Reach demos in sim, published as version 1 of a registry. */
  private static Path trainReach(TaskConfig reach, Path out) {
    DjlRuntime djl = DjlRuntime.start(RuntimeConfig.cpu());
    Path dir = out.resolve("policies");
    try (Environment env = reach.create();
        EpisodeStore store =
            EpisodeStore.create(out.resolve("demos"), DatasetSpec.of(env.spec()))) {
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        ids.add(Demonstrations.record(env, store, 10_000 + i, Map.of(), Clock.systemUTC()));
      }
      var data =
          Training.dataset(store, ids, Segmenter.defaults(), new PlainBc(null), Memory.unlimited());
      var bc =
          Training.config(
              new TrainingSettings(800, null, null, null, null, null, null, "cpu", null),
              new PlainBc(null),
              7);
      new PolicyRegistry(dir)
          .publish(Training.train(djl, data, env.spec(), bc, Map.of()).checkpoint());
    }
    return dir;
  }

  private static void type(PipedOutputStream terminal, String line) throws IOException {
    terminal.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    terminal.flush();
  }

  private static String await(Predicate<String> match, long seconds) throws InterruptedException {
    return CLI.await(match, seconds);
  }

  private static String xdotool(String... args) throws IOException, InterruptedException {
    return TeleopProbeMain.xdotool(args);
  }
}
