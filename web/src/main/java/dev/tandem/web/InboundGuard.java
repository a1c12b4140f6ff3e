package dev.tandem.web;

/**
 * Decides whether a client may go on, message by message: too many messages in a one-second window,
 * one too long, or too many that failed validation disconnect it. Not thread-safe (one per
 * connection, used from its stream).
 */
final class InboundGuard {
  private static final long WINDOW_NANOS = 1_000_000_000L;

  private final WebConsoleConfig config;
  private long windowStart = Long.MIN_VALUE;
  private int inWindow;
  private int bad;

  InboundGuard(WebConsoleConfig config) {
    this.config = config;
  }

  /** Why the client must be disconnected for this message, or null to handle it. */
  String admit(int length, long nowNanos) {
    if (windowStart == Long.MIN_VALUE || nowNanos - windowStart >= WINDOW_NANOS) {
      windowStart = nowNanos;
      inWindow = 0;
    }
    if (++inWindow > config.maxMessagesPerSecond()) {
      return "more than " + config.maxMessagesPerSecond() + " messages in a second";
    }
    if (length > config.maxMessageBytes()) {
      return "a message of " + length + " characters (at most " + config.maxMessageBytes() + ")";
    }
    return null;
  }

  /** A message failed validation; why the client must go, or null while under the limit. */
  String rejected() {
    return ++bad >= config.maxBadMessages()
        ? bad + " invalid messages (at most " + (config.maxBadMessages() - 1) + ")"
        : null;
  }
}
