package dev.tandem.intervention.operator;

/**
 * When a simulated operator decides the policy is going wrong. Selected by {@code type:} ({@code
 * stall}, {@code value}).
 */
public interface TakeoverRule {}
