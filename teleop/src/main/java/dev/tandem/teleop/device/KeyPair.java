package dev.tandem.teleop.device;

import dev.tandem.core.config.ConfigChecks;

/** Two keys driving one motion axis: {@code positive} pushes it up, {@code negative} down. */
public record KeyPair(String positive, String negative) {
  public KeyPair {
    ConfigChecks.required(positive, "positive");
    ConfigChecks.required(negative, "negative");
    ConfigChecks.oneOf(positive, Key.configNames(), "positive");
    ConfigChecks.oneOf(negative, Key.configNames(), "negative");
  }
}
