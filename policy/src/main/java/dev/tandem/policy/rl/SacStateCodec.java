package dev.tandem.policy.rl;

import ai.djl.ndarray.NDArray;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.checkpoint.PolicyFeatures;
import dev.tandem.policy.config.NormalizationConfig;
import dev.tandem.policy.data.Normalizer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The file format of a {@link SacLearner}'s whole state: magic {@code TNDMSAC1}, the config, the
 * state and action sizes, the state normalizer, the temperature and its Adam moments, the update
 * count and both Adam step counts, then the actor parameters and their Adam moments, the critic
 * parameters and their Adam moments, and the target critics (each array: rank, shape, floats). The
 * random draws are a function of the seed and the update count, so this is all a restored learner
 * needs to make exactly the next update the saved one would have made.
 */
final class SacStateCodec {

  private static final String MAGIC = "TNDMSAC1";

  private SacStateCodec() {}

  /** Writes {@code l}'s state to {@code file} (on the training thread: reads native arrays). */
  static void write(SacLearner l, Path file) throws IOException {
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      out.writeUTF(MAGIC);
      writeConfig(out, l.config());
      out.writeInt(l.stateSize());
      out.writeInt(l.actionDim());
      Normalizer norm = l.stateNormalizer();
      out.writeUTF(norm.kind().name());
      writeFloats(out, norm.offset());
      writeFloats(out, norm.scale());
      SacLearner.Counters c = l.counters();
      out.writeDouble(c.logAlpha());
      out.writeDouble(c.alphaM());
      out.writeDouble(c.alphaV());
      out.writeLong(c.alphaSteps());
      out.writeLong(c.updates());
      out.writeLong(l.actorAdam().steps());
      out.writeLong(l.criticAdam().steps());
      writeArrays(out, l.actorArrays());
      writeArrays(out, moments(l.actorAdam(), true));
      writeArrays(out, moments(l.actorAdam(), false));
      writeArrays(out, l.criticArrays());
      writeArrays(out, moments(l.criticAdam(), true));
      writeArrays(out, moments(l.criticAdam(), false));
      writeArrays(out, l.targetArrays());
    }
  }

  /** A learner restored from {@code file}; {@code features} must have the saved sizes. */
  static SacLearner read(DjlRuntime runtime, PolicyFeatures features, Path file)
      throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      String magic = in.readUTF();
      if (!MAGIC.equals(magic)) {
        throw new IOException(file + ": not a SAC learner state (magic '" + magic + "')");
      }
      SacConfig config = readConfig(in);
      int s = in.readInt();
      int a = in.readInt();
      if (s != features.stateSize() || a != features.actionDim()) {
        throw new IllegalArgumentException(
            file
                + ": learner state has state/action sizes "
                + s
                + "/"
                + a
                + ", the features "
                + features.stateSize()
                + "/"
                + features.actionDim());
      }
      Normalizer norm =
          new Normalizer(
              NormalizationConfig.Kind.valueOf(in.readUTF()), readFloats(in), readFloats(in));
      SacLearner l = SacLearner.create(runtime, config, features, norm);
      try {
        l.restore(
            new SacLearner.Counters(
                in.readDouble(), in.readDouble(), in.readDouble(), in.readLong(), in.readLong()));
        l.actorAdam().setSteps(in.readLong());
        l.criticAdam().setSteps(in.readLong());
        runtime.training(
            () -> {
              try {
                readArrays(in, l.actorArrays(), file);
                readArrays(in, moments(l.actorAdam(), true), file);
                readArrays(in, moments(l.actorAdam(), false), file);
                readArrays(in, l.criticArrays(), file);
                readArrays(in, moments(l.criticAdam(), true), file);
                readArrays(in, moments(l.criticAdam(), false), file);
                readArrays(in, l.targetArrays(), file);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              return null;
            });
      } catch (RuntimeException | IOException e) {
        l.close();
        throw e;
      }
      return l;
    }
  }

  private static List<NDArray> moments(AdamState adam, boolean mean) {
    List<NDArray> out = new ArrayList<>();
    for (int i = 0; i < adam.size(); i++) {
      out.add(mean ? adam.mean(i) : adam.variance(i));
    }
    return out;
  }

  private static void writeFloats(DataOutputStream out, float[] v) throws IOException {
    out.writeInt(v.length);
    for (float f : v) {
      out.writeFloat(f);
    }
  }

  private static float[] readFloats(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 28) {
      throw new IOException("corrupt learner state: array length " + n);
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = in.readFloat();
    }
    return v;
  }

  private static void writeArrays(DataOutputStream out, List<NDArray> arrays) throws IOException {
    out.writeInt(arrays.size());
    for (NDArray a : arrays) {
      long[] shape = a.getShape().getShape();
      out.writeInt(shape.length);
      for (long d : shape) {
        out.writeLong(d);
      }
      writeFloats(out, a.toFloatArray());
    }
  }

  private static void readArrays(DataInputStream in, List<NDArray> into, Path file)
      throws IOException {
    int n = in.readInt();
    if (n != into.size()) {
      throw new IOException(
          file + ": learner state holds " + n + " arrays where " + into.size() + " are expected");
    }
    for (NDArray a : into) {
      int rank = in.readInt();
      long[] shape = new long[rank];
      for (int d = 0; d < rank; d++) {
        shape[d] = in.readLong();
      }
      if (!Arrays.equals(shape, a.getShape().getShape())) {
        throw new IOException(
            file
                + ": array of shape "
                + Arrays.toString(shape)
                + " where "
                + a.getShape()
                + " is expected (different network sizes?)");
      }
      a.set(readFloats(in));
    }
  }

  private static void writeConfig(DataOutputStream out, SacConfig c) throws IOException {
    out.writeInt(c.criticEnsembleSize());
    out.writeInt(c.targetSubsetSize());
    out.writeBoolean(c.criticLayerNorm());
    out.writeInt(c.hiddenSizes().size());
    for (int h : c.hiddenSizes()) {
      out.writeInt(h);
    }
    out.writeDouble(c.gamma());
    out.writeDouble(c.tau());
    out.writeDouble(c.actorLearningRate());
    out.writeDouble(c.criticLearningRate());
    out.writeDouble(c.temperatureLearningRate());
    out.writeInt(c.batchSize());
    out.writeInt(c.utd());
    out.writeBoolean(c.autoTemperature());
    out.writeDouble(c.initialTemperature());
    out.writeDouble(c.targetEntropy());
    out.writeDouble(c.priorFraction());
    out.writeLong(c.seed());
  }

  private static SacConfig readConfig(DataInputStream in) throws IOException {
    int e = in.readInt();
    int k = in.readInt();
    boolean ln = in.readBoolean();
    int layers = in.readInt();
    List<Integer> hidden = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      hidden.add(in.readInt());
    }
    return new SacConfig(
        e,
        k,
        ln,
        hidden,
        in.readDouble(),
        in.readDouble(),
        in.readDouble(),
        in.readDouble(),
        in.readDouble(),
        in.readInt(),
        in.readInt(),
        in.readBoolean(),
        in.readDouble(),
        in.readDouble(),
        in.readDouble(),
        in.readLong());
  }
}
