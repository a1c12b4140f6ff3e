package dev.tandem.core.store;

/**
 * Counters of a writable store's flusher: group commits run, files forced, and the longest time a
 * step waited between being appended and being forced ({@code maxDurabilityLagMillis}).
 */
public record StoreStats(long commits, long filesForced, double maxDurabilityLagMillis) {}
