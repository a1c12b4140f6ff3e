package dev.tandem.runtime.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How a node of a Tandem cluster reaches the others: the address it binds and announces ({@code
 * 127.0.0.1} unless told otherwise), the coordinator it joins (none: it is the coordinator), and
 * TLS. Without TLS, Artery speaks plain TCP: fine on one machine, not across a network anyone else
 * can reach (docs/design/cluster.md).
 *
 * @param port 0: any free port (a worker); the coordinator's is the one workers join
 * @param join {@code host:port} of the coordinator; empty on the coordinator itself
 */
public record ClusterSettings(String host, int port, Optional<String> join, Optional<Tls> tls) {
  /** The actor system name every node shares (part of every address). */
  static final String SYSTEM = "tandem";

  static final String COORDINATOR_ROLE = "coordinator";
  static final String WORKER_ROLE = "worker";

  /**
   * Mutual TLS (TLSv1.3): this node's key and certificate, and the certificates it trusts; a node
   * whose certificate the others do not trust cannot connect, so it cannot join.
   */
  public record Tls(Path keyStore, Path trustStore, String password) {
    public Tls {
      for (Path p : new Path[] {keyStore, trustStore}) {
        if (p == null || !Files.isRegularFile(p)) {
          throw new IllegalArgumentException(
              "tls: no key or trust store file " + p + " (expected a PKCS12 file from keytool)");
        }
      }
      if (password == null || password.isEmpty()) {
        throw new IllegalArgumentException("tls: the store password is empty");
      }
    }
  }

  public ClusterSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host: missing, expected an address such as 127.0.0.1");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + ", expected 0 to 65535");
    }
    join.ifPresent(ClusterSettings::checkHostPort);
  }

  /** {@code host:port} with a port in range, or an IllegalArgumentException naming it. */
  static void checkHostPort(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    boolean ok = colon > 0;
    if (ok) {
      try {
        int p = Integer.parseInt(hostPort.substring(colon + 1));
        ok = p > 0 && p <= 65535;
      } catch (NumberFormatException e) {
        ok = false;
      }
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "join: '" + hostPort + "', expected host:port of the coordinator, e.g. 127.0.0.1:25520");
    }
  }

  /** The coordinator's Artery address. */
  String seed() {
    return "pekko://" + SYSTEM + "@" + join.orElse(host + ":" + port);
  }

  /**
   * The Pekko settings of this node over Tandem's own: cluster provider, Artery on {@code host},
   * the split-brain resolver keeping the coordinator's side, a failure detector tuned to notice a
   * dead worker in seconds.
   */
  Config config() {
    String role = join.isPresent() ? WORKER_ROLE : COORDINATOR_ROLE;
    StringBuilder c = new StringBuilder();
    c.append("pekko.actor.provider = cluster\n");
    c.append("pekko.remote.artery.canonical.hostname = ").append(q(host)).append('\n');
    c.append("pekko.remote.artery.canonical.port = ").append(port).append('\n');
    c.append("pekko.cluster.seed-nodes = [").append(q(seed())).append("]\n");
    c.append("pekko.cluster.roles = [").append(role).append("]\n");
    c.append("pekko.cluster.jmx.enabled = off\n");
    c.append("pekko.cluster.log-info = off\n");
    // a worker is dead when no heartbeat came for 5 s (default 3 s: 2 s downed JVMs starved by a
    // loaded 2-core machine, and a downed worker does not rejoin) ...
    c.append("pekko.cluster.failure-detector.acceptable-heartbeat-pause = 5s\n");
    // ... and the resolver downs it once membership was stable for 4 s (default 20 s); the side
    // with the coordinator (the oldest node with its role) always stays
    c.append(
        "pekko.cluster.downing-provider-class ="
            + " \"org.apache.pekko.cluster.sbr.SplitBrainResolverProvider\"\n");
    c.append("pekko.cluster.split-brain-resolver.active-strategy = keep-oldest\n");
    c.append("pekko.cluster.split-brain-resolver.stable-after = 4s\n");
    c.append("pekko.cluster.split-brain-resolver.keep-oldest.role = ")
        .append(COORDINATOR_ROLE)
        .append('\n');
    c.append("pekko.cluster.split-brain-resolver.keep-oldest.down-if-alone = off\n");
    c.append("pekko.coordinated-shutdown.exit-jvm = off\n");
    tls.ifPresent(t -> appendTls(c, t));
    return ConfigFactory.parseString(c.toString()).withFallback(ConfigFactory.load());
  }

  private static void appendTls(StringBuilder c, Tls t) {
    String e = "pekko.remote.artery.ssl.config-ssl-engine.";
    c.append("pekko.remote.artery.transport = tls-tcp\n");
    c.append(e).append("key-store = ").append(q(t.keyStore().toString())).append('\n');
    c.append(e).append("trust-store = ").append(q(t.trustStore().toString())).append('\n');
    c.append(e).append("key-store-password = ").append(q(t.password())).append('\n');
    c.append(e).append("key-password = ").append(q(t.password())).append('\n');
    c.append(e).append("trust-store-password = ").append(q(t.password())).append('\n');
    c.append(e).append("require-mutual-authentication = on\n");
  }

  private static String q(String s) {
    return ConfigUtil.quoteString(s);
  }
}
