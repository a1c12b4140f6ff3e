package dev.tandem.runtime.cli;

import dev.tandem.runtime.cluster.ClusterSettings;
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
      return new ClusterSettings(host, port, join, tls);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
  }
}
