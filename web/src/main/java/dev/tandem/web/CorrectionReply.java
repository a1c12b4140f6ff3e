package dev.tandem.web;

/**
 * How a typed correction was understood: {@code applied} false when it was not acted on (not
 * understood, nothing runs, or the robot is stopped); {@code interpretation} says what it became or
 * why not.
 */
public record CorrectionReply(
    String text, String interpretation, boolean understood, boolean applied) {}
