package dev.tandem.runtime.live;

import dev.tandem.runtime.cli.TandemCli;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs in a child JVM under Xvfb: starts {@code tandem teleop} (the real command, on a thread of
 * this JVM, with a pipe as its terminal); it asks for a screenshot while the session prepares and
 * another while the starting policy trains, and types a correction on the terminal; in the first
 * episode it acts as the operator — xdotool holds Left Ctrl and Up in the viewer window (takeover
 * and motion), releases them (hand-back), types corrections in the viewer (one understood, one
 * not), types "stop" and "continue" on the terminal, asks for screenshots, presses F5 (retrain
 * after this episode); while the policy retrains it types a correction in the viewer, holds the
 * deadman (and keeps holding it into the second episode) and asks for a screenshot — and prints
 * what happened, one fact per line, for {@link LiveTeleopXvfbTest}.
 */
public final class TeleopProbeMain {
  static final String TITLE = "Tandem operator";

  /** Enough for the start-up training and the retraining to outlast what the operator does. */
  static final int TRAINING_STEPS = 1200;

  /** Long enough (at 10 Hz) for everything the operator does in the second episode. */
  static final int EPISODE_STEPS = 150;

  private static final CliTranscript CLI = new CliTranscript("tandem teleop");
  private static String outDir;

  public static void main(String[] args) throws Exception {
    String out = args[0];
    outDir = out;
    String config = args[1];
    PipedOutputStream terminal = new PipedOutputStream();
    System.setIn(new PipedInputStream(terminal, 4096));
    PrintWriter cliOut = new PrintWriter(CLI, true);
    int[] exit = {-1};
    Thread cli =
        new Thread(
            () ->
                exit[0] =
                    TandemCli.execute(
                        new String[] {
                          "teleop",
                          config,
                          "--max-episodes",
                          "2",
                          "--seconds",
                          "200",
                          "--out",
                          out,
                          "--set",
                          "demos=2",
                          "--set",
                          "training.steps=" + TRAINING_STEPS,
                          "--set",
                          "retrainEveryEpisodes=0",
                          "--set",
                          "task.sim.maxEpisodeSteps=" + EPISODE_STEPS,
                          "--set",
                          "viewer.width=640",
                          "--set",
                          "viewer.height=480"
                        },
                        cliOut,
                        cliOut),
            "tandem-cli");
    // read as soon as the session reads its terminal, while it prepares (nothing runs yet)
    type(terminal, "/screenshot");
    cli.start();
    try {
      System.out.println("shot_idle " + savedPath());
      await(l -> l.startsWith("no policy registry in the config: training BC"), 120);
      type(terminal, "/screenshot");
      System.out.println("shot_training " + savedPath());
      type(terminal, "left");
      await(l -> l.startsWith("not applied (terminal)"), 10);
      await(l -> l.startsWith("episode 1 started"), 120);
      String window = xdotool("search", "--sync", "--name", TITLE).trim().split("\n")[0];
      xdotool("windowfocus", "--sync", window);
      Thread.sleep(500);
      xdotool("keydown", "Control_L");
      Thread.sleep(400);
      xdotool("keydown", "Up");
      Thread.sleep(1000);
      type(terminal, "/screenshot");
      System.out.println("shot_human " + savedPath());
      xdotool("keyup", "Up");
      Thread.sleep(200);
      xdotool("keyup", "Control_L");
      Thread.sleep(600);
      xdotool("type", "--delay", "20", "a bit slower");
      xdotool("key", "Return");
      Thread.sleep(400);
      xdotool("type", "--delay", "20", "banana");
      xdotool("key", "Return");
      Thread.sleep(300);
      type(terminal, "stop");
      Thread.sleep(800);
      type(terminal, "/screenshot");
      System.out.println("shot_stop " + savedPath());
      type(terminal, "continue");
      Thread.sleep(300);
      xdotool("key", "F5");
      await(l -> l.startsWith("retraining after this episode"), 10);
      // the view, help and their screenshots while the episode ends and the policy retrains
      operateTheView(terminal, window, "", false);
      awaitEver(l -> l.startsWith("retraining on "), 60);
      xdotool("type", "--delay", "20", "left");
      xdotool("key", "Return");
      await(l -> l.startsWith("not applied (viewer)"), 10);
      xdotool("keydown", "Control_L");
      await(l -> l.contains("cannot drive now"), 10);
      type(terminal, "/screenshot");
      System.out.println("shot_retraining " + savedPath());
      await(l -> l.startsWith("episode 2 started"), 120);
      await(l -> l.contains("you drive"), 10);
      Thread.sleep(800);
      xdotool("keyup", "Control_L");
      await(l -> l.startsWith("control back to the policy"), 10);
      emergencyStop(terminal, "");
      // the same states in a bigger window
      xdotool("windowsize", window, "1280", "800");
      Thread.sleep(500);
      operateTheView(terminal, window, "_big", true);
      type(terminal, "/quit"); // ends the second episode now rather than at its step limit
      await(l -> l.startsWith("session finished"), 150);
    } catch (AssertionError e) {
      System.out.println("error " + e.getMessage());
    }
    cli.join(TimeUnit.SECONDS.toMillis(60));
    terminal.close();
    System.out.println("exit " + exit[0]);
    System.out.println("done");
    System.exit(0);
  }

  /**
   * Screenshots before and after a mouse drag (and of the scene unmoved, for comparison), of the
   * top and workspace views, of the help opened with F1, then the help opened by "help" typed in
   * the correction line; with {@code stop}, an emergency stop too.
   */
  private static void operateTheView(
      PipedOutputStream terminal, String window, String size, boolean stop) throws Exception {
    shot(terminal, "shot_still_a" + size);
    Thread.sleep(200);
    shot(terminal, "shot_still_b" + size);
    int[] c = {320, 240};
    xdotool("mousemove", "--window", window, "" + c[0], "" + c[1]);
    xdotool("mousedown", "1");
    for (int i = 1; i <= 5; i++) {
      xdotool("mousemove", "--window", window, "" + (c[0] + 20 * i), "" + (c[1] + 6 * i));
    }
    xdotool("mouseup", "1");
    Thread.sleep(600); // the view settles and is saved
    shot(terminal, "shot_orbited" + size);
    System.out.println(
        "view_file"
            + size
            + " "
            + Files.readString(Path.of(outDir, "viewer-view.properties")).replace('\n', ' '));
    xdotool("key", "F4");
    Thread.sleep(200);
    shot(terminal, "shot_top" + size);
    xdotool("key", "F7");
    Thread.sleep(200);
    shot(terminal, "shot_workspace" + size);
    xdotool("key", "F1");
    await(l -> l.equals("help: KEYBOARD (connected)"), 10);
    shot(terminal, "shot_help" + size);
    xdotool("key", "F1");
    xdotool("type", "--delay", "20", "help");
    xdotool("key", "Return");
    await(l -> l.equals("help: KEYBOARD (connected)"), 10);
    System.out.println("typed_help_opened" + size);
    xdotool("key", "F1");
    if (stop) {
      emergencyStop(terminal, size);
    }
  }

  /** Esc: the robot held about a second (screenshot), then F12. */
  private static void emergencyStop(PipedOutputStream terminal, String size) throws Exception {
    xdotool("key", "Escape");
    await(l -> l.startsWith("EMERGENCY STOP"), 10);
    Thread.sleep(1000);
    shot(terminal, "shot_stopped" + size);
    xdotool("key", "F12");
    await(l -> l.startsWith("resumed"), 10);
    Thread.sleep(300);
  }

  private static void shot(PipedOutputStream terminal, String name) throws Exception {
    type(terminal, "/screenshot");
    System.out.println(name + " " + savedPath());
  }

  private static String savedPath() throws InterruptedException {
    return await(l -> l.startsWith("screenshot saved: "), 40)
        .substring("screenshot saved: ".length());
  }

  private static void type(PipedOutputStream terminal, String line) throws IOException {
    terminal.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    terminal.flush();
  }

  private static String awaitEver(Predicate<String> match, long seconds)
      throws InterruptedException {
    return CLI.awaitEver(match, seconds);
  }

  private static String await(Predicate<String> match, long seconds) throws InterruptedException {
    return CLI.await(match, seconds);
  }

  static String xdotool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("xdotool");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      System.out.println("xdotool_failed " + String.join(" ", args) + ": " + output.trim());
    }
    return output;
  }
}
