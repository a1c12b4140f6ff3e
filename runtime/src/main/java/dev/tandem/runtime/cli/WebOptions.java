package dev.tandem.runtime.cli;

import dev.tandem.web.WebConsoleConfig;
import picocli.CommandLine.Option;

/**
 * {@code --web} on a live session ({@code tandem teleop}, {@code tandem deploy}): the web console
 * serves the session's robot beside the desktop viewer, with the rules of {@code tandem serve}
 * (127.0.0.1 unless {@code --web-host} says otherwise, which then needs {@code --token}).
 */
final class WebOptions {
  @Option(
      names = "--web",
      description =
          "Serve the web console for this session's robot too (watch, take over, correct, e-stop"
              + " from a browser; the desktop deadman takes precedence).")
  boolean web;

  @Option(
      names = "--web-host",
      paramLabel = "ADDRESS",
      description = "Address the web console binds (default 127.0.0.1; needs --web).")
  String host;

  @Option(
      names = "--web-port",
      paramLabel = "PORT",
      description = "The web console's TCP port (default 8480; 0 = any free; needs --web).")
  Integer port;

  @Option(
      names = "--token",
      paramLabel = "SECRET",
      description =
          "Secret browsers must present (required when --web-host is not a loopback address).")
  String token;

  /** The console's config, or null without {@code --web}; bad values are UserExceptions. */
  WebConsoleConfig config() {
    if (!web) {
      if (host != null || port != null || token != null) {
        throw new UserException(
            (host != null ? "--web-host" : port != null ? "--web-port" : "--token")
                + ": only with --web (serve the web console)");
      }
      return null;
    }
    return console("--web", host, port == null ? ServeCommand.DEFAULT_PORT : port, token, 300);
  }

  /** A console config from the command line; a bad value is a UserException naming {@code what}. */
  static WebConsoleConfig console(
      String what, String host, int port, String token, int deadmanMillis) {
    try {
      WebConsoleConfig d = WebConsoleConfig.loopback();
      return new WebConsoleConfig(
          host,
          port,
          token,
          deadmanMillis,
          d.maxMessagesPerSecond(),
          d.maxMessageBytes(),
          d.maxBadMessages());
    } catch (IllegalArgumentException e) {
      throw new UserException(what + ": " + e.getMessage(), e);
    }
  }
}
