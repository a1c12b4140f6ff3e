package dev.tandem.runtime.cli;

import dev.tandem.runtime.cluster.ClusterSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every cluster node takes: where it listens and its TLS certificates. */
final class ClusterOptions {
  static final String PASSWORD_ENV = "TANDEM_TLS_PASSWORD";

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description =
          "Address this node binds and announces (default ${DEFAULT-VALUE}: this machine only).")
  String host;

  @Option(
      names = "--tls-key-store",
      paramLabel = "FILE",
      description = "PKCS12 key store with this node's key and certificate (turns on TLS).")
  Path keyStore;

  @Option(
      names = "--tls-trust-store",
      paramLabel = "FILE",
      description = "PKCS12 trust store with the certificates of the nodes this one accepts.")
  Path trustStore;

  @Option(
      names = "--tls-password-env",
      paramLabel = "NAME",
      defaultValue = PASSWORD_ENV,
      description = "Environment variable holding the stores' password (default ${DEFAULT-VALUE}).")
  String passwordEnv;

  /**
   * A worker announcing a loopback address to a coordinator on another machine would join and then
   * never hear back: refuse that before starting.
   */
  private void checkReachable(String hostPort) {
    String joinHost = hostPort.substring(0, hostPort.lastIndexOf(':'));
    if (isLoopback(host) && !isLoopback(joinHost)) {
      throw new UserException(
          "--host: "
              + host
              + " is reachable from this machine only, but the coordinator "
              + joinHost
              + " is elsewhere: give this machine's address as the coordinator reaches it (--host)");
    }
  }

  private static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new UserException("unknown host " + address + " (expected an address or a host name)");
    }
  }

  /** The settings of a node on {@code port} joining {@code join} (empty: the coordinator). */
  ClusterSettings settings(int port, Optional<String> join) {
    if ((keyStore == null) != (trustStore == null)) {
      throw new UserException(
          "--tls-key-store and --tls-trust-store: give both (TLS needs this node's certificate"
              + " and the ones it trusts) or neither");
    }
    try {
      Optional<ClusterSettings.Tls> tls = Optional.empty();
      if (keyStore != null) {
        String password = System.getenv(passwordEnv);
        if (password == null || password.isEmpty()) {
          throw new UserException(
              "--tls-password-env: the environment variable " + passwordEnv + " is not set");
        }
        tls = Optional.of(new ClusterSettings.Tls(keyStore, trustStore, password));
      }
      ClusterSettings settings = new ClusterSettings(host, port, join, tls);
      join.ifPresent(this::checkReachable); // once the join address is known to be host:port
      return settings;
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
  }
}
