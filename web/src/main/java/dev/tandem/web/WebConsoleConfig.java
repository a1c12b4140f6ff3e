package dev.tandem.web;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the web console listens and how it guards its inputs.
 *
 * @param host the address to bind; 127.0.0.1 (the default) serves only this machine. Any other
 *     address needs a {@code token}: browsers then open {@code http://host:port/?token=...} (put a
 *     TLS-terminating proxy in front of it to keep the token off the wire; see
 *     docs/design/web-console.md)
 * @param port the TCP port (0: any free port, printed at start)
 * @param token the secret a client must present (empty: none, allowed only on a loopback address)
 * @param deadmanTimeoutMillis a driver whose input stops arriving for this long is handed back
 * @param maxMessagesPerSecond a client sending more (over a one-second window) is disconnected
 * @param maxMessageBytes a client sending a longer message is disconnected
 * @param maxBadMessages a client whose messages fail validation this many times is disconnected
 */
public record WebConsoleConfig(
    String host,
    int port,
    String token,
    int deadmanTimeoutMillis,
    int maxMessagesPerSecond,
    int maxMessageBytes,
    int maxBadMessages) {

  public static final int MIN_TOKEN_LENGTH = 16;

  public WebConsoleConfig {
    host = host == null || host.isBlank() ? "127.0.0.1" : host.strip();
    token = token == null ? "" : token.strip();
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: found " + port + ", expected 0..65535");
    }
    if (!token.isEmpty() && token.length() < MIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException(
          "token: found "
              + token.length()
              + " characters, expected at least "
              + MIN_TOKEN_LENGTH
              + " (e.g. openssl rand -hex 16)");
    }
    if (token.isEmpty() && !isLoopback(host)) {
      throw new IllegalArgumentException(
          "host: "
              + host
              + " is reachable from other machines; give a token (--token, at least "
              + MIN_TOKEN_LENGTH
              + " characters) or bind 127.0.0.1");
    }
    if (deadmanTimeoutMillis < 50 || deadmanTimeoutMillis > 5000) {
      throw new IllegalArgumentException(
          "deadmanTimeoutMillis: found " + deadmanTimeoutMillis + ", expected 50..5000");
    }
    if (maxMessagesPerSecond < 10 || maxMessagesPerSecond > 10_000) {
      throw new IllegalArgumentException(
          "maxMessagesPerSecond: found " + maxMessagesPerSecond + ", expected 10..10000");
    }
    if (maxMessageBytes < 256 || maxMessageBytes > 1 << 20) {
      throw new IllegalArgumentException(
          "maxMessageBytes: found " + maxMessageBytes + ", expected 256..1048576");
    }
    if (maxBadMessages < 1) {
      throw new IllegalArgumentException(
          "maxBadMessages: found " + maxBadMessages + ", expected at least 1");
    }
  }

  /** 127.0.0.1, any free port, no token, 300 ms deadman, 100 messages/s, 4 KiB, 5 bad. */
  public static WebConsoleConfig loopback() {
    return new WebConsoleConfig("127.0.0.1", 0, "", 300, 100, 4096, 5);
  }

  public WebConsoleConfig withAddress(String host, int port, String token) {
    return new WebConsoleConfig(
        host,
        port,
        token,
        deadmanTimeoutMillis,
        maxMessagesPerSecond,
        maxMessageBytes,
        maxBadMessages);
  }

  static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
