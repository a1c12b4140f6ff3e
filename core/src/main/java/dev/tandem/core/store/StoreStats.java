package dev.tandem.core.store;

/**
 * Counters of a writable store's flusher: group commits run, episode files and directory forces,
 * the durability lag (time from a step's append to the end of the force that made it durable: the
 * longest ever, and the median and 99th percentile over the last 4096 commits that made steps
 * durable, each commit counted by its longest-waiting step), and the mean and longest duration of a
 * commit.
 */
public record StoreStats(
    long commits,
    long filesForced,
    long directorySyncs,
    double maxDurabilityLagMillis,
    double p50DurabilityLagMillis,
    double p99DurabilityLagMillis,
    double meanCommitMillis,
    double maxCommitMillis) {}
