package dev.tandem.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.scene.Pose;
import dev.tandem.core.scene.SceneDescription;
import dev.tandem.core.scene.SceneObject;
import dev.tandem.core.scene.Shape;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The console's server side over real WebSockets on 127.0.0.1 (the JDK's client), with a robot that
 * only records what the console asked of it: deadman hand-back, one controller seat per robot with
 * explicit hand-over, the token, the same-origin rule, validation and flood disconnects.
 */
class WebConsoleTest {
  private static final String TOKEN = "0123456789abcdef0123";

  private WebConsole console;

  @AfterEach
  void close() {
    if (console != null) {
      console.close();
    }
  }

  @Test
  void aDriverWhoseInputStopsIsHandedBackAfterTheDeadmanTimeout() throws Exception {
    RecordingRobot robot = new RecordingRobot("r1");
    console = WebConsole.start(WebConsoleConfig.loopback(), List.of(robot));
    Client a = Client.connect(console.address(), null);
    a.hello();
    long lastInput = 0;
    for (int i = 0; i < 3; i++) {
      Thread.sleep(30);
      a.send("{\"t\":\"drive\",\"robot\":\"r1\",\"seq\":" + i + ",\"v\":[0.5,0,0,0]}");
      lastInput = System.nanoTime();
    }
    waitFor(() -> robot.calls.contains("drive 2 [0.5, 0.0, 0.0, 0.0]"));
    assertThat(robot.calls).startsWith("takeOver web operator c1");
    waitFor(() -> robot.calls.stream().anyMatch(c -> c.startsWith("handBack")));
    double afterMs = (System.nanoTime() - lastInput) / 1e6; // the server heard it a bit later
    assertThat(afterMs)
        .as("handed back after the 300 ms deadman, not before")
        .isBetween(290.0, 900.0);
    assertThat(robot.calls.get(robot.calls.size() - 1)).contains("no input for 300 ms");
  }

  @Test
  void releasingTheDeadmanHandsBackAtOnce() throws Exception {
    RecordingRobot robot = new RecordingRobot("r1");
    console = WebConsole.start(WebConsoleConfig.loopback(), List.of(robot));
    Client a = Client.connect(console.address(), null);
    a.hello();
    a.send("{\"t\":\"drive\",\"robot\":\"r1\",\"seq\":0,\"v\":[0,0.5,0,0]}");
    a.send("{\"t\":\"letgo\",\"robot\":\"r1\"}");
    waitFor(() -> robot.calls.size() >= 3);
    assertThat(robot.calls)
        .containsExactly(
            "takeOver web operator c1",
            "drive 0 [0.0, 0.5, 0.0, 0.0]",
            "handBack web operator c1 released the deadman");
  }

  @Test
  void aSecondBrowserCannotTakeControlUntilTheFirstHandsItOver() throws Exception {
    RecordingRobot robot = new RecordingRobot("r1");
    console = WebConsole.start(WebConsoleConfig.loopback(), List.of(robot));
    Client a = Client.connect(console.address(), null);
    Client b = Client.connect(console.address(), null);
    a.hello();
    b.hello();
    a.send("{\"t\":\"seat\",\"robot\":\"r1\"}");
    a.await("\"seat\":\"c1\"");
    b.send("{\"t\":\"drive\",\"robot\":\"r1\",\"seq\":0,\"v\":[1,0,0,0]}");
    b.send("{\"t\":\"correct\",\"robot\":\"r1\",\"text\":\"left\"}");
    b.send("{\"t\":\"seat\",\"robot\":\"r1\"}");
    assertThat(b.await("\"kind\":\"refused\"")).contains("controlled by c1");
    Thread.sleep(200);
    assertThat(robot.calls).as("nothing of b's reached the robot").isEmpty();

    a.send("{\"t\":\"give\",\"robot\":\"r1\",\"to\":\"c2\"}");
    b.await("\"seat\":\"c2\"");
    b.send("{\"t\":\"drive\",\"robot\":\"r1\",\"seq\":7,\"v\":[1,0,0,0]}");
    waitFor(() -> robot.calls.contains("drive 7 [1.0, 0.0, 0.0, 0.0]"));
    a.send("{\"t\":\"drive\",\"robot\":\"r1\",\"seq\":8,\"v\":[-1,0,0,0]}");
    a.await("\"kind\":\"refused\"");
    assertThat(robot.calls).doesNotContain("drive 8 [-1.0, 0.0, 0.0, 0.0]");
  }

  @Test
  void aDriverWhoLeavesIsHandedBackAndFreesTheSeat() throws Exception {
    RecordingRobot robot = new RecordingRobot("r1");
    console = WebConsole.start(WebConsoleConfig.loopback(), List.of(robot));
    Client a = Client.connect(console.address(), null);
    Client b = Client.connect(console.address(), null);
    a.hello();
    b.hello();
    a.send("{\"t\":\"drive\",\"robot\":\"r1\",\"seq\":0,\"v\":[0,0,0.5,0]}");
    waitFor(() -> robot.calls.size() == 2);
    a.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    waitFor(() -> robot.calls.size() == 3);
    b.await("\"seat\":null");
    assertThat(robot.calls.get(2)).startsWith("handBack web operator c1 disconnected");
  }

  @Test
  void aWrongOrMissingTokenIsRefusedAndTheRightOneAccepted() throws Exception {
    console =
        WebConsole.start(
            WebConsoleConfig.loopback().withAddress("127.0.0.1", 0, TOKEN),
            List.of(new RecordingRobot("r1")));
    URI page = console.address();
    assertThat(page.getQuery()).isEqualTo("token=" + TOKEN);
    URI base = URI.create(page.toString().replace("?token=" + TOKEN, ""));
    for (String wrong : new String[] {"", "?token=wrong", "?token=" + TOKEN + "x"}) {
      assertThatThrownBy(() -> Client.connect(URI.create(base + wrong), null))
          .as(wrong)
          .hasRootCauseMessage("Unexpected HTTP response status code 403");
    }
    Client.connect(page, null).hello();
    assertThat(console.clientCount()).isEqualTo(1);
  }

  @Test
  void anotherSitesPageCannotOpenTheSocket() throws Exception {
    console = WebConsole.start(WebConsoleConfig.loopback(), List.of(new RecordingRobot("r1")));
    assertThatThrownBy(() -> Client.connect(console.address(), "http://evil.example"))
        .hasRootCauseMessage("Unexpected HTTP response status code 403");
    URI a = console.address();
    Client.connect(a, "http://" + a.getHost() + ":" + a.getPort()).hello();
  }

  @Test
  void bindingAnotherAddressWithoutATokenIsRefusedAtStart() {
    assertThatThrownBy(() -> WebConsoleConfig.loopback().withAddress("0.0.0.0", 0, ""))
        .hasMessageContaining("host: 0.0.0.0 is reachable from other machines; give a token");
    assertThatThrownBy(() -> WebConsoleConfig.loopback().withAddress("0.0.0.0", 0, "short"))
        .hasMessageContaining("token: found 5 characters, expected at least 16");
  }

  @Test
  void valuesOutOfRangeAreRejectedAndNeverReachTheRobot() throws Exception {
    RecordingRobot robot = new RecordingRobot("r1");
    console = WebConsole.start(WebConsoleConfig.loopback(), List.of(robot));
    Client a = Client.connect(console.address(), null);
    a.hello();
    a.send("{\"t\":\"drive\",\"robot\":\"r1\",\"seq\":0,\"v\":[2,0,0,0]}");
    assertThat(a.await("\"kind\":\"invalid\"")).contains("v[0] (a number in [-1, 1])");
    a.send("{\"t\":\"drive\",\"robot\":\"r1\",\"seq\":1,\"v\":[0,0]}");
    assertThat(a.await("\"kind\":\"invalid\"")).contains("expected 4 values");
    a.send("{\"t\":\"drive\",\"robot\":\"r9\",\"seq\":1,\"v\":[0,0,0,0]}");
    assertThat(a.await("\"kind\":\"invalid\"")).contains("unknown robot");
    Thread.sleep(100);
    assertThat(robot.calls).isEmpty();
  }

  @Test
  void aFloodOfMalformedMessagesDisconnectsOnlyThatClient() throws Exception {
    RecordingRobot robot = new RecordingRobot("r1");
    console = WebConsole.start(WebConsoleConfig.loopback(), List.of(robot));
    Client flood = Client.connect(console.address(), null);
    Client watcher = Client.connect(console.address(), null);
    flood.hello();
    watcher.hello();
    for (int i = 0; i < 300 && !flood.closed.isDone(); i++) {
      flood.send("{\"t\":\"drive\",\"robot\":\"r1\",\"v\":\"x" + i + "\"}");
    }
    flood.closed.get(5, TimeUnit.SECONDS);
    assertThat(flood.texts).anySatisfy(t -> assertThat(t).contains("\"kind\":\"disconnected\""));
    console.publish("r1", frame());
    assertThat(watcher.await("\"t\":\"frame\"")).contains("\"shape\":\"box\"");
    assertThat(robot.calls).isEmpty();
  }

  @Test
  void aFrameCarriesTheSceneOnceAsTheObjectsThePageDraws() throws Exception {
    console = WebConsole.start(WebConsoleConfig.loopback(), List.of(new RecordingRobot("r1")));
    Client page = Client.connect(console.address(), null);
    page.hello();
    console.publish("r1", frame());
    var frame =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(page.await("\"t\":\"frame\""));
    assertThat(frame.path("scene")).hasSize(1);
    assertThat(frame.at("/scene/0/shape").asText()).isEqualTo("box");
    assertThat(frame.at("/status/mode").asText()).isEqualTo("AUTONOMOUS");
    // not a second time inside the status (it doubled every frame's size)
    assertThat(frame.path("status").has("scene")).isFalse();
  }

  @Test
  void aTooLongMessageDisconnects() throws Exception {
    console = WebConsole.start(WebConsoleConfig.loopback(), List.of(new RecordingRobot("r1")));
    Client a = Client.connect(console.address(), null);
    a.hello();
    a.send("{\"t\":\"correct\",\"robot\":\"r1\",\"text\":\"" + "a".repeat(5000) + "\"}");
    a.closed.get(5, TimeUnit.SECONDS);
  }

  // ------------------------------------------------------------------ helpers

  private static RobotFrame frame() {
    SceneDescription scene =
        new SceneDescription(
            List.of(
                new SceneObject(
                    "cube",
                    new Shape.Box(0.04, 0.04, 0.04),
                    Pose.at(0.4, 0, 0.02),
                    new float[] {1, 0, 0, 1},
                    false)));
    return new RobotFrame(
        "AUTONOMOUS",
        new float[] {0.1f, 0.5f, 0.2f},
        1,
        0,
        1,
        0,
        "POLICY",
        "v1",
        null,
        null,
        -1,
        "",
        "",
        scene,
        List.of());
  }

  private static void waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting");
      }
      Thread.sleep(5);
    }
  }

  /** A robot that records what the console asked of it, one line per call. */
  static final class RecordingRobot implements ConsoleRobot {
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final RobotInfo info;

    RecordingRobot(String id) {
      info =
          new RobotInfo(
              id,
              "Test",
              List.of("dx", "dy", "dz", "gripper"),
              new double[] {1, 1, 1},
              new double[] {0, 0, 0},
              50,
              List.of("AUTONOMOUS", "HUMAN"));
    }

    @Override
    public RobotInfo info() {
      return info;
    }

    @Override
    public void takeOver(String claim) {
      calls.add("takeOver " + claim);
    }

    @Override
    public void drive(double[] command, long seq) {
      calls.add("drive " + seq + " " + java.util.Arrays.toString(command));
    }

    @Override
    public void handBack(String reason) {
      calls.add("handBack " + reason);
    }

    @Override
    public CorrectionReply correct(String text, String by) {
      calls.add("correct " + text);
      return new CorrectionReply(text, "understood", true, true);
    }

    @Override
    public void emergencyStop(String by) {
      calls.add("estop " + by);
    }

    @Override
    public void resume(String by) {
      calls.add("resume " + by);
    }
  }

  /** A WebSocket client on the JDK's HTTP client that keeps every text it receives. */
  static final class Client implements WebSocket.Listener {
    final List<String> texts = new CopyOnWriteArrayList<>();
    final LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    static Client connect(URI page, String origin) {
      Client c = new Client();
      String ws = page.toString().replaceFirst("^http", "ws").replaceFirst("/(\\?|$)", "/ws$1");
      WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
      if (origin != null) {
        b.header("Origin", origin);
      }
      try {
        c.socket = b.buildAsync(URI.create(ws), c).join();
      } catch (CompletionException e) {
        throw e;
      }
      return c;
    }

    void send(String text) {
      socket.sendText(text, true).join();
    }

    String hello() throws InterruptedException {
      return await("\"t\":\"hello\"");
    }

    /** The next message containing {@code part} (earlier ones are passed over). */
    String await(String part) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < end) {
        String m = inbox.poll(50, TimeUnit.MILLISECONDS);
        if (m != null && m.contains(part)) {
          return m;
        }
      }
      throw new AssertionError("no message with " + part + " in " + texts);
    }

    @Override
    public java.util.concurrent.CompletionStage<?> onText(
        WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        texts.add(partial.toString());
        inbox.add(partial.toString());
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public java.util.concurrent.CompletionStage<?> onClose(
        WebSocket ws, int status, String reason) {
      closed.complete(null);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.complete(null);
    }
  }
}
