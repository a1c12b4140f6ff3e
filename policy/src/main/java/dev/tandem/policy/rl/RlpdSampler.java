package dev.tandem.policy.rl;

import dev.tandem.core.data.SampleClass;
import dev.tandem.core.dataset.SampleView;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * RLPD's symmetric sampling: each batch takes {@code round(priorFraction * size)} transitions
 * uniformly from the prior data (demonstrations and interventions, rewards from the intervention
 * labelling) and the rest uniformly from the online data. While one side is empty the whole batch
 * comes from the other. Seeded: the same seed and data give the same batches.
 *
 * <p>The prior rows whose sample class is in {@code anchors} (default: every prior row) come first
 * in the batch and are counted as its {@link SacBatch#anchorCount()}: the rows the actor's
 * behavior-cloning term pulls towards. Which rows are drawn does not depend on {@code anchors}.
 */
public final class RlpdSampler {

  private final SampleView prior;
  private final SampleView online;
  private final double priorFraction;
  private final SplittableRandom rng;
  private final Set<SampleClass> anchors;
  private int[] drawn = new int[0];

  public RlpdSampler(SampleView prior, SampleView online, double priorFraction, long seed) {
    this(prior, online, priorFraction, seed, null);
  }

  /**
   * @param anchors the prior sample classes the actor's behavior-cloning term pulls towards; {@code
   *     null}: all
   */
  public RlpdSampler(
      SampleView prior,
      SampleView online,
      double priorFraction,
      long seed,
      Set<SampleClass> anchors) {
    this.anchors = anchors == null ? null : Set.copyOf(anchors);
    this.prior = Objects.requireNonNull(prior, "prior");
    this.online = Objects.requireNonNull(online, "online");
    if (!(priorFraction >= 0) || priorFraction > 1) {
      throw new IllegalArgumentException("priorFraction: expected [0, 1], found " + priorFraction);
    }
    if (prior.stateSize() != online.stateSize() || prior.actionSize() != online.actionSize()) {
      throw new IllegalArgumentException(
          "prior data has state/action sizes "
              + prior.stateSize()
              + "/"
              + prior.actionSize()
              + " but online data has "
              + online.stateSize()
              + "/"
              + online.actionSize());
    }
    this.priorFraction = priorFraction;
    this.rng = new SplittableRandom(seed);
  }

  /** How many of {@code size} rows come from the prior data with the current data sizes. */
  public int priorRows(int size) {
    if (online.size() == 0) {
      return size;
    }
    if (prior.size() == 0) {
      return 0;
    }
    return (int) Math.round(priorFraction * size);
  }

  /** A new batch of {@code size} transitions, prior rows first. */
  public SacBatch sample(int size) {
    return sampleInto(SacBatch.allocate(size, prior.stateSize(), prior.actionSize()));
  }

  /**
   * Fills {@code b}'s arrays with {@code b.size()} new transitions (no allocation but the returned
   * record, which shares {@code b}'s arrays); draws exactly as {@link #sample} does.
   */
  public SacBatch sampleInto(SacBatch b) {
    if (prior.size() == 0 && online.size() == 0) {
      throw new IllegalStateException("RLPD sampler: both prior and online data are empty");
    }
    int s = prior.stateSize();
    int a = prior.actionSize();
    int size = b.size();
    if (b.stateSize() != s || b.actionSize() != a) {
      throw new IllegalArgumentException(
          "RLPD sampler: batch has state/action sizes "
              + b.stateSize()
              + "/"
              + b.actionSize()
              + ", the data "
              + s
              + "/"
              + a);
    }
    int nPrior = priorRows(size);
    if (drawn.length < nPrior) {
      drawn = new int[nPrior];
    }
    for (int k = 0; k < nPrior; k++) {
      drawn[k] = rng.nextInt(prior.size());
    }
    int k = 0;
    for (int j = 0; j < nPrior; j++) { // anchors first, in drawing order
      if (anchors == null || anchors.contains(prior.sampleClass(drawn[j]))) {
        copyRow(prior, drawn[j], b, k++);
      }
    }
    int anchorCount = k;
    for (int j = 0; j < nPrior && anchors != null; j++) {
      if (!anchors.contains(prior.sampleClass(drawn[j]))) {
        copyRow(prior, drawn[j], b, k++);
      }
    }
    for (; k < size; k++) {
      copyRow(online, rng.nextInt(online.size()), b, k);
    }
    return new SacBatch(
        size,
        s,
        a,
        b.states(),
        b.actions(),
        b.rewards(),
        b.nextStates(),
        b.terminals(),
        nPrior,
        anchorCount);
  }

  private static void copyRow(SampleView v, int i, SacBatch b, int k) {
    int s = b.stateSize();
    int a = b.actionSize();
    v.state(i, b.states(), k * s);
    v.action(i, b.actions(), k * a);
    v.nextState(i, b.nextStates(), k * s);
    b.rewards()[k] = v.reward(i);
    b.terminals()[k] = v.terminal(i);
  }
}
