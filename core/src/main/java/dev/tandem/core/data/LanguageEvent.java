package dev.tandem.core.data;

import java.util.Objects;

/**
 * A correction said or typed by the operator, as it sits on the episode timeline: the raw text, how
 * it was understood ({@code interpretation}, empty when it was not understood) and when.
 */
public record LanguageEvent(
    String text, String interpretation, boolean understood, long stampNanos) {
  public LanguageEvent {
    Objects.requireNonNull(text, "text");
    interpretation = interpretation == null ? "" : interpretation;
  }
}
