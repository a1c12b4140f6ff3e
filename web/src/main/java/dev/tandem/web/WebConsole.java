package dev.tandem.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser console: serves the page (three.js from this jar, nothing from the network) and one
 * WebSocket per browser on its own actor system, so nothing a browser does runs on the control
 * loop's threads. Every browser sees every robot (a fleet view); each robot has one controller
 * seat: its holder drives (deadman: input that stops arriving for the configured time hands control
 * back), corrects and resumes; the others watch until it is handed over. Anyone connected may press
 * the emergency stop.
 *
 * <p>A client whose messages come too fast, too long or too often invalid is disconnected; its seat
 * is freed and its driving handed back. The runtime {@link #publish}es each robot's frames;
 * publishing never blocks (a browser that cannot keep up misses frames).
 */
public final class WebConsole implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebConsole.class);
  private static final String STATIC = "dev/tandem/web/static";
  private static final int OUT_BUFFER = 256;
  private static final Duration DEADMAN_CHECK = Duration.ofMillis(10);

  private final WebConsoleConfig config;
  private final Map<String, ConsoleRobot> robots = new LinkedHashMap<>();
  private final List<RobotInfo> infos = new ArrayList<>();
  private final ObjectMapper json = new ObjectMapper();
  private final ActorSystem<Void> system;
  private final Materializer materializer;
  private final ServerBinding binding;
  private final Cancellable deadmanWatch;
  private final Map<String, Client> clients = new ConcurrentHashMap<>();
  private final Map<String, String> lastFrames = new ConcurrentHashMap<>();
  private final AtomicLong clientIds = new AtomicLong();

  // guarded by this
  private final Seats seats = new Seats();
  private final Map<String, Driving> driving = new LinkedHashMap<>();
  private final Map<String, InputTimes> inputTimes = new ConcurrentHashMap<>();

  /** A driver's deadman: who, and when their last input arrived. */
  private static final class Driving {
    final String client;
    long lastInputNanos;

    Driving(String client, long now) {
      this.client = client;
      this.lastInputNanos = now;
    }
  }

  /** A connected browser: its outgoing queue and its inbound guard. */
  private static final class Client {
    final String id;
    final BoundedSourceQueue<Message> out;
    final InboundGuard guard;
    volatile boolean gone;

    Client(String id, BoundedSourceQueue<Message> out, InboundGuard guard) {
      this.id = id;
      this.out = out;
      this.guard = guard;
    }
  }

  private WebConsole(WebConsoleConfig config, List<ConsoleRobot> list) {
    this.config = config;
    for (ConsoleRobot r : list) {
      RobotInfo info = r.info();
      if (robots.putIfAbsent(info.id(), r) != null) {
        throw new IllegalArgumentException("robots: the id '" + info.id() + "' is used twice");
      }
      infos.add(info);
      inputTimes.put(info.id(), new InputTimes());
    }
    this.system = ActorSystem.create(Behaviors.empty(), "tandem-web");
    this.materializer = Materializer.matFromSystem(system);
    try {
      this.binding =
          Http.get(system)
              .newServerAt(config.host(), config.port())
              .bind(new Routes().route())
              .toCompletableFuture()
              .join();
    } catch (CompletionException e) {
      system.terminate();
      throw new IllegalStateException(
          "web console: cannot listen on "
              + config.host()
              + ":"
              + config.port()
              + " ("
              + e.getCause().getMessage()
              + ")",
          e);
    }
    this.deadmanWatch =
        system
            .scheduler()
            .scheduleAtFixedRate(
                DEADMAN_CHECK, DEADMAN_CHECK, this::checkDeadmen, system.executionContext());
  }

  /** Starts serving {@code robots} (at least one, distinct ids) as {@code config} says. */
  public static WebConsole start(WebConsoleConfig config, List<? extends ConsoleRobot> robots) {
    if (robots.isEmpty()) {
      throw new IllegalArgumentException("robots: expected at least one");
    }
    return new WebConsole(config, List.copyOf(robots));
  }

  /** The page's address (with the token, when one is required). */
  public URI address() {
    var a = binding.localAddress();
    String host = a.getAddress().getHostAddress();
    String query = config.token().isEmpty() ? "" : "?token=" + config.token();
    return URI.create(
        "http://"
            + (host.contains(":") ? "[" + host + "]" : host)
            + ":"
            + a.getPort()
            + "/"
            + query);
  }

  /** Browsers connected now. */
  public int clientCount() {
    return clients.size();
  }

  /** Sends a robot's frame to every browser (and keeps it for the next one to connect). */
  public void publish(String robot, RobotFrame frame) {
    if (!robots.containsKey(robot)) {
      throw new IllegalArgumentException("publish: unknown robot '" + robot + "'");
    }
    double latencyMs = inputTimes.get(robot).millisSince(frame.inputSeq(), System.nanoTime());
    String seat;
    synchronized (this) {
      seat = seats.holder(robot).orElse(null);
    }
    String text =
        write(new Wire.Frame("frame", robot, seat, latencyMs, frame, Wire.scene(frame.scene())));
    if (frame.scene() != null) {
      lastFrames.put(robot, text);
    }
    for (Client c : clients.values()) {
      c.out.offer(TextMessage.create(text));
    }
  }

  @Override
  public void close() {
    deadmanWatch.cancel();
    for (Client c : clients.values()) {
      c.out.complete();
    }
    try {
      binding.terminate(Duration.ofSeconds(2)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("web console: unbinding: {}", e.toString());
    }
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("web console: stopping: {}", e.toString());
    }
  }

  // ------------------------------------------------------------------ HTTP

  /** The page, its scripts, and the WebSocket (token and same-origin checked). */
  private final class Routes extends AllDirectives {
    Route route() {
      return concat(
          pathSingleSlash(() -> getFromResource(STATIC + "/index.html")),
          path(
              "ws",
              () ->
                  parameterOptional(
                      "token",
                      token ->
                          optionalHeaderValueByName(
                              "Origin",
                              origin ->
                                  headerValueByName("Host", host -> socket(token, origin, host))))),
          pathPrefix("static", () -> getFromResourceDirectory(STATIC)));
    }

    private Route socket(Optional<String> token, Optional<String> origin, String host) {
      if (!tokenMatches(token.orElse(""))) {
        LOG.warn("web console: refused a connection with a wrong or missing token");
        return complete(StatusCodes.FORBIDDEN, "wrong or missing token");
      }
      if (origin.isPresent() && !sameOrigin(origin.get(), host)) {
        LOG.warn("web console: refused a connection from another site ({})", origin.get());
        return complete(StatusCodes.FORBIDDEN, "cross-origin connection refused");
      }
      return handleWebSocketMessages(connect());
    }
  }

  private boolean tokenMatches(String given) {
    return MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), config.token().getBytes(StandardCharsets.UTF_8));
  }

  /** A page served here opens its socket with its own origin; another site's page cannot. */
  static boolean sameOrigin(String origin, String host) {
    try {
      URI o = URI.create(origin);
      String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
      return authority.equalsIgnoreCase(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  // ------------------------------------------------------------------ connections

  private Flow<Message, Message, NotUsed> connect() {
    Pair<BoundedSourceQueue<Message>, Source<Message, NotUsed>> out =
        Source.<Message>queue(OUT_BUFFER).preMaterialize(materializer);
    Client c = new Client("c" + clientIds.incrementAndGet(), out.first(), new InboundGuard(config));
    clients.put(c.id, c);
    send(c, new Wire.Hello(c.id, infos, config.deadmanTimeoutMillis()));
    lastFrames.values().forEach(f -> c.out.offer(TextMessage.create(f)));
    broadcastSeats();
    LOG.info("web console: {} connected ({} browsers)", c.id, clients.size());
    Sink<Message, NotUsed> in =
        Flow.of(Message.class)
            .watchTermination(
                (nu, done) -> {
                  done.whenComplete((d, e) -> leave(c, "disconnected"));
                  return nu;
                })
            .to(Sink.foreach(m -> receive(c, m)));
    return Flow.fromSinkAndSourceCoupled(in, out.second());
  }

  private void receive(Client c, Message m) {
    if (c.gone) {
      return;
    }
    if (!m.isText() || !m.asTextMessage().isStrict()) {
      if (m.isText()) {
        m.asTextMessage().getStreamedText().runWith(Sink.cancelled(), materializer);
      } else {
        m.asBinaryMessage().getStreamedData().runWith(Sink.cancelled(), materializer);
      }
      disconnect(c, m.isText() ? "a fragmented message" : "a binary message");
      return;
    }
    String text = m.asTextMessage().getStrictText();
    String refuse = c.guard.admit(text.length(), System.nanoTime());
    if (refuse != null) {
      disconnect(c, refuse);
      return;
    }
    ClientMessage msg = ClientMessage.parse(text, robots.keySet(), json);
    if (msg instanceof ClientMessage.Invalid bad) {
      String why = c.guard.rejected();
      if (why != null) {
        disconnect(c, why);
      } else {
        send(c, new Wire.Reply("reply", null, "invalid", bad.reason(), "", false));
      }
      return;
    }
    handle(c, msg);
  }

  private void disconnect(Client c, String why) {
    LOG.warn("web console: disconnecting {}: {}", c.id, why);
    send(c, new Wire.Reply("reply", null, "disconnected", why, "", false));
    c.out.complete();
    leave(c, "disconnected: " + why);
  }

  private void leave(Client c, String why) {
    if (c.gone) {
      return;
    }
    c.gone = true;
    clients.remove(c.id);
    synchronized (this) {
      for (String robot : seats.leave(c.id)) {
        stopDriving(robot, "web operator " + c.id + " " + why);
      }
    }
    broadcastSeats();
    LOG.info("web console: {} left ({})", c.id, why);
  }

  // ------------------------------------------------------------------ messages

  private void handle(Client c, ClientMessage msg) {
    if (msg instanceof ClientMessage.Ping p) {
      send(c, new Wire.Pong("pong", p.sentMs()));
    } else if (msg instanceof ClientMessage.Seat s) {
      seat(c, s.robot());
    } else if (msg instanceof ClientMessage.Release r) {
      release(c, r.robot());
    } else if (msg instanceof ClientMessage.Give g) {
      give(c, g);
    } else if (msg instanceof ClientMessage.Drive d) {
      drive(c, d);
    } else if (msg instanceof ClientMessage.LetGo l) {
      letGo(c, l.robot());
    } else if (msg instanceof ClientMessage.Correct k) {
      correct(c, k);
    } else if (msg instanceof ClientMessage.Stop s) {
      robots.get(s.robot()).emergencyStop("web operator " + c.id);
      send(c, new Wire.Reply("reply", s.robot(), "estop", "emergency stop", "", true));
    } else if (msg instanceof ClientMessage.Resume r) {
      resume(c, r.robot());
    }
  }

  private void seat(Client c, String robot) {
    boolean ok;
    synchronized (this) {
      ok = seats.claim(robot, c.id);
    }
    if (ok) {
      broadcastSeats();
    } else {
      refuse(c, robot, "seat");
    }
  }

  private void release(Client c, String robot) {
    synchronized (this) {
      if (!seats.release(robot, c.id)) {
        return;
      }
      stopDriving(robot, "web operator " + c.id + " left the seat");
    }
    broadcastSeats();
  }

  private void give(Client c, ClientMessage.Give g) {
    boolean ok;
    synchronized (this) {
      ok = clients.containsKey(g.to()) && seats.give(g.robot(), c.id, g.to());
      if (ok) {
        stopDriving(g.robot(), "web operator " + c.id + " handed the seat to " + g.to());
      }
    }
    if (ok) {
      broadcastSeats();
    } else {
      send(
          c,
          new Wire.Reply(
              "reply",
              g.robot(),
              "give",
              g.to(),
              "you do not hold the seat, or no such client",
              false));
    }
  }

  /** Deadman held: takes the (free) seat and control at the first input, then forwards each one. */
  private void drive(Client c, ClientMessage.Drive d) {
    int dim = infoOf(d.robot()).actionNames().size();
    if (d.values().length != dim) {
      String why = c.guard.rejected();
      if (why != null) {
        disconnect(c, why);
      } else {
        send(
            c,
            new Wire.Reply(
                "reply", d.robot(), "invalid", "drive: expected " + dim + " values", "", false));
      }
      return;
    }
    boolean seated;
    boolean newSeat;
    synchronized (this) {
      newSeat = seats.holder(d.robot()).isEmpty();
      seated = seats.claim(d.robot(), c.id);
      if (seated) {
        long now = System.nanoTime();
        inputTimes.get(d.robot()).received(d.seq(), now);
        Driving current = driving.get(d.robot());
        ConsoleRobot r = robots.get(d.robot());
        if (current == null) {
          driving.put(d.robot(), new Driving(c.id, now));
          r.takeOver("web operator " + c.id);
        } else {
          current.lastInputNanos = now;
        }
        r.drive(d.values(), d.seq());
      }
    }
    if (!seated) {
      refuse(c, d.robot(), "drive");
    } else if (newSeat) {
      broadcastSeats();
    }
  }

  private void letGo(Client c, String robot) {
    synchronized (this) {
      Driving d = driving.get(robot);
      if (d != null && d.client.equals(c.id)) {
        stopDriving(robot, "web operator " + c.id + " released the deadman");
      }
    }
  }

  private void correct(Client c, ClientMessage.Correct k) {
    boolean seated;
    boolean newSeat;
    synchronized (this) {
      newSeat = seats.holder(k.robot()).isEmpty();
      seated = seats.claim(k.robot(), c.id);
    }
    if (!seated) {
      refuse(c, k.robot(), "correct");
      return;
    }
    if (newSeat) {
      broadcastSeats();
    }
    CorrectionReply r = robots.get(k.robot()).correct(k.text(), "web operator " + c.id);
    send(
        c,
        new Wire.Reply(
            "reply",
            k.robot(),
            r.understood() ? "understood" : "not-understood",
            r.text(),
            r.interpretation(),
            r.applied()));
  }

  private void resume(Client c, String robot) {
    Optional<String> holder;
    synchronized (this) {
      holder = seats.holder(robot);
    }
    if (holder.isPresent() && !holder.get().equals(c.id)) {
      refuse(c, robot, "resume");
      return;
    }
    robots.get(robot).resume("web operator " + c.id);
    send(c, new Wire.Reply("reply", robot, "resume", "resumed", "", true));
  }

  private void refuse(Client c, String robot, String what) {
    String holder;
    synchronized (this) {
      holder = seats.holder(robot).orElse("nobody");
    }
    send(
        c,
        new Wire.Reply(
            "reply",
            robot,
            "refused",
            what,
            robot + " is controlled by " + holder + "; watch, or ask them to hand over",
            false));
  }

  // ------------------------------------------------------------------ deadman

  /** Hands back every robot whose driver's input stopped arriving. */
  private void checkDeadmen() {
    long now = System.nanoTime();
    long limit = TimeUnit.MILLISECONDS.toNanos(config.deadmanTimeoutMillis());
    synchronized (this) {
      for (var e : List.copyOf(driving.entrySet())) {
        if (now - e.getValue().lastInputNanos > limit) {
          stopDriving(
              e.getKey(),
              "web operator "
                  + e.getValue().client
                  + ": no input for "
                  + config.deadmanTimeoutMillis()
                  + " ms");
        }
      }
    }
  }

  /** Guarded by this. */
  private void stopDriving(String robot, String reason) {
    if (driving.remove(robot) != null) {
      robots.get(robot).handBack(reason);
    }
  }

  // ------------------------------------------------------------------ helpers

  private RobotInfo infoOf(String robot) {
    for (RobotInfo i : infos) {
      if (i.id().equals(robot)) {
        return i;
      }
    }
    throw new IllegalArgumentException(robot);
  }

  private void broadcastSeats() {
    List<String> ids = List.copyOf(clients.keySet());
    List<Wire.SeatChange> changes = new ArrayList<>();
    synchronized (this) {
      for (String robot : robots.keySet()) {
        changes.add(new Wire.SeatChange("seat", robot, seats.holder(robot).orElse(null), ids));
      }
    }
    for (Wire.SeatChange s : changes) {
      String text = write(s);
      clients.values().forEach(c -> c.out.offer(TextMessage.create(text)));
    }
  }

  private void send(Client c, Object message) {
    c.out.offer(TextMessage.create(write(message)));
  }

  private String write(Object message) {
    try {
      return json.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("web console: cannot write " + message.getClass(), e);
    }
  }

  /** When recent inputs of one robot arrived, to tell how long each took to be applied. */
  static final class InputTimes {
    private static final int SIZE = 128;
    private final long[] seqs = new long[SIZE];
    private final long[] nanos = new long[SIZE];

    InputTimes() {
      java.util.Arrays.fill(seqs, -1);
    }

    synchronized void received(long seq, long at) {
      int i = (int) (seq % SIZE);
      seqs[i] = seq;
      nanos[i] = at;
    }

    /** Milliseconds from input {@code seq}'s arrival to {@code now}; NaN when not known. */
    synchronized double millisSince(long seq, long now) {
      if (seq < 0) {
        return Double.NaN;
      }
      int i = (int) (seq % SIZE);
      return seqs[i] == seq ? (now - nanos[i]) / 1e6 : Double.NaN;
    }
  }
}
