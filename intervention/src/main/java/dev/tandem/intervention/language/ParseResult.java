package dev.tandem.intervention.language;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What the parser made of a text: a {@link Correction}, or why it was not understood. */
public sealed interface ParseResult {
  String text();

  boolean understood();

  /** How it was understood, or why not with examples of what is understood. */
  String interpretation();

  Optional<Correction> correction();

  record Understood(Correction value) implements ParseResult {
    public Understood {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String text() {
      return value.text();
    }

    @Override
    public boolean understood() {
      return true;
    }

    @Override
    public String interpretation() {
      return value.interpretation();
    }

    @Override
    public Optional<Correction> correction() {
      return Optional.of(value);
    }
  }

  /**
   * Not understood: {@code reason} says what went wrong ("did not understand 'banana'", "'left' and
   * 'right' contradict each other"), {@code examples} what would be understood.
   */
  record NotUnderstood(String text, String reason, List<String> examples) implements ParseResult {
    public NotUnderstood {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(reason, "reason");
      examples = List.copyOf(examples);
    }

    @Override
    public boolean understood() {
      return false;
    }

    @Override
    public String interpretation() {
      return reason + "; try e.g. '" + String.join("', '", examples) + "'";
    }

    @Override
    public Optional<Correction> correction() {
      return Optional.empty();
    }
  }
}
