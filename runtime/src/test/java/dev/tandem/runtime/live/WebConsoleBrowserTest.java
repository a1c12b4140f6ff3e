package dev.tandem.runtime.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.core.config.ConfigLoader;
import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.Episode;
import dev.tandem.core.data.LanguageEvent;
import dev.tandem.core.data.Step;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.core.store.EpisodeStore;
import dev.tandem.teleop.viewer.ControlMode;
import dev.tandem.web.WebConsoleConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code tandem serve} with two simulated robots and real browsers (Debian's chromium, headless,
 * software WebGL, driven by Selenium through chromedriver): operator A holds the deadman and drives
 * robot r1 with the arrow keys, types a correction and reads its interpretation; browser B cannot
 * take r1 while A holds it; a wrong token is refused; a flood of malformed messages from other
 * clients leaves r2's tick rate where it was. The recorded episodes and a screenshot are checked
 * afterwards. One fleet run serves all assertions.
 */
class WebConsoleBrowserTest {
  static final Path OUT = Path.of("target", "web-console").toAbsolutePath();
  static final String TOKEN = "browser-test-token-0123";
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  static WebFleet fleet;
  static CompletableFuture<WebFleet.Summary> run;
  static URI page;
  static final StringWriter log = new StringWriter();
  static WebDriver a;
  static WebDriver b;

  // what the scenario saw
  static String refusalInB;
  static String seatInB;
  static String correctionReply;
  static String correctionKind;
  static boolean correctingShown;
  static String latencyMs;
  static boolean handedBack;
  static boolean gamepadHandedBack;
  static boolean stoppedShown;
  static boolean resumedShown;
  static String wrongTokenStatus;
  static long floodStartMillis;
  static long floodEndMillis;
  static int floodDisconnects;
  static BufferedImage screenshot;
  static BufferedImage stoppedScreenshot;
  static List<Episode> r1;
  static List<Episode> r2;

  @BeforeAll
  static void scenario() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
    deleteRecursively(OUT);
    Files.createDirectories(OUT);
    startFleet();
    try {
      driveAndCorrect();
      secondBrowser();
      wrongToken();
      flood();
    } finally {
      quit(a);
      quit(b);
      fleet.stop();
    }
    run.get(60, TimeUnit.SECONDS);
    r1 = episodes("r1");
    r2 = episodes("r2");
  }

  @AfterAll
  static void cleanUp() {
    if (fleet != null) {
      fleet.stop();
    }
  }

  @Test
  void holdingTheDeadmanAndTheArrowDrivesTheRobotAndIsRecordedAsHumanSteps() {
    List<Step> human = steps(r1, ControlSource.HUMAN);
    assertThat(human).as(log.toString()).hasSizeGreaterThanOrEqualTo(5);
    // Up arrow: dx +0.5 (the keyboard's speed), as the viewer's keyboard drives
    assertThat(human.stream().filter(s -> Math.abs(s.applied().get(0) - 0.5f) < 1e-6).count())
        .as("human steps applying the browser's dx")
        .isGreaterThanOrEqualTo(3);
    assertThat(human).allSatisfy(s -> assertThat(s.interventionId()).isGreaterThanOrEqualTo(0));
    assertThat(handedBack).as("releasing the deadman handed back (banner AUTONOMOUS)").isTrue();
    assertThat(steps(r2, ControlSource.HUMAN)).as("nobody drove r2").isEmpty();
  }

  @Test
  void aGamepadWithItsBumperHeldDrivesThroughTheGamepadApi() {
    // left stick left (axis 0 at -0.8) is dy +0.8; the keyboard never sends 0.8
    assertThat(
            steps(r1, ControlSource.HUMAN).stream()
                .filter(s -> s.applied().get(0) == 0f)
                .filter(s -> Math.abs(s.applied().get(1) - 0.8f) < 1e-6)
                .count())
        .as("human steps applying the gamepad's dy")
        .isGreaterThanOrEqualTo(3);
    assertThat(gamepadHandedBack).as("releasing the bumper handed back").isTrue();
  }

  @Test
  void aTypedCorrectionIsAnsweredWithItsInterpretationAndRecorded() {
    assertThat(correctionKind).isEqualTo("understood");
    assertThat(correctionReply).contains("a bit more to the left").contains("left");
    assertThat(correctingShown).as("the page's timeline showed control -> CORRECTED").isTrue();
    assertThat(steps(r1, ControlSource.CORRECTED)).isNotEmpty();
    List<LanguageEvent> said =
        r1.stream().flatMap(e -> e.steps().stream()).flatMap(s -> s.language().stream()).toList();
    assertThat(said).anySatisfy(l -> assertThat(l.text()).isEqualTo("a bit more to the left"));
  }

  @Test
  void theScreenshotShowsTheSceneAndTheHumanModeColour() {
    assertThat(screenshot).isNotNull();
    assertThat(pixelsIn(screenshot, ControlMode.HUMAN))
        .as("pixels in the HUMAN colour (banner, border)")
        .isGreaterThan(5_000);
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < screenshot.getHeight(); y++) {
      for (int x = 0; x < screenshot.getWidth(); x++) {
        colours.add(screenshot.getRGB(x, y) & 0xffffff);
      }
    }
    assertThat(colours.size())
        .as("distinct colours: a drawn scene, not a blank page")
        .isGreaterThan(500);
  }

  @Test
  void aSecondBrowserCannotTakeControlWhileTheFirstHoldsIt() {
    assertThat(seatInB).isEqualTo("c1");
    assertThat(refusalInB).contains("r1 is controlled by c1");
  }

  @Test
  void theEmergencyStopButtonHoldsTheRobotUntilResumed() {
    assertThat(stoppedShown).as("r2's banner showed STOPPED").isTrue();
    assertThat(resumedShown).as("and AUTONOMOUS again after Resume").isTrue();
    assertThat(pixelsIn(stoppedScreenshot, ControlMode.STOPPED))
        .as("pixels in the STOPPED colour (r2's banner and border)")
        .isGreaterThan(5_000);
    List<Step> stopped = steps(r2, ControlSource.STOPPED);
    assertThat(stopped).isNotEmpty();
    assertThat(stopped).allSatisfy(s -> assertThat(s.interventionId()).isEqualTo(-1));
    assertThat(stopped)
        .as("the gripper as it was")
        .allSatisfy(s -> assertThat(s.applied().get(3)).isEqualTo(stopped.get(0).applied().get(3)));
    // held in place: once the arm has braked (two steps) it comes back to where it stopped (it may
    // overshoot by millimetres when the stop came at full speed), and from the sixth held step on
    // the end effector stays put (the applied deltas are the small ones HoldInPlace sends)
    // (the stop may span an episode's end, the latch outliving it: the episode holding most)
    List<Step> held =
        r2.stream()
            .map(
                ep -> ep.steps().stream().filter(s -> s.source() == ControlSource.STOPPED).toList())
            .max(Comparator.comparingInt(List::size))
            .orElseThrow();
    assertThat(held).hasSizeGreaterThanOrEqualTo(8);
    int x = stateIndex("r2", "ee.x");
    float[] braked = held.get(2).observation().state();
    float[] settled = held.get(5).observation().state();
    for (Step s : held.subList(2, held.size())) {
      assertThat(distance(s.observation().state(), braked, x))
          .as("back to where it stopped (m)")
          .isLessThan(0.01);
    }
    for (Step s : held.subList(5, held.size())) {
      assertThat(distance(s.observation().state(), settled, x))
          .as("end-effector travel while stopped (m)")
          .isLessThan(0.001);
    }
    assertThat(stopped)
        .as("the policy still proposes while stopped")
        .anySatisfy(s -> assertThat(s.proposed().values()).isNotEqualTo(new float[4]));
    long lastStopped = stopped.get(stopped.size() - 1).stampNanos();
    assertThat(steps(r2, ControlSource.POLICY))
        .as("the policy drives again after Resume")
        .anySatisfy(s -> assertThat(s.stampNanos()).isGreaterThan(lastStopped));
  }

  @Test
  void theLatencyFromInputToAppliedActionIsShown() {
    assertThat(latencyMs).isNotNull();
    assertThat(Double.parseDouble(latencyMs)).isBetween(0.0, 1000.0);
  }

  @Test
  void aWrongTokenIsRefused() {
    assertThat(wrongTokenStatus).startsWith("disconnected");
  }

  @Test
  void aFloodOfMalformedMessagesLeavesTheTickRateUnchanged() {
    assertThat(floodDisconnects).as("flooding clients disconnected").isGreaterThanOrEqualTo(3);
    long window = floodEndMillis - floodStartMillis;
    long during = stepsBetween(r2, floodStartMillis, floodEndMillis);
    long before = stepsBetween(r2, floodStartMillis - window, floodStartMillis);
    double expected = window / 100.0; // 10 Hz
    assertThat(before)
        .as("steps before the flood")
        .isBetween((long) (expected * 0.85), (long) (expected * 1.15) + 1);
    assertThat(during)
        .as("steps during the flood")
        .isBetween((long) (expected * 0.85), (long) (expected * 1.15) + 1);
  }

  // ------------------------------------------------------------------ the scenario

  private static void startFleet() throws Exception {
    Object loaded =
        ConfigLoader.discover()
            .load(
                configs().resolve("teleop/session.yaml"),
                List.of("demos=2", "training.steps=100", "training.hiddenSizes=[64, 64]"));
    TeleopSessionConfig config = (TeleopSessionConfig) loaded;
    // a lenient deadman: a browser on a loaded 2-core machine may pause its timers for a while
    WebConsoleConfig web = new WebConsoleConfig("127.0.0.1", 0, TOKEN, 1500, 100, 4096, 5);
    CompletableFuture<URI> address = new CompletableFuture<>();
    fleet =
        new WebFleet(
            config,
            new WebFleet.Options(2, web, 0, 120.0, OUT.resolve("session")),
            new PrintWriter(log, true),
            Clock.systemUTC(),
            address::complete);
    run = CompletableFuture.supplyAsync(fleet::run);
    run.whenComplete(
        (s, e) ->
            address.completeExceptionally(e == null ? new IllegalStateException("ended") : e));
    page = address.get(120, TimeUnit.SECONDS);
  }

  private static WebDriver browser() {
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--use-angle=swiftshader",
        "--enable-unsafe-swiftshader",
        // two headless windows count as hidden: keep their timers (the deadman's input) running
        "--disable-background-timer-throttling",
        "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows",
        "--window-size=1600,1000");
    return new ChromeDriver(o);
  }

  private static void driveAndCorrect() throws Exception {
    a = browser();
    a.get(page.toString());
    waitUntil(a, "r1 frames", d -> intAttr(panel(d, "r1"), "data-step") >= 3);
    assertThat(body(a).getAttribute("data-client")).isEqualTo("c1");

    new Actions(a).keyDown(Keys.CONTROL).keyDown(Keys.ARROW_UP).perform();
    waitUntil(a, "HUMAN banner", d -> "HUMAN".equals(panel(d, "r1").getAttribute("data-mode")));
    Thread.sleep(1500);
    waitUntil(a, "latency", d -> latency(d) != null);
    latencyMs = latency(a);
    screenshot =
        ImageIO.read(
            new ByteArrayInputStream(((ChromeDriver) a).getScreenshotAs(OutputType.BYTES)));
    ImageIO.write(screenshot, "png", OUT.resolve("driving.png").toFile());
    new Actions(a).keyUp(Keys.ARROW_UP).keyUp(Keys.CONTROL).perform();
    waitUntil(a, "handed back", d -> "AUTONOMOUS".equals(panel(d, "r1").getAttribute("data-mode")));
    handedBack = true;

    WebElement text = panel(a, "r1").findElement(By.cssSelector(".correction .text"));
    text.sendKeys("a bit more to the left", Keys.ENTER);
    waitUntil(
        a,
        "correction reply",
        d ->
            reply(d, "r1").getAttribute("data-kind") != null
                && reply(d, "r1").getAttribute("data-kind").contains("understood"));
    correctionKind = reply(a, "r1").getAttribute("data-kind");
    correctionReply = reply(a, "r1").getText();
    // a correction biases a few ticks only: look for it in the page's event list, not the banner
    waitUntil(
        a,
        "control -> CORRECTED in the events",
        d ->
            panel(d, "r1")
                .findElement(By.cssSelector("ol.events"))
                .getText()
                .contains("-> " + ControlSource.CORRECTED));
    correctingShown = true;

    // the Gamepad API: a standard pad with the left bumper (the deadman) held, left stick left
    ((JavascriptExecutor) a)
        .executeScript(
            "window.testPad = { held: true };"
                + "Object.defineProperty(navigator, 'getGamepads', { configurable: true,"
                + "  value: () => [{ mapping: 'standard', axes: [-0.8, 0, 0, 0],"
                + "    buttons: Array.from({ length: 17 },"
                + "      (_, i) => ({ pressed: i === 4 && window.testPad.held, value: 0 })) }] });");
    waitUntil(a, "gamepad: HUMAN", d -> "HUMAN".equals(panel(d, "r1").getAttribute("data-mode")));
    Thread.sleep(1000);
    ((JavascriptExecutor) a).executeScript("window.testPad.held = false;");
    waitUntil(
        a, "gamepad: handed back", d -> !"HUMAN".equals(panel(d, "r1").getAttribute("data-mode")));
    gamepadHandedBack = true;
  }

  /** A second browser while the first holds r1's seat: it watches, it cannot take over. */
  private static void secondBrowser() throws IOException, InterruptedException {
    b = browser();
    b.get(page.toString());
    waitUntil(b, "seat in b", d -> "c1".equals(panel(d, "r1").getAttribute("data-seat")));
    seatInB = panel(b, "r1").getAttribute("data-seat");
    panel(b, "r1").findElement(By.cssSelector("button.take")).click();
    waitUntil(b, "refusal", d -> "refused".equals(reply(d, "r1").getAttribute("data-kind")));
    refusalInB = reply(b, "r1").getText();
    // anyone watching may stop a robot; r2's seat is free, so b may resume it too
    panel(b, "r2").findElement(By.cssSelector("button.estop")).click();
    waitUntil(b, "STOPPED banner", d -> "STOPPED".equals(panel(d, "r2").getAttribute("data-mode")));
    stoppedShown = true;
    stoppedScreenshot =
        ImageIO.read(
            new ByteArrayInputStream(((ChromeDriver) b).getScreenshotAs(OutputType.BYTES)));
    ImageIO.write(stoppedScreenshot, "png", OUT.resolve("stopped.png").toFile());
    Thread.sleep(1600); // held long enough to settle (10 Hz), in one episode or two
    panel(b, "r2").findElement(By.cssSelector("button.resume")).click();
    waitUntil(b, "resumed", d -> "AUTONOMOUS".equals(panel(d, "r2").getAttribute("data-mode")));
    resumedShown = true;
  }

  private static void wrongToken() {
    b.get(page.toString().replace(TOKEN, "wrong-token-0123456789"));
    waitUntil(
        b, "refused", d -> "disconnected".equals(d.findElement(By.id("connection")).getText()));
    wrongTokenStatus = b.findElement(By.id("connection")).getText();
  }

  /** Clients that send malformed messages as fast as they can, reconnecting when thrown out. */
  private static void flood() throws Exception {
    Thread.sleep(3000); // a quiet window before, to compare with
    floodStartMillis = System.currentTimeMillis();
    URI ws = URI.create(page.toString().replaceFirst("^http", "ws").replace("/?", "/ws?"));
    HttpClient http = HttpClient.newHttpClient();
    while (System.currentTimeMillis() - floodStartMillis < 3000) {
      CompletableFuture<Void> closed = new CompletableFuture<>();
      WebSocket s;
      try {
        s =
            http.newWebSocketBuilder()
                .buildAsync(
                    ws,
                    new WebSocket.Listener() {
                      @Override
                      public java.util.concurrent.CompletionStage<?> onClose(
                          WebSocket w, int c, String r) {
                        closed.complete(null);
                        return null;
                      }

                      @Override
                      public void onError(WebSocket w, Throwable e) {
                        closed.complete(null);
                      }
                    })
                .join();
      } catch (CompletionException e) {
        // the client's own connect failed (seen once on a loaded machine): flood on
        Thread.sleep(20);
        continue;
      }
      for (int i = 0; i < 2000 && !closed.isDone(); i++) {
        try {
          s.sendText("{\"t\":\"drive\",\"robot\":\"r1\",\"seq\":-" + i + ",\"v\":[9e99]}", true)
              .join();
        } catch (RuntimeException e) {
          break;
        }
      }
      closed.get(5, TimeUnit.SECONDS);
      floodDisconnects++;
    }
    floodEndMillis = System.currentTimeMillis();
  }

  // ------------------------------------------------------------------ helpers

  private static long pixelsIn(BufferedImage image, ControlMode mode) {
    float[] rgb = mode.rgb();
    int expected =
        Math.round(rgb[0] * 255) << 16 | Math.round(rgb[1] * 255) << 8 | Math.round(rgb[2] * 255);
    long n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if (close(image.getRGB(x, y) & 0xffffff, expected)) {
          n++;
        }
      }
    }
    return n;
  }

  private static boolean close(int p, int q) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs((p >> shift & 0xff) - (q >> shift & 0xff)) > 3) {
        return false;
      }
    }
    return true;
  }

  private static long stepsBetween(List<Episode> episodes, long fromMillis, long toMillis) {
    return episodes.stream()
        .flatMap(e -> e.steps().stream())
        .mapToLong(s -> s.stampNanos() / 1_000_000L)
        .filter(t -> t >= fromMillis && t < toMillis)
        .count();
  }

  private static List<Step> steps(List<Episode> episodes, ControlSource source) {
    return episodes.stream()
        .flatMap(e -> e.steps().stream())
        .filter(s -> s.source() == source)
        .toList();
  }

  private static int stateIndex(String robot, String name) {
    try (EpisodeStore store =
        EpisodeStore.openReadOnly(OUT.resolve("session").resolve(robot).resolve("data"))) {
      for (FeatureSpec f : store.spec().environment().observationFeatures()) {
        if (f.key().equals(FeatureSpec.STATE)) {
          return f.names().indexOf(name);
        }
      }
    }
    throw new AssertionError("no state feature");
  }

  private static List<Episode> episodes(String robot) throws IOException {
    List<Episode> out = new ArrayList<>();
    try (EpisodeStore store =
        EpisodeStore.openReadOnly(OUT.resolve("session").resolve(robot).resolve("data"))) {
      for (long id : store.readableEpisodeIds()) {
        out.add(store.readEpisode(id));
      }
    }
    return out;
  }

  private static WebElement body(WebDriver d) {
    return d.findElement(By.tagName("body"));
  }

  private static WebElement panel(WebDriver d, String robot) {
    return d.findElement(By.cssSelector("section.robot[data-robot='" + robot + "']"));
  }

  private static WebElement reply(WebDriver d, String robot) {
    return panel(d, robot).findElement(By.cssSelector(".reply"));
  }

  private static String latency(WebDriver d) {
    return panel(d, "r1").findElement(By.cssSelector(".latency")).getAttribute("data-ms");
  }

  private static int intAttr(WebElement e, String name) {
    String v = e.getAttribute(name);
    return v == null || v.isEmpty() ? -1 : Integer.parseInt(v);
  }

  private static void waitUntil(
      WebDriver d, String what, java.util.function.Function<WebDriver, Boolean> condition) {
    try {
      new WebDriverWait(d, Duration.ofSeconds(20))
          .until(
              x -> {
                try {
                  return condition.apply(x);
                } catch (org.openqa.selenium.NoSuchElementException e) {
                  return false;
                }
              });
    } catch (org.openqa.selenium.TimeoutException e) {
      String logs =
          (String) ((JavascriptExecutor) d).executeScript("return document.body.innerText;");
      throw new AssertionError(
          "timed out waiting for " + what + "; page: " + logs + "\nsession: " + log, e);
    }
  }

  private static void quit(WebDriver d) {
    if (d != null) {
      d.quit();
    }
  }

  static Path configs() {
    return LiveTeleopXvfbTest.configs();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static double distance(float[] a, float[] b, int x) {
    return Math.sqrt(
        Math.pow(a[x] - b[x], 2)
            + Math.pow(a[x + 1] - b[x + 1], 2)
            + Math.pow(a[x + 2] - b[x + 2], 2));
  }
}
