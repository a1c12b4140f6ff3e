package dev.tandem.runtime.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.core.config.ConfigLoader;
import dev.tandem.runtime.Json;
import dev.tandem.web.WebConsoleConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * {@code tandem bench web}: one simulated robot served by the web console ({@link WebFleet}, the
 * policy, arbiter, recorder and store of {@code tandem serve}) at a given control rate, driven by a
 * client over a loopback WebSocket as the page drives it: it holds the deadman and sends one
 * command at a random moment of the tick, waits until a frame reports that command applied, waits a
 * random fraction of a tick, and sends the next.
 *
 * <p>{@code input_to_action_ms} is measured at the client: from sending a command to receiving the
 * frame of the step that applied it (the latency the page shows; it includes the wait for the next
 * tick, the step, the recording and the frame's way back). {@code server_input_to_action_ms} is the
 * console's own figure: from the command's arrival to the applied step's frame leaving.
 */
public final class WebBenchmark {
  private static final long APPLY_TIMEOUT_MS = 2000;

  /**
   * Commands sent before the measured ones: the first takes the seat and control and runs the drive
   * path's code for the first time (class loading, JIT: 150-200 ms measured); its latency is
   * printed on its own ({@code first_input_to_action_ms}), the steady state is what is measured.
   */
  private static final int WARMUP_INPUTS = 10;

  /**
   * @param session a teleop session config (the task and policy training of {@code tandem serve})
   * @param inputs commands measured
   * @param rateHz the control rate
   */
  public record Options(Path session, int inputs, double rateHz) {
    public Options {
      if (inputs < 10) {
        throw new IllegalArgumentException("inputs: found " + inputs + ", expected at least 10");
      }
      if (!(rateHz >= 1 && rateHz <= 1000)) {
        throw new IllegalArgumentException("rate: found " + rateHz + " Hz, expected 1..1000");
      }
    }
  }

  private WebBenchmark() {}

  public static Map<String, Object> run(Options o) throws IOException, InterruptedException {
    if (!(ConfigLoader.discover()
            .load(
                o.session(),
                List.of(
                    "rateHz=" + o.rateHz(),
                    "demos=2",
                    "training.steps=100",
                    "training.hiddenSizes=[64, 64]",
                    // one long episode: no resets (which apply nothing) between the commands
                    "task.sim.maxEpisodeSteps=100000"))
        instanceof TeleopSessionConfig config)) {
      throw new IllegalArgumentException(
          o.session() + ": not a teleop session (expected type: teleop_session)");
    }
    Path dir = Files.createTempDirectory("tandem-bench-web");
    StringWriter log = new StringWriter();
    CompletableFuture<URI> address = new CompletableFuture<>();
    WebFleet fleet =
        new WebFleet(
            config,
            new WebFleet.Options(1, WebConsoleConfig.loopback(), 1, null, dir),
            new PrintWriter(log, true),
            Clock.systemUTC(),
            address::complete);
    CompletableFuture<WebFleet.Summary> run = CompletableFuture.supplyAsync(fleet::run);
    run.whenComplete(
        (s, e) ->
            address.completeExceptionally(
                e != null ? e : new IllegalStateException("the fleet ended: " + log)));
    try {
      URI page = address.get(300, TimeUnit.SECONDS);
      return measure(o, page);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof java.util.concurrent.CompletionException
          && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof LiveSession.SetupException setup) {
        throw setup;
      }
      throw new IllegalStateException("the console did not start: " + cause + "\n" + log, cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the console did not start in 300 s: " + log, e);
    } finally {
      fleet.stop();
      try {
        run.get(60, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // the figures are measured; a slow shutdown does not void them
      }
      deleteTree(dir);
    }
  }

  private static Map<String, Object> measure(Options o, URI page)
      throws InterruptedException, ExecutionException, TimeoutException {
    Client client = new Client();
    URI ws = URI.create(page.toString().replaceFirst("^http", "ws") + "ws");
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(ws, client)
            .get(30, TimeUnit.SECONDS);
    try {
      client.running.get(300, TimeUnit.SECONDS);
      double tickMs = 1000.0 / o.rateHz();
      Random random = new Random(1);
      double[] clientMs = new double[o.inputs()];
      double[] serverMs = new double[o.inputs()];
      double[] pingMs = new double[o.inputs()];
      int pinged = 0;
      int measured = 0;
      int unapplied = 0;
      double firstMs = Double.NaN;
      for (long seq = 0; seq < WARMUP_INPUTS + o.inputs(); seq++) {
        boolean warmUp = seq < WARMUP_INPUTS;
        // distinct non-zero commands, back and forth: the frame that applied one names it
        double dx = (seq % 2 == 0 ? 1 : -1) * (0.1 + 0.3 * ((seq * 0.618034) % 1.0));
        double dy = 0.2 * Math.sin(seq * 0.37);
        String msg =
            String.format(
                Locale.ROOT,
                "{\"t\":\"drive\",\"robot\":\"r1\",\"seq\":%d,\"v\":[%.4f,%.4f,0,0]}",
                seq,
                dx,
                dy);
        CompletableFuture<double[]> applied = new CompletableFuture<>();
        client.waiting.put(seq, applied);
        long sent = System.nanoTime();
        socket.sendText(msg, true).get(5, TimeUnit.SECONDS);
        try {
          double[] got = applied.get(APPLY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
          if (seq == 0) {
            firstMs = (got[0] - sent) / 1e6;
          }
          if (!warmUp) {
            clientMs[measured] = (got[0] - sent) / 1e6;
            serverMs[measured] = got[1];
            measured++;
          }
        } catch (TimeoutException e) {
          unapplied += warmUp ? 0 : 1;
        }
        client.waiting.remove(seq);
        double roundTrip = roundTripMs(socket, client, seq);
        if (!warmUp && Double.isFinite(roundTrip)) {
          pingMs[pinged++] = roundTrip;
        }
        Thread.sleep((long) (random.nextDouble() * tickMs));
      }
      if (measured == 0) {
        throw new IllegalStateException("bench web: no command was reported applied");
      }
      return figures(
          o,
          tickMs,
          firstMs,
          unapplied,
          Arrays.copyOf(clientMs, measured),
          Arrays.stream(serverMs, 0, measured).filter(Double::isFinite).toArray(),
          Arrays.copyOf(pingMs, pinged));
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }

  /** The printed figures from the measured latencies (client, server, socket round trip; ms). */
  private static Map<String, Object> figures(
      Options o, double tickMs, double firstMs, int unapplied, double[] c, double[] s, double[] p) {
    Arrays.sort(c);
    Arrays.sort(s);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rate_hz", o.rateHz());
    out.put("tick_ms", round(tickMs));
    out.put("warmup_inputs", WARMUP_INPUTS);
    out.put("first_input_to_action_ms", round(firstMs));
    out.put("inputs", o.inputs());
    out.put("inputs_unapplied", unapplied);
    out.put("input_to_action_ms_p50", round(percentile(c, 0.5)));
    out.put("input_to_action_ms_p99", round(percentile(c, 0.99)));
    out.put("input_to_action_ms_max", round(c[c.length - 1]));
    if (s.length > 0) {
      out.put("server_input_to_action_ms_p50", round(percentile(s, 0.5)));
      out.put("server_input_to_action_ms_p99", round(percentile(s, 0.99)));
    }
    if (p.length > 0) {
      Arrays.sort(p);
      out.put("socket_round_trip_ms_p50", round(percentile(p, 0.5)));
      out.put("socket_round_trip_ms_p99", round(percentile(p, 0.99)));
    }
    out.put("target_input_to_action_ms_p99", round(tickMs));
    out.put("meets_target", percentile(c, 0.99) <= tickMs);
    return out;
  }

  /** The socket's own round trip: a ping, answered by the console at once (NaN: no answer). */
  private static double roundTripMs(WebSocket socket, Client client, long seq)
      throws InterruptedException, ExecutionException, TimeoutException {
    CompletableFuture<Long> pong = new CompletableFuture<>();
    client.pong = pong;
    long sent = System.nanoTime();
    socket
        .sendText(String.format(Locale.ROOT, "{\"t\":\"ping\",\"sentMs\":%d}", seq), true)
        .get(5, TimeUnit.SECONDS);
    try {
      return (pong.get(APPLY_TIMEOUT_MS, TimeUnit.MILLISECONDS) - sent) / 1e6;
    } catch (TimeoutException e) {
      return Double.NaN;
    }
  }

  /** Hears the console's frames: completes a command's future when a frame reports it applied. */
  private static final class Client implements WebSocket.Listener {
    final Map<Long, CompletableFuture<double[]>> waiting = new ConcurrentHashMap<>();
    final CompletableFuture<Void> running = new CompletableFuture<>();
    volatile CompletableFuture<Long> pong;
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
      long now = System.nanoTime();
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        frame(text, now);
      }
      w.request(1);
      return null;
    }

    private void frame(String text, long now) {
      JsonNode m;
      try {
        m = Json.mapper().readTree(text);
      } catch (IOException e) {
        return;
      }
      if ("pong".equals(m.path("t").asText())) {
        CompletableFuture<Long> p = pong;
        if (p != null) {
          p.complete(now);
        }
        return;
      }
      if (!"frame".equals(m.path("t").asText())) {
        return;
      }
      JsonNode status = m.path("status");
      if (status.path("step").asInt() >= 1) {
        running.complete(null);
      }
      long seq = status.path("inputSeq").asLong(-1);
      CompletableFuture<double[]> f = seq >= 0 ? waiting.get(seq) : null;
      if (f != null) {
        JsonNode server = m.path("inputToActionMs");
        f.complete(new double[] {now, server.isNumber() ? server.asDouble() : Double.NaN});
      }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
      running.completeExceptionally(
          new IllegalStateException("the console closed the socket: " + code + " " + reason));
      return null;
    }

    @Override
    public void onError(WebSocket w, Throwable error) {
      running.completeExceptionally(error);
    }
  }

  private static double percentile(double[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
  }

  private static double round(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("bench web: cannot delete " + dir, e);
    }
  }
}
