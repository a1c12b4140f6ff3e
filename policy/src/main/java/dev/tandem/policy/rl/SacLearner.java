package dev.tandem.policy.rl;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.tandem.core.dataset.SampleView;
import dev.tandem.core.spec.ActionSpec;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.checkpoint.Checkpoint;
import dev.tandem.policy.checkpoint.PolicyFeatures;
import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.config.HeadType;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.config.NormalizationConfig;
import dev.tandem.policy.config.TrainConfig;
import dev.tandem.policy.data.Normalizer;
import dev.tandem.policy.net.NdScalars;
import dev.tandem.policy.net.PolicyModel;
import dev.tandem.policy.net.TanhGaussianHead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Soft actor-critic on DJL (RLPD flavour). The actor is a {@link PolicyModel} with a tanh-Gaussian
 * head (the same network and checkpoint format behavior cloning uses), the critics a {@link
 * CriticEnsemble} of LayerNorm MLPs with Polyak-averaged target copies, the temperature alpha =
 * exp(log alpha) tuned toward the target entropy.
 *
 * <p>Everything inside is in normalized units: states by the given state normalizer, actions mapped
 * from the action spec's bounds to [-1, 1]. Batches are in environment units.
 *
 * <p>One {@link #update} is, on one batch: critic step on y = r + gamma (1 - terminal) (min over a
 * random subset of target critics Q'(s', a') - alpha log pi(a'|s')), a' ~ pi(s'); actor step on
 * alpha log pi(a~|s) - mean_e Q_e(s, a~); temperature step on -log alpha (log pi + target entropy);
 * Polyak averaging of the targets. Seeded: PyTorch's generator at initialization, a Java generator
 * for the noise and the subsets. Not thread-safe; owns native memory, close it.
 */
public final class SacLearner implements AutoCloseable {

  private static final float ACTION_SCALE_FLOOR = 1e-6f;

  private final DjlRuntime runtime;
  private final SacConfig config;
  private final PolicyFeatures features;
  private final Normalizer stateNormalizer;
  private final Normalizer actionNormalizer;
  private final int stateSize;
  private final int actionDim;
  private final double targetEntropy;

  private final PolicyModel actor;
  private final TanhGaussianHead head;
  private final Trainer actorTrainer;
  private final ParameterStore actorPs;
  private final Model criticModel;
  private final CriticEnsemble critic;
  private final Trainer criticTrainer;
  private final DetachedParameterStore criticPs;
  private final Model targetModel;
  private final CriticEnsemble target;
  private final ParameterStore targetPs;
  private final List<Parameter> onlineParams;
  private final List<Parameter> targetParams;
  private final float[][] polyakScratch = new float[2][4096];

  private final AdamState actorAdam;
  private double actorBcWeight;
  private final AdamState criticAdam;
  private double logAlpha;
  private double alphaM;
  private double alphaV;
  private long alphaSteps;
  private long updates;
  private final ByteBuffer[] staging = new ByteBuffer[6];
  // reused per-step host arrays (sized on first use)
  private float[] hostS = new float[0];
  private float[] hostS2 = new float[0];
  private float[] hostA = new float[0];
  private float[] hostNotDone = new float[0];
  private float[] hostNoise = new float[0];
  private SacBatch reusable;
  // tests: run between every forward pass and its backward pass
  private Runnable beforeBackward = () -> {};

  private SacLearner(
      DjlRuntime runtime,
      SacConfig config,
      PolicyFeatures features,
      Normalizer stateNormalizer,
      CriticEnsemble.Form form) {
    this.runtime = runtime;
    this.config = config;
    this.features = features;
    this.stateNormalizer = stateNormalizer;
    this.actionNormalizer = actionNormalizerOf(features.action());
    this.stateSize = features.stateSize();
    this.actionDim = features.actionDim();
    this.targetEntropy = config.targetEntropyFor(actionDim);
    this.logAlpha = Math.log(config.initialTemperature());

    PolicyModel a = null;
    Model cm = null;
    Model tm = null;
    Trainer at = null;
    Trainer ct = null;
    try {
      a =
          PolicyModel.create(
              runtime, actorNetwork(config), stateSize, List.of(), actionDim, config.seed());
      at = a.model().newTrainer(trainingConfig(config.actorLearningRate()));
      CriticEnsemble c =
          new CriticEnsemble(
              config.criticEnsembleSize(), config.hiddenSizes(), config.criticLayerNorm(), form);
      cm = newCriticModel(runtime, "tandem-sac-critic", c, stateSize, actionDim, config.seed() + 1);
      ct = cm.newTrainer(trainingConfig(config.criticLearningRate()));
      CriticEnsemble t =
          new CriticEnsemble(
              config.criticEnsembleSize(), config.hiddenSizes(), config.criticLayerNorm(), form);
      tm = newCriticModel(runtime, "tandem-sac-target", t, stateSize, actionDim, config.seed() + 1);
      this.critic = c;
      this.target = t;
    } catch (RuntimeException e) {
      for (AutoCloseable x : new AutoCloseable[] {at, ct, a, cm, tm}) {
        closeQuietly(x);
      }
      throw e;
    }
    this.actor = a;
    this.head = (TanhGaussianHead) a.head();
    this.actorTrainer = at;
    this.criticModel = cm;
    this.criticTrainer = ct;
    this.targetModel = tm;
    this.actorPs = new ParameterStore(a.manager(), false);
    this.criticPs = new DetachedParameterStore(cm.getNDManager());
    this.targetPs = new ParameterStore(tm.getNDManager(), false);
    this.onlineParams = critic.getParameters().values();
    this.targetParams = target.getParameters().values();
    for (int i = 0; i < onlineParams.size(); i++) {
      onlineParams.get(i).getArray().copyTo(targetParams.get(i).getArray());
    }
    this.actorAdam =
        new AdamState(
            actor.network().getParameters().values(), actor.manager(), config.actorLearningRate());
    this.criticAdam =
        new AdamState(onlineParams, criticModel.getNDManager(), config.criticLearningRate());
  }

  /**
   * A new learner for {@code features} (state-only: the encoder cameras are not supported yet),
   * states normalized by {@code stateNormalizer} (e.g. {@link #fitStateNormalizer} of the prior
   * data), actions by the action spec's bounds.
   */
  public static SacLearner create(
      DjlRuntime runtime, SacConfig config, PolicyFeatures features, Normalizer stateNormalizer) {
    return create(
        runtime, config, features, stateNormalizer, CriticEnsemble.Form.forDevice(runtime.onGpu()));
  }

  /** As {@link #create(DjlRuntime, SacConfig, PolicyFeatures, Normalizer)}, the form forced. */
  static SacLearner create(
      DjlRuntime runtime,
      SacConfig config,
      PolicyFeatures features,
      Normalizer stateNormalizer,
      CriticEnsemble.Form form) {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(stateNormalizer, "stateNormalizer");
    if (!features.images().isEmpty()) {
      throw new IllegalArgumentException(
          "SAC: image features " + features.cameras() + " are not supported yet (state only)");
    }
    if (stateNormalizer.size() != features.stateSize()) {
      throw new IllegalArgumentException(
          "stateNormalizer: has "
              + stateNormalizer.size()
              + " elements, the state feature "
              + features.stateSize());
    }
    return runtime.training(() -> new SacLearner(runtime, config, features, stateNormalizer, form));
  }

  /** Mean/std statistics of the states in {@code data} (floor 1e-2), for {@link #create}. */
  public static Normalizer fitStateNormalizer(SampleView data) {
    int n = data.size();
    int s = data.stateSize();
    if (n == 0) {
      throw new IllegalArgumentException("SAC: no prior data to fit the state normalizer on");
    }
    float[] states = new float[n * s];
    for (int i = 0; i < n; i++) {
      data.state(i, states, i * s);
    }
    return Normalizer.fit(NormalizationConfig.Kind.MEAN_STD, states, n, s, null, 1e-2);
  }

  /** Maps the action spec's [low, high] to [-1, 1] per element. */
  static Normalizer actionNormalizerOf(ActionSpec spec) {
    int a = spec.dim();
    float[] off = new float[a];
    float[] sc = new float[a];
    for (int j = 0; j < a; j++) {
      double lo = spec.low()[j];
      double hi = spec.high()[j];
      if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(hi > lo)) {
        throw new IllegalArgumentException(
            "action spec element "
                + spec.names().get(j)
                + ": SAC needs finite bounds low < high, found "
                + lo
                + ".."
                + hi);
      }
      off[j] = (float) ((lo + hi) / 2);
      sc[j] = Math.max((float) ((hi - lo) / 2), ACTION_SCALE_FLOOR);
    }
    return new Normalizer(NormalizationConfig.Kind.MIN_MAX, off, sc);
  }

  static NetworkConfig actorNetwork(SacConfig config) {
    return new NetworkConfig(config.hiddenSizes(), false, HeadType.TANH_GAUSSIAN, 1, 1e-2, null);
  }

  private static Model newCriticModel(
      DjlRuntime runtime, String name, CriticEnsemble block, int s, int a, long seed) {
    Model m = runtime.newModel(name);
    try {
      m.setBlock(block);
      runtime.seed(seed);
      block.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, s), new Shape(1, a));
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
    return m;
  }

  private static DefaultTrainingConfig trainingConfig(double learningRate) {
    return new DefaultTrainingConfig(Loss.l2Loss())
        .optOptimizer(
            Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) learningRate)).build());
  }

  public SacConfig config() {
    return config;
  }

  public double temperature() {
    return Math.exp(logAlpha);
  }

  public double targetEntropy() {
    return targetEntropy;
  }

  public long updates() {
    return updates;
  }

  /**
   * Regularizes the actor towards the prior data's actions (the first {@code anchorCount} rows of
   * every batch: by default every prior row, demonstrations and interventions), TD3+BC-style: the
   * actor loss becomes alpha log pi - Q / mean|Q| + {@code weight} * |tanh(mean) - a_prior|^2
   * (normalized actions). 0 (the default) is plain SAC. Q is only scaled down (mean|Q| > 1), never
   * up. Not part of the saved state: the caller sets it after creating or loading a learner.
   */
  public void setActorBcWeight(double weight) {
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "actorBcWeight: expected a finite value >= 0, found " + weight);
    }
    this.actorBcWeight = weight;
  }

  /** One critic, actor and temperature step (and target averaging) on {@code batch}. */
  public SacLosses update(SacBatch batch) {
    return runtime.training(() -> step(batch, true));
  }

  /**
   * One environment step's worth of learning: {@code config.utd()} critic steps on fresh batches
   * from {@code sampler}, the actor and temperature stepped once, on the last batch (as RLPD does).
   */
  public SacLosses update(RlpdSampler sampler) {
    return runtime.training(
        () -> {
          for (int k = 1; k < config.utd(); k++) {
            step(sampleReusing(sampler), false);
          }
          return step(sampleReusing(sampler), true);
        });
  }

  /**
   * Critic steps only (the actor and temperature stay): {@code config.utd()} critic steps on fresh
   * batches. Used to warm the critics up under a pretrained actor before the actor follows them.
   */
  public SacLosses updateCritics(RlpdSampler sampler) {
    return runtime.training(
        () -> {
          SacLosses l = null;
          for (int k = 0; k < config.utd(); k++) {
            l = step(sampleReusing(sampler), false);
          }
          return l;
        });
  }

  private SacBatch sampleReusing(RlpdSampler sampler) {
    if (reusable == null || reusable.size() != config.batchSize()) {
      reusable = SacBatch.allocate(config.batchSize(), stateSize, actionDim);
    }
    return sampler.sampleInto(reusable);
  }

  private void requireShape(SacBatch b) {
    if (b.stateSize() != stateSize || b.actionSize() != actionDim) {
      throw new IllegalArgumentException(
          "batch has state/action sizes "
              + b.stateSize()
              + "/"
              + b.actionSize()
              + ", the learner "
              + stateSize
              + "/"
              + actionDim);
    }
  }

  /**
   * The random source of update number {@code updates + 1}: a function of the seed and the update
   * count only, so a learner restored from a saved state draws exactly what the original would.
   */
  private SplittableRandom stepRandom() {
    return new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + updates + 1);
  }

  private SacLosses step(SacBatch batch, boolean updateActor) {
    requireShape(batch);
    int n = batch.size();
    float alpha = (float) Math.exp(logAlpha);
    SplittableRandom rng = stepRandom();
    try (NDManager m = criticModel.getNDManager().newSubManager()) {
      Inputs in = inputs(batch, m);
      NDArray y = targets(in, m, alpha, rng);
      double criticLoss;
      double meanQ;
      try (GradientCollector gc = criticTrainer.newGradientCollector()) {
        zeroGradients(critic);
        NDArray q = criticTrainer.forward(new NDList(in.s, in.a)).singletonOrThrow();
        NDArray loss = q.sub(y.reshape(n, 1)).square().mean(new int[] {0}).sum();
        beforeBackward.run();
        gc.backward(loss);
        criticLoss = loss.getFloat();
        meanQ = q.mean().getFloat();
      }
      criticAdam.step();
      double actorLoss = Double.NaN;
      double temperatureLoss = Double.NaN;
      double entropy = Double.NaN;
      if (updateActor) {
        double meanLogProb;
        try (GradientCollector gc = actorTrainer.newGradientCollector()) {
          zeroGradients(actor.network());
          NDArray out = actorTrainer.forward(new NDList(in.s)).singletonOrThrow();
          NDList sample = head.sample(out, gaussian(m, n, rng));
          criticPs.scope(m);
          NDArray q = critic.forward(criticPs, in.s, sample.get(0), null, false);
          NDArray loss;
          int prior = batch.anchorCount();
          if (actorBcWeight > 0 && prior > 0) {
            // TD3+BC-style: Q scaled down by its mean magnitude when that exceeds 1 (no gradient
            // through the scale; never scaled up: with rewards in [-1, 0] Q is often near 0, and
            // dividing by it blew the actor's gradients up), plus the squared error of the
            // deterministic action to the prior data's actions
            NDArray qMean = q.mean(new int[] {1});
            float scale = 1f / (float) Math.max(1.0, qMean.abs().mean().getFloat());
            NDArray rl =
                NdScalars.mul(sample.get(1), alpha).sub(NdScalars.mul(qMean, scale)).mean();
            NDArray det = head.act(out).get("0:" + prior);
            NDArray bc = det.sub(in.a.get("0:" + prior).clip(-1f, 1f)).square().mean();
            loss = rl.add(NdScalars.mul(bc, actorBcWeight));
          } else {
            // constants through NdScalars: a Number operand would be read from freed memory by
            // the backward pass after a garbage collection (see NdScalars)
            loss = NdScalars.mul(sample.get(1), alpha).sub(q.mean(new int[] {1})).mean();
          }
          beforeBackward.run();
          gc.backward(loss);
          actorLoss = loss.getFloat();
          meanLogProb = sample.get(1).mean().getFloat();
        }
        actorAdam.step();
        entropy = -meanLogProb;
        temperatureLoss = -logAlpha * (meanLogProb + targetEntropy);
        if (config.autoTemperature()) {
          temperatureStep(-(meanLogProb + targetEntropy));
        }
      }
      runtime.noGradOnThisThread();
      polyak(m);
      updates++;
      if (!Double.isFinite(criticLoss) || (updateActor && !Double.isFinite(actorLoss))) {
        throw new IllegalStateException(
            "SAC diverged at update "
                + updates
                + " (critic loss "
                + criticLoss
                + ", actor loss "
                + actorLoss
                + ", mean Q "
                + meanQ
                + ", temperature "
                + temperature()
                + ", entropy "
                + entropy
                + ", targets finite "
                + Boolean.toString(
                        y.isInfinite().any().getBoolean() || y.isNaN().any().getBoolean())
                    .replace("true", "no")
                    .replace("false", "yes")
                + "); lower the learning rates");
      }
      return new SacLosses(criticLoss, actorLoss, temperatureLoss, temperature(), entropy, meanQ);
    }
  }

  /**
   * Behavior cloning of the actor on {@code data} (e.g. the demonstrations) before RL: {@code
   * steps} Adam steps on the mean squared error between the actor's deterministic action tanh(mean)
   * and the data's actions (normalized units), uniform batches of {@code config.batchSize()}. The
   * log-std outputs are left to SAC. Returns the last batch's loss.
   */
  public double pretrainActor(SampleView data, int steps) {
    Objects.requireNonNull(data, "data");
    if (data.size() == 0) {
      throw new IllegalArgumentException("pretrainActor: no samples");
    }
    if (data.stateSize() != stateSize || data.actionSize() != actionDim) {
      throw new IllegalArgumentException(
          "pretrainActor: data has state/action sizes "
              + data.stateSize()
              + "/"
              + data.actionSize()
              + ", the learner "
              + stateSize
              + "/"
              + actionDim);
    }
    return runtime.training(
        () -> {
          SplittableRandom rng = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
          int b = config.batchSize();
          float[] rawS = new float[stateSize];
          float[] rawA = new float[actionDim];
          float[] s = new float[b * stateSize];
          float[] a = new float[b * actionDim];
          double last = Double.NaN;
          for (int k = 0; k < steps; k++) {
            for (int r = 0; r < b; r++) {
              int i = rng.nextInt(data.size());
              data.state(i, rawS, 0);
              data.action(i, rawA, 0);
              stateNormalizer.normalize(rawS, 0, s, r * stateSize);
              actionNormalizer.normalize(rawA, 0, a, r * actionDim);
            }
            for (int j = 0; j < a.length; j++) {
              a[j] = Math.max(-1f, Math.min(1f, a[j]));
            }
            try (NDManager m = actor.manager().newSubManager()) {
              NDArray st = put(0, s, m, new Shape(b, stateSize));
              NDArray at = put(1, a, m, new Shape(b, actionDim));
              try (GradientCollector gc = actorTrainer.newGradientCollector()) {
                zeroGradients(actor.network());
                NDArray out = actorTrainer.forward(new NDList(st)).singletonOrThrow();
                NDArray loss = head.act(out).sub(at).square().mean();
                beforeBackward.run();
                gc.backward(loss);
                last = loss.getFloat();
              }
              actorAdam.step();
            }
          }
          runtime.noGradOnThisThread();
          return last;
        });
  }

  /**
   * PyTorch accumulates gradients across backward passes; the collector's own zeroing walks every
   * array of the process, this only the block's parameters.
   */
  private static void zeroGradients(ai.djl.nn.Block block) {
    for (Pair<String, Parameter> p : block.getParameters()) {
      NDArray arr = p.getValue().getArray();
      if (arr.hasGradient()) {
        try (NDArray g = arr.getGradient()) {
          g.subi(g);
        }
      }
    }
  }

  /** Adam on the scalar log alpha (beta 0.9, 0.999), gradient {@code grad}. */
  private void temperatureStep(double grad) {
    alphaSteps++;
    alphaM = 0.9 * alphaM + 0.1 * grad;
    alphaV = 0.999 * alphaV + 0.001 * grad * grad;
    double mHat = alphaM / (1 - Math.pow(0.9, alphaSteps));
    double vHat = alphaV / (1 - Math.pow(0.999, alphaSteps));
    logAlpha -= config.temperatureLearningRate() * mHat / (Math.sqrt(vHat) + 1e-8);
  }

  private void polyak(NDManager scratch) {
    float tau = (float) config.tau();
    if (runtime.onGpu()) {
      polyakWithTorch(onlineParams, targetParams, tau, scratch);
    } else {
      polyakInJava(onlineParams, targetParams, tau, polyakScratch);
    }
  }

  /**
   * target = (1 - tau)·target + tau·online, per value, in Java over direct views of CPU tensors, in
   * blocks of the two buffers' length: one pass, and the same two roundings as {@link
   * #polyakWithTorch}, so the same values.
   */
  static void polyakInJava(
      List<Parameter> online, List<Parameter> target, float tau, float[][] buffers) {
    float keep = 1 - tau;
    float[] ts = buffers[0];
    float[] os = buffers[1];
    for (int i = 0; i < online.size(); i++) {
      FloatBuffer t = target.get(i).getArray().toByteBuffer(true).asFloatBuffer();
      FloatBuffer o = online.get(i).getArray().toByteBuffer(true).asFloatBuffer();
      int n = t.remaining();
      for (int at = 0; at < n; at += ts.length) {
        int len = Math.min(ts.length, n - at);
        t.get(at, ts, 0, len);
        o.get(at, os, 0, len);
        for (int k = 0; k < len; k++) {
          ts[k] = ts[k] * keep + os[k] * tau;
        }
        t.put(at, ts, 0, len);
      }
    }
  }

  /** The same average with libtorch operations (any device); temporaries go to {@code scratch}. */
  static void polyakWithTorch(
      List<Parameter> online, List<Parameter> target, float tau, NDManager scratch) {
    for (int i = 0; i < online.size(); i++) {
      NDArray t = target.get(i).getArray();
      NDArray scaled = NdScalars.mul(online.get(i).getArray(), tau);
      scaled.attach(scratch);
      try (NDArray keep = NdScalars.constant(t, 1 - tau)) {
        t.muli(keep).addi(scaled);
      }
    }
  }

  /** {@code size} distinct critic indices out of {@code ensemble}, uniformly at random. */
  static int[] pickSubset(SplittableRandom rng, int ensemble, int size) {
    if (size < 1 || size > ensemble) {
      throw new IllegalArgumentException(
          "subset size: expected 1.." + ensemble + ", found " + size);
    }
    int[] pool = new int[ensemble];
    for (int e = 0; e < ensemble; e++) {
      pool[e] = e;
    }
    for (int k = 0; k < size; k++) {
      int j = k + rng.nextInt(ensemble - k);
      int t = pool[k];
      pool[k] = pool[j];
      pool[j] = t;
    }
    return java.util.Arrays.copyOf(pool, size);
  }

  /** Row-wise minimum over the columns {@code subset} of q [B, E], shape [B]. */
  static NDArray subsetMin(NDArray q, int[] subset) {
    NDArray min = q.get(":, {}", subset[0]);
    for (int k = 1; k < subset.length; k++) {
      min = min.minimum(q.get(":, {}", subset[k]));
    }
    return min;
  }

  private NDArray targets(Inputs in, NDManager m, float alpha, SplittableRandom rng) {
    runtime.noGradOnThisThread();
    int n = in.n;
    NDArray out = actor.network().forward(actorPs, new NDList(in.s2), false).singletonOrThrow();
    NDList next = head.sample(out, gaussian(m, n, rng));
    int[] subset = pickSubset(rng, critic.size(), config.targetSubsetSize());
    // Only the chosen target critics are evaluated: the minimum is over columns 0..size-1.
    NDArray q = target.forward(targetPs, in.s2, next.get(0), subset, false);
    NDArray min = q.min(new int[] {1});
    NDArray v = min.sub(NdScalars.mul(next.get(1), alpha));
    return in.r.add(NdScalars.mul(in.notDone.mul(v), config.gamma())).stopGradient();
  }

  /** The bootstrap targets of {@code batch} with the current networks (test and debug use). */
  float[] targets(SacBatch batch) {
    requireShape(batch);
    return runtime.training(
        () -> {
          try (NDManager m = criticModel.getNDManager().newSubManager()) {
            return targets(inputs(batch, m), m, (float) temperature(), stepRandom()).toFloatArray();
          }
        });
  }

  /**
   * Q values [n * E] (row-major, one row per sample) of states and actions in environment units.
   */
  public float[] qValues(float[] states, float[] actions, int n) {
    SacBatch b =
        new SacBatch(
            n, stateSize, actionDim, states, actions, new float[n], states, new boolean[n], 0);
    return runtime.training(
        () -> {
          runtime.noGradOnThisThread();
          try (NDManager m = criticModel.getNDManager().newSubManager()) {
            Inputs in = inputs(b, m);
            criticPs.scope(m);
            return critic.forward(criticPs, in.s, in.a, null, false).toFloatArray();
          }
        });
  }

  /** The deterministic action tanh(mean) for a state, in environment units. */
  public float[] greedyAction(float[] state) {
    return act(state, null);
  }

  /** An action sampled from the policy, in environment units. */
  public float[] sampleAction(float[] state, SplittableRandom rng) {
    return act(state, Objects.requireNonNull(rng, "rng"));
  }

  private float[] act(float[] state, SplittableRandom rng) {
    if (state.length != stateSize) {
      throw new IllegalArgumentException(
          "state has " + state.length + " values, expected " + stateSize);
    }
    float[] s = new float[stateSize];
    stateNormalizer.normalize(state, 0, s, 0);
    float[] raw =
        runtime.training(
            () -> {
              runtime.noGradOnThisThread();
              try (NDManager m = actor.manager().newSubManager()) {
                return actor
                    .network()
                    .forward(actorPs, new NDList(m.create(s, new Shape(1, stateSize))), false)
                    .singletonOrThrow()
                    .toFloatArray();
              }
            });
    float[] a = new float[actionDim];
    if (rng == null) {
      head.act(raw, 0, a, 0);
    } else {
      head.sample(raw, 0, a, 0, rng);
    }
    float[] out = new float[actionDim];
    actionNormalizer.denormalize(a, 0, out, 0);
    return out;
  }

  /**
   * The actor as a checkpoint in the behavior-cloning format: a tanh-Gaussian network whose
   * deterministic action is tanh(mean), min/max action normalization from the action spec. {@link
   * dev.tandem.policy.infer.InferencePolicy} and the registry serve it like any other policy.
   */
  public Checkpoint exportCheckpoint(Map<String, String> extraInfo) {
    BcConfig bc =
        new BcConfig(
            actorNetwork(config),
            new NormalizationConfig(stateNormalizer.kind(), NormalizationConfig.Kind.MIN_MAX, 1e-2),
            TrainConfig.defaults().withSeed(config.seed()));
    Map<String, String> info = new LinkedHashMap<>();
    info.put("trainer", "sac");
    info.put("updates", Long.toString(updates));
    info.put("temperature", Double.toString(temperature()));
    info.put("critics", Integer.toString(config.criticEnsembleSize()));
    if (extraInfo != null) {
      info.putAll(extraInfo);
    }
    return new Checkpoint(
        features,
        bc,
        stateNormalizer,
        actionNormalizer,
        "",
        runtime.training(actor::exportParameters),
        info);
  }

  // ------------------------------------------------------------------ learner state

  /**
   * Writes everything needed to continue learning exactly where this learner is (see {@link
   * SacStateCodec}). Written to a temporary file and moved into place, so {@code file} is either
   * the old or the complete new state.
   */
  public void saveState(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.createDirectories(file.toAbsolutePath().getParent());
    runtime.training(
        () -> {
          try {
            SacStateCodec.write(this, tmp);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return null;
        });
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * A learner restored from {@link #saveState}: its next update is exactly the one the saved
   * learner would have made. {@code features} must have the sizes the state was saved with.
   */
  public static SacLearner loadState(DjlRuntime runtime, PolicyFeatures features, Path file)
      throws IOException {
    return SacStateCodec.read(runtime, features, file);
  }

  /** The temperature, its Adam moments and the update count: the scalars of the saved state. */
  record Counters(double logAlpha, double alphaM, double alphaV, long alphaSteps, long updates) {}

  Counters counters() {
    return new Counters(logAlpha, alphaM, alphaV, alphaSteps, updates);
  }

  void restore(Counters c) {
    logAlpha = c.logAlpha();
    alphaM = c.alphaM();
    alphaV = c.alphaV();
    alphaSteps = c.alphaSteps();
    updates = c.updates();
  }

  Normalizer stateNormalizer() {
    return stateNormalizer;
  }

  AdamState actorAdam() {
    return actorAdam;
  }

  AdamState criticAdam() {
    return criticAdam;
  }

  List<NDArray> actorArrays() {
    return actor.network().getParameters().values().stream().map(Parameter::getArray).toList();
  }

  List<NDArray> criticArrays() {
    return onlineParams.stream().map(Parameter::getArray).toList();
  }

  List<NDArray> targetArrays() {
    return targetParams.stream().map(Parameter::getArray).toList();
  }

  DjlRuntime runtime() {
    return runtime;
  }

  int stateSize() {
    return stateSize;
  }

  int actionDim() {
    return actionDim;
  }

  private record Inputs(int n, NDArray s, NDArray a, NDArray r, NDArray notDone, NDArray s2) {}

  private Inputs inputs(SacBatch b, NDManager m) {
    int n = b.size();
    if (hostS.length != n * stateSize || hostA.length != n * actionDim) {
      hostS = new float[n * stateSize];
      hostS2 = new float[n * stateSize];
      hostA = new float[n * actionDim];
      hostNotDone = new float[n];
    }
    float[] s = hostS;
    float[] s2 = hostS2;
    float[] a = hostA;
    float[] notDone = hostNotDone;
    for (int k = 0; k < n; k++) {
      stateNormalizer.normalize(b.states(), k * stateSize, s, k * stateSize);
      stateNormalizer.normalize(b.nextStates(), k * stateSize, s2, k * stateSize);
      actionNormalizer.normalize(b.actions(), k * actionDim, a, k * actionDim);
      notDone[k] = b.terminals()[k] ? 0f : 1f;
      if (!Float.isFinite(b.rewards()[k])) {
        throw new IllegalArgumentException(
            "batch row " + k + ": reward must be finite, found " + b.rewards()[k]);
      }
    }
    requireFinite(s, stateSize, "state");
    requireFinite(s2, stateSize, "nextState");
    requireFinite(a, actionDim, "action");
    return new Inputs(
        n,
        put(0, s, m, new Shape(n, stateSize)),
        put(1, a, m, new Shape(n, actionDim)),
        put(2, b.rewards(), m, new Shape(n)),
        put(3, notDone, m, new Shape(n)),
        put(4, s2, m, new Shape(n, stateSize)));
  }

  private static void requireFinite(float[] v, int width, String what) {
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        throw new IllegalArgumentException(
            "batch row " + i / width + ": " + what + "[" + i % width + "] is " + v[i]);
      }
    }
  }

  private NDArray gaussian(NDManager m, int n, SplittableRandom rng) {
    if (hostNoise.length != n * actionDim) {
      hostNoise = new float[n * actionDim];
    }
    float[] z = hostNoise;
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) rng.nextGaussian();
    }
    return put(5, z, m, new Shape(n, actionDim));
  }

  /** Creates a tensor from {@code data} through a reused direct staging buffer (one copy). */
  private NDArray put(int slot, float[] data, NDManager m, Shape shape) {
    int bytes = (int) shape.size() * Float.BYTES;
    ByteBuffer buf = staging[slot];
    if (buf == null || buf.capacity() < bytes) {
      buf = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
      staging[slot] = buf;
    }
    buf.clear();
    buf.asFloatBuffer().put(data, 0, (int) shape.size());
    buf.limit(bytes);
    // copy out of the reused buffer into libtorch's memory: a tensor that merely wrapped it would
    // change when the slot is refilled within the step (the noise slot is filled twice: targets
    // and actor) and dangle once the buffer is replaced, while the graph may still hold it
    NDArray wrapped = m.create(buf, shape, DataType.FLOAT32);
    NDArray copy = wrapped.duplicate();
    wrapped.close();
    return copy;
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception ignored) {
      // closing after a failed construction
    }
  }

  @Override
  public void close() {
    actorTrainer.close();
    criticTrainer.close();
    actor.close();
    criticModel.close();
    targetModel.close();
  }

  /** Native arrays held by the learner's models (tests: must not grow with updates). */
  int managedArrays() {
    return actor.manager().getManagedArrays().size()
        + criticModel.getNDManager().getManagedArrays().size()
        + targetModel.getNDManager().getManagedArrays().size();
  }

  /**
   * Where non-finite values sit right now (debugging): the first parameter, gradient or Adam moment
   * of the actor, the critics and the targets holding a NaN or infinity, or null when all are
   * finite.
   */
  String firstNonFinite() {
    return runtime.training(
        () -> {
          String a = firstNonFinite("actor", actor.network().getParameters().values(), actorAdam);
          if (a != null) {
            return a;
          }
          String c = firstNonFinite("critic", onlineParams, criticAdam);
          return c != null ? c : firstNonFinite("target", targetParams, null);
        });
  }

  private static String firstNonFinite(String group, List<Parameter> params, AdamState adam) {
    for (int i = 0; i < params.size(); i++) {
      NDArray w = params.get(i).getArray();
      String name = group + " " + params.get(i).getName();
      if (!allFinite(w.toFloatArray())) {
        return name + " (weights)";
      }
      if (w.hasGradient()) {
        try (NDArray g = w.getGradient()) {
          if (!allFinite(g.toFloatArray())) {
            return name + " (gradient)";
          }
        }
      }
      if (adam != null
          && (!allFinite(adam.mean(i).toFloatArray())
              || !allFinite(adam.variance(i).toFloatArray()))) {
        return name + " (Adam moments)";
      }
    }
    return null;
  }

  private static boolean allFinite(float[] v) {
    for (float x : v) {
      if (!Float.isFinite(x)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Runs {@code hook} between every forward pass and its backward pass (tests: a garbage collection
   * forced there must not change any result).
   */
  void beforeBackward(Runnable hook) {
    this.beforeBackward = Objects.requireNonNull(hook, "hook");
  }

  /** How many target critics the last bootstrap target evaluated (tests). */
  int lastTargetCriticCount() {
    return target.lastEvaluated();
  }

  /** How the critic ensemble is computed. */
  CriticEnsemble.Form criticForm() {
    return critic.form();
  }

  /** Parameter names of the online critics (tests). */
  List<String> criticParameterNames() {
    return critic.getParameters().stream().map(Pair::getKey).toList();
  }
}
