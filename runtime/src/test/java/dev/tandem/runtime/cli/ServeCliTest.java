package dev.tandem.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code tandem serve} refuses to listen beyond this machine without a token (exit 2, one line).
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
}
