package dev.tandem.policy.infer;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.data.Observation;
import dev.tandem.policy.checkpoint.Checkpoint;
import dev.tandem.policy.checkpoint.PolicyFeatures;
import dev.tandem.policy.config.EncoderConfig;
import dev.tandem.policy.data.ImageCrops;
import dev.tandem.policy.data.Normalizer;
import dev.tandem.policy.net.PolicyHead;
import java.util.List;

/**
 * Runs a checkpoint's network on observations: normalizes states, centre-crops images, runs the
 * network (the subclass), applies the head's deterministic action, de-normalizes and clips to the
 * action spec. Not thread-safe: one thread owns an engine (the inference thread, or the caller of a
 * {@link DirectPolicy}).
 */
public abstract class PolicyEngine implements AutoCloseable {

  protected final Checkpoint checkpoint;
  protected final PolicyHead head;

  /** Values per row the network reads (the selected state inputs, or the whole state). */
  protected final int stateSize;

  /** Values per observation state. */
  private final int observedStateSize;

  /** Selected state indices, or null for the whole state. */
  private final int[] stateInputs;

  private final float[] selected;
  protected final int actionDim;

  /** Actions predicted per observation (1 without chunking). */
  protected final int chunkSize;

  protected final int outputSize;
  protected final List<String> cameras;
  protected final int cropHeight;
  protected final int cropWidth;

  protected float[] states = new float[0];
  protected float[][] images;
  protected float[] outputs = new float[0];
  private final float[] actionBuffer;
  private java.util.SplittableRandom sampler;

  protected PolicyEngine(Checkpoint checkpoint) {
    this.checkpoint = checkpoint;
    PolicyFeatures f = checkpoint.features();
    this.observedStateSize = f.stateSize();
    this.stateInputs = f.stateInputIndices(checkpoint.config().network());
    this.stateSize = f.networkStateSize(checkpoint.config().network());
    this.selected = new float[stateSize];
    this.actionDim = f.actionDim();
    this.chunkSize = checkpoint.config().network().chunkSize();
    this.head = PolicyHead.of(checkpoint.config().network(), actionDim);
    this.outputSize = head.outputSize();
    this.cameras = f.cameras();
    EncoderConfig enc = checkpoint.config().network().encoder();
    this.cropHeight = enc == null ? 0 : enc.cropHeight();
    this.cropWidth = enc == null ? 0 : enc.cropWidth();
    this.images = new float[cameras.size()][0];
    this.actionBuffer = new float[actionDim * chunkSize];
  }

  public Checkpoint checkpoint() {
    return checkpoint;
  }

  /**
   * From now on, draws actions from the head's distribution with a generator seeded by {@code seed}
   * (null-safe: {@link #deterministic()} switches back).
   */
  public void sampleActions(long seed) {
    sampler = new java.util.SplittableRandom(seed);
  }

  public void deterministic() {
    sampler = null;
  }

  /** Computes raw network outputs for {@code n} prepared rows into {@link #outputs}. */
  protected abstract void forward(int n);

  /** Actions predicted per observation: the chunk size (1 for a single-step policy). */
  public int chunkSize() {
    return chunkSize;
  }

  /** The first action of each observation's chunk (its only one for a single-step policy). */
  public final Action[] act(List<Observation> observations) {
    Action[][] chunks = chunks(observations);
    Action[] out = new Action[chunks.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = chunks[i][0];
    }
    return out;
  }

  /**
   * For each observation, in order, the {@link #chunkSize()} actions its network predicts for this
   * step and the next ones (deterministic, or drawn when {@link #sampleActions} is on), each
   * de-normalized and clipped to the action spec.
   */
  public Action[][] chunks(List<Observation> observations) {
    int n = observations.size();
    ensureCapacity(n);
    Normalizer sn = checkpoint.stateNormalizer();
    for (int i = 0; i < n; i++) {
      Observation o = observations.get(i);
      if (o.state().length != observedStateSize) {
        throw new IllegalArgumentException(
            "observation "
                + i
                + " has "
                + o.state().length
                + " state values, policy expects "
                + observedStateSize
                + " ("
                + checkpoint.features().environment()
                + ")");
      }
      if (stateInputs == null) {
        sn.normalize(o.state(), 0, states, i * stateSize);
      } else {
        float[] full = o.state();
        for (int k = 0; k < stateInputs.length; k++) {
          selected[k] = full[stateInputs[k]];
        }
        sn.normalize(selected, 0, states, i * stateSize);
      }
      for (int c = 0; c < cameras.size(); c++) {
        ImageFrame frame = o.image(cameras.get(c));
        ImageCrops.centreCrop(
            frame, cropHeight, cropWidth, images[c], i * 3 * cropHeight * cropWidth);
      }
    }
    forward(n);
    Action[][] out = new Action[n][chunkSize];
    Normalizer an = checkpoint.actionNormalizer();
    for (int i = 0; i < n; i++) {
      if (sampler == null) {
        head.act(outputs, i * outputSize, actionBuffer, 0);
      } else {
        head.sample(outputs, i * outputSize, actionBuffer, 0, sampler);
      }
      for (int j = 0; j < chunkSize; j++) {
        float[] a = new float[actionDim];
        an.denormalize(actionBuffer, j * actionDim, a, 0);
        out[i][j] = new Action(checkpoint.features().action().clip(a));
      }
    }
    return out;
  }

  private void ensureCapacity(int n) {
    if (states.length < n * stateSize) {
      int rows = Math.max(n, 1);
      states = new float[rows * stateSize];
      outputs = new float[rows * outputSize];
      for (int c = 0; c < cameras.size(); c++) {
        images[c] = new float[rows * 3 * cropHeight * cropWidth];
      }
    }
  }

  @Override
  public abstract void close();
}
