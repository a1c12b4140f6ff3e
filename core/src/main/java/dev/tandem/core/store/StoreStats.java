package dev.tandem.core.store;

/**
 * Counters of a writable store's flusher: group commits run, episode files and directory forces,
 * the longest time a step waited between being appended and being forced ({@code
 * maxDurabilityLagMillis}), and the mean and longest duration of a commit.
 */
public record StoreStats(
    long commits,
    long filesForced,
    long directorySyncs,
    double maxDurabilityLagMillis,
    double meanCommitMillis,
    double maxCommitMillis) {}
