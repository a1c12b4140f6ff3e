package dev.tandem.runtime.live;

import dev.tandem.runtime.cli.TandemCli;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs in a child JVM under Xvfb: {@code tandem teleop --web} (the real command, on a thread of
 * this JVM, with a pipe as its terminal); once the episode runs, a WebSocket client (what the page
 * does) holds the deadman and drives +y; meanwhile the desktop operator (xdotool in the viewer)
 * holds Left Ctrl and Up, which takes over from the browser (the desktop deadman takes precedence);
 * both let go; then the socket presses E-STOP, the desktop viewer's screenshot is taken while
 * stopped, the socket resumes, and {@code /quit} ends the session. Prints what happened, one fact
 * per line, for {@link WebTeleopXvfbTest}.
 */
public final class WebTeleopProbeMain {
  private static final CliTranscript CLI = new CliTranscript("tandem teleop --web");
  private static final List<String> FRAMES = new CopyOnWriteArrayList<>();

  public static void main(String[] args) throws Exception {
    String out = args[0];
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
                          "--web",
                          "--web-port",
                          "0",
                          "--max-episodes",
                          "1",
                          "--seconds",
                          "120",
                          "--out",
                          out,
                          "--set",
                          "demos=1",
                          "--set",
                          "training.steps=20",
                          "--set",
                          "retrainEveryEpisodes=0",
                          "--set",
                          "task.sim.maxEpisodeSteps=300",
                          "--set",
                          "viewer.width=320",
                          "--set",
                          "viewer.height=240"
                        },
                        cliOut,
                        cliOut),
            "tandem-cli");
    cli.start();
    try {
      String open = await(l -> l.startsWith("web console: open "), 60);
      URI page = URI.create(open.substring("web console: open ".length()).split(" ")[0]);
      WebSocket socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(
                  URI.create(page.toString().replaceFirst("^http", "ws") + "ws"), new Inbox())
              .get(10, TimeUnit.SECONDS);
      await(l -> l.startsWith("episode 1 started"), 90);
      awaitFrame(f -> f.contains("\"source\":\"POLICY\""), 20);
      // the browser drives +y for a while
      long seq = 0;
      seq = drive(socket, seq, 1500);
      System.out.println("browser_drove");
      // the desktop operator holds the deadman and Up (+x): it takes over from the browser, which
      // keeps sending +y
      String window =
          TeleopProbeMain.xdotool("search", "--sync", "--name", TeleopProbeMain.TITLE)
              .trim()
              .split("\n")[0];
      TeleopProbeMain.xdotool("windowfocus", "--sync", window);
      TeleopProbeMain.xdotool("keydown", "Control_L");
      TeleopProbeMain.xdotool("keydown", "Up");
      seq = drive(socket, seq, 1500);
      socket.sendText("{\"t\":\"letgo\",\"robot\":\"r1\"}", true).join();
      TeleopProbeMain.xdotool("keyup", "Up");
      TeleopProbeMain.xdotool("keyup", "Control_L");
      System.out.println("desktop_drove");
      Thread.sleep(800);
      // E-STOP from the socket: the session's one e-stop path (the desktop banner shows it)
      socket.sendText("{\"t\":\"estop\",\"robot\":\"r1\"}", true).join();
      await(l -> l.startsWith("EMERGENCY STOP (web operator"), 10);
      awaitFrame(
          f -> f.contains("\"mode\":\"STOPPED\"") && f.contains("\"source\":\"STOPPED\""), 10);
      Thread.sleep(1300);
      type(terminal, "/screenshot");
      String saved = await(l -> l.startsWith("screenshot saved: "), 20);
      System.out.println("shot_stopped " + saved.substring("screenshot saved: ".length()));
      socket.sendText("{\"t\":\"resume\",\"robot\":\"r1\"}", true).join();
      await(l -> l.startsWith("resumed (web operator"), 10);
      awaitFrame(f -> f.contains("\"source\":\"POLICY\""), 10);
      Thread.sleep(600);
      type(terminal, "/quit");
      cli.join(60_000);
      System.out.println("exit " + exit[0]);
      System.out.println("done");
    } catch (Throwable t) {
      System.out.println("error " + t);
      t.printStackTrace(System.out);
    } finally {
      System.out.flush();
      System.exit(0);
    }
  }

  /** Sends +y every 33 ms (as the page does while the deadman is held) for {@code millis}. */
  private static long drive(WebSocket socket, long seq, long millis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < end) {
      socket
          .sendText(
              "{\"t\":\"drive\",\"robot\":\"r1\",\"seq\":" + seq++ + ",\"v\":[0,0.5,0,0]}", true)
          .join();
      Thread.sleep(33);
    }
    return seq;
  }

  private static void type(PipedOutputStream terminal, String line) throws IOException {
    terminal.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    terminal.flush();
  }

  private static String await(Predicate<String> match, long seconds) throws InterruptedException {
    return CLI.await(match, seconds);
  }

  /** A frame received so far that matches. */
  private static String awaitFrame(Predicate<String> match, long seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      for (String l : FRAMES) {
        if (match.test(l)) {
          return l;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no matching frame from the web console within " + seconds + " s");
  }

  /** The page's side of the socket: frames are kept, other messages echoed as "ws ...". */
  private static final class Inbox implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String m = partial.toString();
        partial.setLength(0);
        if (m.startsWith("{\"t\":\"frame\"")) {
          FRAMES.add(m);
        } else {
          System.out.println("ws " + m);
        }
      }
      w.request(1);
      return null;
    }
  }
}
