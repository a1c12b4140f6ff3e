package dev.tandem.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Where the console may listen: loopback by default, a token required anywhere else. */
class WebConsoleConfigTest {
  static final String TOKEN = "0123456789abcdef";

  @Test
  void bindsLoopbackByDefault() {
    assertThat(WebConsoleConfig.loopback().host()).isEqualTo("127.0.0.1");
    assertThat(WebConsoleConfig.loopback().token()).isEmpty();
    assertThat(new WebConsoleConfig(" ", 0, null, 300, 100, 4096, 5).host()).isEqualTo("127.0.0.1");
  }

  @Test
  void loopbackNamesNeedNoToken() {
    for (String host : new String[] {"127.0.0.1", "localhost", "::1"}) {
      assertThat(WebConsoleConfig.loopback().withAddress(host, 0, "").host()).isEqualTo(host);
    }
  }

  @Test
  void anyOtherAddressNeedsAToken() {
    for (String host : new String[] {"0.0.0.0", "::", "192.0.2.7"}) {
      assertThatThrownBy(() -> WebConsoleConfig.loopback().withAddress(host, 0, ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("host: " + host + " is reachable from other machines");
      assertThat(WebConsoleConfig.loopback().withAddress(host, 0, TOKEN).token()).isEqualTo(TOKEN);
    }
  }

  @Test
  void aShortTokenIsRefused() {
    assertThatThrownBy(() -> WebConsoleConfig.loopback().withAddress("0.0.0.0", 0, "short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token: found 5 characters, expected at least 16");
  }
}
