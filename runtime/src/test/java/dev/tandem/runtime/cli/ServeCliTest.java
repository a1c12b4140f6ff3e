package dev.tandem.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code tandem serve}, and {@code --web} on {@code tandem teleop} and {@code tandem deploy},
 * refuse to listen beyond this machine without a token (exit 2, one line, before anything starts).
 */
class ServeCliTest {
  static final String SESSION =
      BenchBridgeCliTest.configs().resolve("teleop/session.yaml").toString();

  @Test
  void aReachableAddressWithoutATokenIsRefused() {
    CliRuns.Run r = CliRuns.tandem("serve", SESSION, "--host", "0.0.0.0", "--port", "0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines())
        .containsExactly(
            "tandem: serve: host: 0.0.0.0 is reachable from other machines; give a token"
                + " (--token, at least 16 characters) or bind 127.0.0.1");
  }

  @Test
  void aShortTokenIsRefused() {
    CliRuns.Run r =
        CliRuns.tandem("serve", SESSION, "--host", "0.0.0.0", "--port", "0", "--token", "short");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("token: found 5 characters, expected at least 16");
  }

  @Test
  void aLiveSessionsWebConsoleFollowsTheSameRules() {
    CliRuns.Run open = CliRuns.tandem("teleop", SESSION, "--web", "--web-host", "0.0.0.0");
    assertThat(open.exit()).isEqualTo(2);
    assertThat(open.errLines())
        .containsExactly(
            "tandem: --web: host: 0.0.0.0 is reachable from other machines; give a token"
                + " (--token, at least 16 characters) or bind 127.0.0.1");
    CliRuns.Run shortToken =
        CliRuns.tandem("deploy", SESSION, "--web", "--web-host", "0.0.0.0", "--token", "short");
    assertThat(shortToken.exit()).isEqualTo(2);
    assertThat(shortToken.err()).contains("token: found 5 characters, expected at least 16");
    CliRuns.Run withoutWeb = CliRuns.tandem("teleop", SESSION, "--token", "0123456789abcdef");
    assertThat(withoutWeb.exit()).isEqualTo(2);
    assertThat(withoutWeb.errLines())
        .containsExactly("tandem: --token: only with --web (serve the web console)");
  }
}
