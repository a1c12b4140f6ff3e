package dev.tandem.policy.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.tandem.core.dataset.SampleView;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.checkpoint.Checkpoint;
import dev.tandem.policy.checkpoint.PolicyFeatures;
import dev.tandem.policy.checkpoint.Tensor;
import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.config.EncoderConfig;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.TrainConfig;
import dev.tandem.policy.data.ImageCrops;
import dev.tandem.policy.data.ImageSource;
import dev.tandem.policy.data.Normalizer;
import dev.tandem.policy.infer.DirectPolicy;
import dev.tandem.policy.infer.Engines;
import dev.tandem.policy.net.PolicyModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Weighted behavior cloning on DJL. Reads a {@link SampleView} once into heap arrays (states,
 * actions, weights; images are read per batch from an {@link ImageSource}, on a GPU on a prefetch
 * thread while the previous batch trains: see {@link Batches}), holds out whole episodes for
 * validation, fits the normalizers on the training part, and runs Adam on the head's loss.
 * Per-sample weights enter as a weighted loss (sum w l / sum w per batch) or through sampling
 * proportional to weight, as configured; zero-weight samples are left out either way.
 *
 * <p>Reproducible: PyTorch's generator and every shuffle, split, draw and crop are seeded from
 * {@code train.seed}. Runs on the calling thread with the runtime's training intra-op thread count
 * and {@code train.matmulPrecision} (resolved by {@link DjlRuntime#resolveMatmulPrecision}; the
 * resolved value is recorded in the checkpoint info as {@code trainMatmulPrecision}); concurrent
 * runs in one process take turns (DJL's gradient recording is process-wide).
 */
public final class BcTrainer {

  private static final int VALIDATION_BATCH = 1024;

  /** Staging slots: 0 states, 1 targets, 2 weights, 3 chunk mask, then one per camera. */
  private static final int IMAGE_SLOT = 4;

  private final DjlRuntime runtime;
  private final List<TrainingListener> listeners = new ArrayList<>();
  private RolloutEvaluator rolloutEvaluator;
  private int logEverySteps = 100;

  public BcTrainer(DjlRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  public BcTrainer addListener(TrainingListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /** Needed for {@code selection: rollout}; also reported at every evaluation when set. */
  public BcTrainer rolloutEvaluator(RolloutEvaluator evaluator) {
    this.rolloutEvaluator = evaluator;
    return this;
  }

  public BcTrainer logEverySteps(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("logEverySteps: expected >= 1, found " + steps);
    }
    this.logEverySteps = steps;
    return this;
  }

  /** Trains a state-only policy. */
  public TrainingResult train(SampleView data, PolicyFeatures features, BcConfig config) {
    return train(data, ImageSource.NONE, features, config);
  }

  public TrainingResult train(
      SampleView data, ImageSource images, PolicyFeatures features, BcConfig config) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(config, "config");
    TrainConfig tc = config.train();
    if (tc.selection() == TrainConfig.Selection.ROLLOUT && rolloutEvaluator == null) {
      throw new IllegalArgumentException(
          "train.selection is rollout but no rollout evaluator was given to the trainer");
    }
    Dataset ds = Dataset.load(data, features, config, images);
    return runtime.training(
        () -> {
          TrainConfig.MatmulPrecision precision =
              runtime.resolveMatmulPrecision(tc.matmulPrecision());
          return runtime.withMatmulPrecision(
              precision, () -> run(ds, images, features, config, precision));
        });
  }

  private TrainingResult run(
      Dataset ds,
      ImageSource images,
      PolicyFeatures features,
      BcConfig config,
      TrainConfig.MatmulPrecision precision) {
    TrainConfig tc = config.train();
    SplittableRandom rng = new SplittableRandom(tc.seed());
    int s = ds.stateSize;
    int a = ds.targetSize;
    int b = tc.batchSize();
    List<int[]> imageShapes = ds.cropShapes();
    List<TrainingListener> all = new ArrayList<>(listeners);
    BestCheckpointSelector selector =
        switch (tc.selection()) {
          case LAST -> null;
          case VALIDATION_LOSS -> BestCheckpointSelector.lowestValidationLoss();
          case ROLLOUT -> BestCheckpointSelector.highestRolloutScore();
        };
    if (selector != null) {
      all.add(selector);
    }
    AliasSampler weighted =
        tc.weighting() == TrainConfig.Weighting.SAMPLER
            ? new AliasSampler(ds.train, ds.weightsOf(ds.train))
            : null;

    List<EvaluationPoint> history = new ArrayList<>();
    StagingBuffers staged = new StagingBuffers(IMAGE_SLOT + imageShapes.size());
    Batches.Filler filler = new Batches.Filler(ds, images, tc, weighted, rng);

    try (Batches batches = Batches.forRun(filler, !imageShapes.isEmpty(), runtime.onGpu());
        PolicyModel model =
            PolicyModel.create(
                runtime, config.network(), s, imageShapes, ds.actionSize, tc.seed());
        Trainer trainer = model.model().newTrainer(trainingConfig(tc));
        CpuAdam cpuAdam =
            runtime.onGpu()
                ? null
                : new CpuAdam(
                    model.network().getParameters().values(),
                    tc.learningRate(),
                    tc.weightDecay())) {
      long start = System.nanoTime();
      double lossSum = 0;
      int lossCount = 0;
      for (int step = 1; step <= tc.steps(); step++) {
        runtime.rebalanceTrainingThreads();
        Batches.Batch next = batches.next();
        float loss;
        staged.beginStep();
        try (NDManager batch = model.manager().newSubManager()) {
          NDList inputs = new NDList(staged.put(0, next.states, batch, new Shape(b, s)));
          for (int c = 0; c < next.images.length; c++) {
            int[] sh = imageShapes.get(c);
            inputs.add(
                staged.put(
                    IMAGE_SLOT + c, next.images[c], batch, new Shape(b, sh[0], sh[1], sh[2])));
          }
          NDArray target = staged.put(1, next.targets, batch, new Shape(b, a));
          NDArray weights = staged.put(2, next.weights, batch, new Shape(b));
          NDArray mask =
              next.mask == null ? null : staged.put(3, next.mask, batch, new Shape(b, a));
          try (GradientCollector gc = trainer.newGradientCollector()) {
            NDArray out = trainer.forward(inputs).singletonOrThrow();
            NDArray l = loss(model, out, target, mask).mul(weights).sum();
            gc.backward(l);
            loss = l.getFloat();
          }
          if (cpuAdam != null) {
            cpuAdam.step();
          } else {
            trainer.step();
          }
        }
        if (!Float.isFinite(loss)) {
          throw new IllegalStateException(
              "training diverged at step "
                  + step
                  + " (loss "
                  + loss
                  + "); lower train.learningRate");
        }
        lossSum += loss;
        lossCount++;
        if (step % logEverySteps == 0) {
          for (TrainingListener l : all) {
            l.onStep(step, loss);
          }
        }
        if (step % tc.evaluateEverySteps() == 0 || step == tc.steps()) {
          final int atStep = step;
          double valLoss = validationLoss(model, ds);
          Checkpoint[] cached = new Checkpoint[1];
          TrainingListener.Snapshot snapshot =
              () -> {
                if (cached[0] == null) {
                  cached[0] = checkpoint(ds, features, config, model.exportParameters(), atStep);
                }
                return cached[0];
              };
          double rollout = Double.NaN;
          if (rolloutEvaluator != null) {
            try (DirectPolicy p =
                new DirectPolicy(
                    Engines.create(InferenceConfig.Engine.AUTO, runtime, snapshot.checkpoint()),
                    PolicyVersion.NONE)) {
              rollout = rolloutEvaluator.score(p);
            }
          }
          EvaluationPoint point =
              new EvaluationPoint(step, lossSum / Math.max(1, lossCount), valLoss, rollout);
          history.add(point);
          lossSum = 0;
          lossCount = 0;
          for (TrainingListener l : all) {
            l.onEvaluation(point, snapshot);
          }
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Checkpoint chosen;
      int chosenStep;
      if (selector != null && selector.best().isPresent()) {
        chosen = selector.best().get();
        chosenStep = selector.bestPoint().get().step();
      } else {
        chosen = checkpoint(ds, features, config, model.exportParameters(), tc.steps());
        chosenStep = tc.steps();
      }
      Map<String, String> info = new LinkedHashMap<>(chosen.info());
      info.put("trainSamplesPerSecond", String.format("%.0f", (double) tc.steps() * b / seconds));
      info.put("trainMatmulPrecision", precision.name().toLowerCase());
      TrainingResult result =
          new TrainingResult(
              chosen.withInfo(info),
              history,
              chosenStep,
              ds.train.length,
              ds.validation.length,
              seconds,
              (double) tc.steps() * b / seconds);
      for (TrainingListener l : all) {
        l.onEnd(result);
      }
      return result;
    }
  }

  /**
   * Direct buffers the batch tensors are created on, owned by the training run and reused every
   * step. DJL wraps a direct buffer without a copy (the tensor aliases the buffer's memory), and
   * the memory stays valid for as long as the step's tensors live (a batch created from a heap
   * array goes through a temporary direct buffer whose lifetime DJL does not tie to the tensor in
   * every path; random NaNs in image training were traced to that).
   *
   * <p>Aliasing is safe here because of two rules this class enforces: every tensor made from a
   * slot lives only within its step (the step's sub-manager closes them, and PyTorch on CPU has
   * finished every operation, including backward, when the step's calls return), and a slot is
   * filled at most once per step, so no live tensor's memory is rewritten. Reusing a slot within a
   * step (the hazard found in SAC, where a second fill changed a tensor still in use) throws.
   */
  private static final class StagingBuffers {
    private final java.nio.ByteBuffer[] buffers;
    private final boolean[] filled;

    StagingBuffers(int count) {
      buffers = new java.nio.ByteBuffer[count];
      filled = new boolean[count];
    }

    /** Starts a step: the previous step's tensors are closed, every slot may be filled again. */
    void beginStep() {
      java.util.Arrays.fill(filled, false);
    }

    NDArray put(int slot, float[] data, NDManager manager, Shape shape) {
      if (filled[slot]) {
        throw new IllegalStateException(
            "staging slot " + slot + " filled twice in one step: it would rewrite a live tensor");
      }
      filled[slot] = true;
      int bytes = (int) shape.size() * Float.BYTES;
      java.nio.ByteBuffer buf = buffers[slot];
      if (buf == null || buf.capacity() < bytes) {
        buf = java.nio.ByteBuffer.allocateDirect(bytes).order(java.nio.ByteOrder.nativeOrder());
        buffers[slot] = buf;
      }
      buf.clear();
      buf.asFloatBuffer().put(data, 0, (int) shape.size());
      buf.limit(bytes);
      return manager.create(buf, shape, ai.djl.ndarray.types.DataType.FLOAT32);
    }
  }

  /** The head's per-sample loss; over the unpadded steps only for action chunks. */
  private static NDArray loss(PolicyModel model, NDArray out, NDArray target, NDArray mask) {
    return mask == null ? model.head().loss(out, target) : model.head().loss(out, target, mask);
  }

  private static DefaultTrainingConfig trainingConfig(TrainConfig tc) {
    Adam.Builder adam =
        Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) tc.learningRate()));
    if (tc.weightDecay() > 0) {
      adam.optWeightDecays((float) tc.weightDecay());
    }
    // The loss is computed by the head; the config's loss is not used.
    return new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam.build());
  }

  private Checkpoint checkpoint(
      Dataset ds, PolicyFeatures features, BcConfig config, List<Tensor> params, int step) {
    Map<String, String> info = new LinkedHashMap<>();
    info.put("step", Integer.toString(step));
    info.put("trainSamples", Integer.toString(ds.train.length));
    info.put("validationSamples", Integer.toString(ds.validation.length));
    return new Checkpoint(
        features, config, ds.stateNormalizer, ds.actionNormalizer, ds.hash, params, info);
  }

  /** Weighted mean validation loss (NaN without validation data), centre-cropped images. */
  private double validationLoss(PolicyModel model, Dataset ds) {
    if (ds.validation.length == 0) {
      return Double.NaN;
    }
    int s = ds.stateSize;
    int a = ds.targetSize;
    List<int[]> imageShapes = ds.cropShapes();
    ParameterStore ps = new ParameterStore(model.manager(), false);
    runtime.noGradOnThisThread();
    double total = 0;
    double weightTotal = 0;
    for (int from = 0; from < ds.validation.length; from += VALIDATION_BATCH) {
      int n = Math.min(VALIDATION_BATCH, ds.validation.length - from);
      float[] bs = new float[n * s];
      float[] ba = new float[n * a];
      float[] bw = new float[n];
      float[] bm = ds.chunkMask == null ? null : new float[n * a];
      float[][] bimg = new float[imageShapes.size()][];
      for (int c = 0; c < bimg.length; c++) {
        int[] sh = imageShapes.get(c);
        bimg[c] = new float[n * sh[0] * sh[1] * sh[2]];
      }
      for (int k = 0; k < n; k++) {
        int i = ds.validation[from + k];
        System.arraycopy(ds.states, i * s, bs, k * s, s);
        System.arraycopy(ds.targets, i * a, ba, k * a, a);
        if (bm != null) {
          System.arraycopy(ds.chunkMask, i * a, bm, k * a, a);
        }
        bw[k] = ds.weights[i];
        weightTotal += bw[k];
        for (int c = 0; c < bimg.length; c++) {
          ds.centreCrop(i, c, bimg[c], k);
        }
      }
      try (NDManager batch = model.manager().newSubManager()) {
        NDList inputs = new NDList(batch.create(FloatBuffer.wrap(bs), new Shape(n, s)));
        for (int c = 0; c < bimg.length; c++) {
          int[] sh = imageShapes.get(c);
          inputs.add(batch.create(bimg[c], new Shape(n, sh[0], sh[1], sh[2])));
        }
        NDArray out = model.network().forward(ps, inputs, false).singletonOrThrow();
        NDArray mask = bm == null ? null : batch.create(bm, new Shape(n, a));
        NDArray per = loss(model, out, batch.create(ba, new Shape(n, a)), mask);
        total += per.mul(batch.create(bw, new Shape(n))).sum().getFloat();
      }
    }
    return weightTotal > 0 ? total / weightTotal : Double.NaN;
  }

  /** The training data in heap arrays, normalized, with its split and statistics. */
  static final class Dataset {
    int stateSize;
    int actionSize;
    float[] states;
    float[] actions;

    /**
     * Per sample, what the network is trained to output: its action, or (chunking) the actions of
     * the chunk's steps, step-major, normalized; {@link #targetSize} values each.
     */
    float[] targets;

    int targetSize;

    /** 1 where a chunk's step is real, 0 where it is padding; null without chunking. */
    float[] chunkMask;

    float[] weights;
    int[] train;
    int[] validation;
    Normalizer stateNormalizer;
    Normalizer actionNormalizer;
    String hash;
    ImageSource images;
    List<String> cameras;
    List<int[]> rawShapes;
    EncoderConfig encoder;
    byte[][] centreScratch;

    static Dataset load(
        SampleView view, PolicyFeatures features, BcConfig config, ImageSource images) {
      Dataset d = new Dataset();
      int n = view.size();
      d.stateSize = view.stateSize();
      d.actionSize = view.actionSize();
      if (d.stateSize != features.stateSize()) {
        throw new IllegalArgumentException(
            "dataset state has "
                + d.stateSize
                + " values but the policy's "
                + features.state().key()
                + " has "
                + features.stateSize());
      }
      if (d.actionSize != features.actionDim()) {
        throw new IllegalArgumentException(
            "dataset action has "
                + d.actionSize
                + " values but the action spec has "
                + features.actionDim()
                + " "
                + features.action().names());
      }
      if (n == 0) {
        throw new IllegalArgumentException("dataset is empty: nothing to train on");
      }
      d.encoder = config.network().encoder();
      d.cameras = features.cameras();
      d.images = images;
      d.rawShapes = new ArrayList<>();
      for (var f : features.images()) {
        d.rawShapes.add(new int[] {f.shape().get(0), f.shape().get(1)});
        if (f.shape().get(0) < d.encoder.cropHeight() || f.shape().get(1) < d.encoder.cropWidth()) {
          throw new IllegalArgumentException(
              "network.encoder crop "
                  + d.encoder.cropHeight()
                  + "x"
                  + d.encoder.cropWidth()
                  + " is larger than camera "
                  + f.key()
                  + " "
                  + f.shape());
        }
      }
      int full = d.stateSize;
      int[] inputs = features.stateInputIndices(config.network());
      d.stateSize = features.networkStateSize(config.network());
      d.states = new float[n * d.stateSize];
      d.actions = new float[n * d.actionSize];
      d.weights = new float[n];
      float[] state = new float[full];
      MessageDigest md = sha256();
      ByteBuffer header = ByteBuffer.allocate(12).putInt(n).putInt(full).putInt(d.actionSize);
      md.update(header.array());
      ByteBuffer row =
          ByteBuffer.allocate(4 * (full + d.actionSize + 1)).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        view.state(i, state, 0);
        view.action(i, d.actions, i * d.actionSize);
        float w = view.weight(i);
        if (!(w >= 0) || !Float.isFinite(w)) {
          throw new IllegalArgumentException(
              "sample " + i + ": weight must be finite and >= 0, found " + w);
        }
        d.weights[i] = w;
        row.clear();
        for (int j = 0; j < full; j++) {
          requireFinite(state[j], i, "state", j);
          row.putFloat(state[j]);
        }
        for (int j = 0; j < d.actionSize; j++) {
          float v = d.actions[i * d.actionSize + j];
          requireFinite(v, i, "action", j);
          row.putFloat(v);
        }
        row.putFloat(w);
        md.update(row.array());
        if (inputs == null) {
          System.arraycopy(state, 0, d.states, i * d.stateSize, full);
        } else {
          for (int k = 0; k < inputs.length; k++) {
            d.states[i * d.stateSize + k] = state[inputs[k]];
          }
        }
      }
      d.split(view, config.train());
      boolean[] include = new boolean[n];
      for (int i : d.train) {
        include[i] = true;
      }
      double floor = config.normalization().floor();
      d.stateNormalizer =
          Normalizer.fit(
              config.normalization().observation(), d.states, n, d.stateSize, include, floor);
      d.actionNormalizer =
          Normalizer.fit(
              config.normalization().action(), d.actions, n, d.actionSize, include, floor);
      for (int i = 0; i < n; i++) {
        d.stateNormalizer.normalize(d.states, i * d.stateSize, d.states, i * d.stateSize);
        d.actionNormalizer.normalize(d.actions, i * d.actionSize, d.actions, i * d.actionSize);
      }
      d.chunkTargets(view, config.network().chunkSize(), md);
      d.hash = HexFormat.of().formatHex(md.digest());
      return d;
    }

    /**
     * The targets of a {@code k}-step chunk: for sample i, step j is the action of {@code
     * view.stepAfter(i, j)} (the recorded applied action, a person's where a person drove), masked
     * out when there is none (the episode ended, the step is not in the view) or its weight is 0 (a
     * step the weighting excludes is not imitated inside another step's chunk either). The links go
     * into the data hash. {@code k} 1: the sample's own action, unmasked.
     */
    private void chunkTargets(SampleView view, int k, MessageDigest md) {
      int n = weights.length;
      targetSize = k * actionSize;
      if (k == 1) {
        targets = actions;
        return;
      }
      targets = new float[n * targetSize];
      chunkMask = new float[n * targetSize];
      ByteBuffer links = ByteBuffer.allocate(4 * k);
      for (int i = 0; i < n; i++) {
        links.clear();
        for (int j = 0; j < k; j++) {
          int later = j == 0 ? i : view.stepAfter(i, j);
          boolean real = j == 0 || (later >= 0 && weights[later] > 0);
          links.putInt(real ? later : -1);
          if (real) {
            int at = (i * k + j) * actionSize;
            System.arraycopy(actions, later * actionSize, targets, at, actionSize);
            java.util.Arrays.fill(chunkMask, at, at + actionSize, 1f);
          }
        }
        md.update(links.array());
      }
    }

    private static void requireFinite(float v, int sample, String what, int element) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException(
            "sample " + sample + ": " + what + "[" + element + "] is " + v);
      }
    }

    /** Holds out whole episodes (seeded) until the validation fraction is reached. */
    private void split(SampleView view, TrainConfig tc) {
      int n = view.size();
      List<int[]> episodes = new ArrayList<>();
      int begin = 0;
      for (int i = 0; i < n; i++) {
        if (view.episodeEnd(i) || i == n - 1) {
          episodes.add(new int[] {begin, i + 1});
          begin = i + 1;
        }
      }
      SplittableRandom rng = new SplittableRandom(tc.seed() ^ 0x5DEECE66DL);
      boolean[] held = new boolean[n];
      int wanted = (int) Math.round(tc.validationFraction() * n);
      if (wanted > 0) {
        if (episodes.size() >= 2) {
          int[] order = permutation(episodes.size(), rng);
          int heldCount = 0;
          for (int e = 0; e < order.length - 1 && heldCount < wanted; e++) {
            int[] ep = episodes.get(order[e]);
            for (int i = ep[0]; i < ep[1]; i++) {
              held[i] = true;
            }
            heldCount += ep[1] - ep[0];
          }
        } else {
          int[] order = permutation(n, rng);
          for (int k = 0; k < Math.min(wanted, n - 1); k++) {
            held[order[k]] = true;
          }
        }
      }
      List<Integer> tr = new ArrayList<>();
      List<Integer> va = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (weights[i] <= 0) {
          continue;
        }
        (held[i] ? va : tr).add(i);
      }
      if (tr.isEmpty()) {
        throw new IllegalArgumentException(
            "no training samples with weight > 0 (of "
                + n
                + " samples, "
                + va.size()
                + " held out)");
      }
      train = tr.stream().mapToInt(Integer::intValue).toArray();
      validation = va.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] permutation(int n, SplittableRandom rng) {
      int[] p = new int[n];
      for (int i = 0; i < n; i++) {
        p[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
      }
      return p;
    }

    float[] weightsOf(int[] indices) {
      float[] w = new float[indices.length];
      for (int k = 0; k < indices.length; k++) {
        w[k] = weights[indices[k]];
      }
      return w;
    }

    List<int[]> cropShapes() {
      List<int[]> out = new ArrayList<>();
      for (int c = 0; c < cameras.size(); c++) {
        out.add(new int[] {3, encoder.cropHeight(), encoder.cropWidth()});
      }
      return out;
    }

    byte[][] rawImageBuffers() {
      byte[][] out = new byte[cameras.size()][];
      for (int c = 0; c < out.length; c++) {
        out[c] = new byte[rawShapes.get(c)[0] * rawShapes.get(c)[1] * 3];
      }
      return out;
    }

    void randomCrop(
        ImageSource source, int i, int c, byte[] raw, SplittableRandom rng, float[] out, int row) {
      source.image(i, cameras.get(c), raw);
      int[] sh = rawShapes.get(c);
      int pixels = 3 * encoder.cropHeight() * encoder.cropWidth();
      ImageCrops.randomCrop(
          raw, sh[0], sh[1], encoder.cropHeight(), encoder.cropWidth(), rng, out, row * pixels);
    }

    void centreCrop(int i, int c, float[] out, int row) {
      if (centreScratch == null) {
        centreScratch = rawImageBuffers();
      }
      byte[] raw = centreScratch[c];
      images.image(i, cameras.get(c), raw);
      int[] sh = rawShapes.get(c);
      int pixels = 3 * encoder.cropHeight() * encoder.cropWidth();
      ImageCrops.centreCrop(
          new dev.tandem.core.data.ImageFrame(sh[0], sh[1], 3, raw),
          encoder.cropHeight(),
          encoder.cropWidth(),
          out,
          row * pixels);
    }

    private static MessageDigest sha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 unavailable", e);
      }
    }
  }
}
