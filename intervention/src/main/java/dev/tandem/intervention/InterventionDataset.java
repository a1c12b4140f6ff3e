package dev.tandem.intervention;

import dev.tandem.core.data.SampleClass;
import dev.tandem.core.dataset.SampleView;
import dev.tandem.intervention.memory.Memory;
import dev.tandem.intervention.rlif.InterventionRewards;
import dev.tandem.intervention.weighting.WeightingScheme;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a trainer sees: the recorded samples (from the episode store's view) with their classes, the
 * weights of a {@link WeightingScheme}, the samples the {@link Memory} keeps, and optionally RLIF
 * rewards in place of the recorded ones. Samples with weight 0 are left out, and so are steps an
 * emergency stop held (a hold under e-stop is not what the robot should learn to do).
 *
 * <p>The base view must hold the episodes of {@code timelines}, in the same order, each episode's
 * steps contiguous (the store's views do).
 */
public final class InterventionDataset implements SampleView {
  private final SampleView base;
  private final int[] index;
  private final SampleClass[] classes;
  private final float[] weights;
  private final float[] rewards;
  private final boolean[] terminal;
  private final ClassCounts counts;
  private final Map<SampleClass, Double> classWeights;

  private InterventionDataset(
      SampleView base,
      int[] index,
      SampleClass[] classes,
      float[] weights,
      float[] rewards,
      boolean[] terminal,
      ClassCounts counts,
      Map<SampleClass, Double> classWeights) {
    this.base = base;
    this.index = index;
    this.classes = classes;
    this.weights = weights;
    this.rewards = rewards;
    this.terminal = terminal;
    this.counts = counts;
    this.classWeights = classWeights;
  }

  public static InterventionDataset build(
      SampleView base,
      List<EpisodeTimeline> timelines,
      Segmenter segmenter,
      WeightingScheme weighting,
      Memory memory,
      Optional<InterventionRewards> rlif) {
    long expected = timelines.stream().mapToLong(EpisodeTimeline::length).sum();
    if (expected != base.size()) {
      throw new IllegalArgumentException(
          "dataset view holds " + base.size() + " samples but the timelines hold " + expected);
    }
    Map<Long, SampleClass[]> byEpisode = new HashMap<>();
    for (EpisodeTimeline t : timelines) {
      byEpisode.put(t.episodeId(), segmenter.classify(t));
    }
    Map<Long, boolean[]> keep = memory.keep(timelines, byEpisode);

    EnumMap<SampleClass, Long> kept = new EnumMap<>(SampleClass.class);
    for (EpisodeTimeline t : timelines) {
      SampleClass[] c = byEpisode.get(t.episodeId());
      boolean[] k = keep.get(t.episodeId());
      for (int i = 0; i < c.length; i++) {
        if (k[i] && !t.isStopped(i)) {
          kept.merge(c[i], 1L, Long::sum);
        }
      }
    }
    ClassCounts counts = new ClassCounts(kept);
    Map<SampleClass, Double> w = weighting.weights(counts);

    List<Integer> idx = new ArrayList<>();
    List<SampleClass> cls = new ArrayList<>();
    float[] allRewards = new float[base.size()];
    boolean[] allTerminal = new boolean[base.size()];
    int offset = 0;
    for (EpisodeTimeline t : timelines) {
      SampleClass[] c = byEpisode.get(t.episodeId());
      boolean[] k = keep.get(t.episodeId());
      float[] taskRewards = new float[t.length()];
      boolean[] taskTerminal = new boolean[t.length()];
      for (int i = 0; i < t.length(); i++) {
        taskRewards[i] = base.reward(offset + i);
        taskTerminal[i] = base.terminal(offset + i);
      }
      if (t.length() > 0 && !base.episodeEnd(offset + t.length() - 1)) {
        throw new IllegalArgumentException(
            "episode "
                + t.episodeId()
                + " does not end where its timeline does (sample "
                + (offset + t.length() - 1)
                + ")");
      }
      InterventionRewards.Labels labels =
          rlif.map(r -> r.label(t, taskRewards, taskTerminal))
              .orElse(new InterventionRewards.Labels(taskRewards, taskTerminal));
      for (int i = 0; i < t.length(); i++) {
        allRewards[offset + i] = labels.rewards()[i];
        allTerminal[offset + i] = labels.terminal()[i];
        if (k[i] && !t.isStopped(i) && w.get(c[i]) > 0) {
          idx.add(offset + i);
          cls.add(c[i]);
        }
      }
      offset += t.length();
    }
    int n = idx.size();
    int[] index = new int[n];
    SampleClass[] classes = new SampleClass[n];
    float[] weights = new float[n];
    float[] rewards = new float[n];
    boolean[] terminal = new boolean[n];
    for (int i = 0; i < n; i++) {
      index[i] = idx.get(i);
      classes[i] = cls.get(i);
      weights[i] = w.get(classes[i]).floatValue();
      rewards[i] = allRewards[index[i]];
      terminal[i] = allTerminal[index[i]];
    }
    return new InterventionDataset(base, index, classes, weights, rewards, terminal, counts, w);
  }

  /** Class counts of the samples the memory kept (before dropping zero-weight classes). */
  public ClassCounts counts() {
    return counts;
  }

  /** The weight per sample of each class. */
  public Map<SampleClass, Double> classWeights() {
    return classWeights;
  }

  /** The frame of the base view's sample behind sample i. */
  @Override
  public void image(int i, String camera, byte[] out) {
    base.image(index[i], camera, out);
  }

  /** Index of sample i in the base view. */
  public int baseIndex(int i) {
    return index[i];
  }

  @Override
  public int size() {
    return index.length;
  }

  @Override
  public int stateSize() {
    return base.stateSize();
  }

  @Override
  public int actionSize() {
    return base.actionSize();
  }

  @Override
  public void state(int i, float[] out, int offset) {
    base.state(index[i], out, offset);
  }

  @Override
  public void action(int i, float[] out, int offset) {
    base.action(index[i], out, offset);
  }

  @Override
  public void nextState(int i, float[] out, int offset) {
    base.nextState(index[i], out, offset);
  }

  @Override
  public float reward(int i) {
    return rewards[i];
  }

  @Override
  public boolean terminal(int i) {
    return terminal[i];
  }

  @Override
  public boolean episodeEnd(int i) {
    return base.episodeEnd(index[i]) || terminal[i];
  }

  @Override
  public float weight(int i) {
    return weights[i];
  }

  @Override
  public SampleClass sampleClass(int i) {
    return classes[i];
  }
}
