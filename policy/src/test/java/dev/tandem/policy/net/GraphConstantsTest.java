package dev.tandem.policy.net;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.GarbageCollection;
import dev.tandem.policy.config.HeadType;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.config.RuntimeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Constants in an autograd graph must survive a garbage collection between the forward and the
 * backward pass. DJL builds {@code x.mul(2f)}'s constant over a Java direct buffer that the
 * collector frees; the graph then reads freed memory (the rare non-finite SAC updates). The heads
 * and losses use {@link NdScalars}, whose constants libtorch owns.
 */
class GraphConstantsTest {

  private static final int STATE = 3;
  private static final int ACTION = 2;
  private static final int BATCH = 8;

  private static DjlRuntime runtime;

  @BeforeAll
  static void start() {
    runtime = DjlRuntime.start(new RuntimeConfig(RuntimeConfig.DeviceChoice.CPU, 1, 1));
  }

  /**
   * The hazard itself, and proof that {@link GarbageCollection#collect} triggers it: without it the
   * regression tests below could pass without testing anything. If DJL stops wrapping numbers in
   * Java memory, this fails: {@link NdScalars} is then no longer needed.
   */
  @Test
  void aNumberOperandIsReadFromFreedMemoryAfterACollection() {
    assertThat(gradientOfScaling(x -> x.mul(2.5f), false)).containsOnly(2.5f);
    assertThat(gradientOfScaling(x -> x.mul(2.5f), true))
        .as("DJL's number operand after a garbage collection")
        .doesNotContain(2.5f);
    assertThat(gradientOfScaling(x -> NdScalars.mul(x, 2.5), true)).containsOnly(2.5f);
  }

  @Test
  void everyHelperMatchesTheNumberOperation() {
    try (NDManager m = runtime.newManager()) {
      NDArray x = m.create(new float[] {-2f, -0.5f, 0f, 1.5f});
      assertThat(NdScalars.mul(x, -2).toFloatArray()).containsExactly(x.mul(-2f).toFloatArray());
      assertThat(NdScalars.div(x, 4).toFloatArray()).containsExactly(x.div(4f).toFloatArray());
      assertThat(NdScalars.add(x, 0.25).toFloatArray())
          .containsExactly(x.add(0.25f).toFloatArray());
      assertThat(NdScalars.sub(x, 0.25).toFloatArray())
          .containsExactly(x.sub(0.25f).toFloatArray());
      assertThat(NdScalars.rsub(1, x).toFloatArray()).containsExactly(3f, 1.5f, 1f, -0.5f);
      assertThat(NdScalars.maximum(x, 0).toFloatArray()).containsExactly(0f, 0f, 0f, 1.5f);
    }
  }

  /**
   * A lint for the rule: no multiplication, division, maximum, minimum or power with a literal or
   * cast number in the module, the operations whose backward pass reads the constant (variables are
   * not caught here; the gradient tests above cover the heads and the SAC losses).
   */
  @Test
  void noArrayArithmeticWithANumberLiteralInTheModule() throws java.io.IOException {
    java.util.regex.Pattern numberOperand =
        java.util.regex.Pattern.compile(
            "(?<!NdScalars|Math)\\.(mul|div|maximum|minimum|pow|muli|divi|powi)"
                + "\\(\\s*(\\((float|double)\\)|-?[0-9])");
    List<String> offenders = new ArrayList<>();
    try (java.util.stream.Stream<java.nio.file.Path> files =
        java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java"))) {
      for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        List<String> lines = java.nio.file.Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).trim();
          if (!line.startsWith("*")
              && !line.startsWith("//")
              && numberOperand.matcher(line).find()) {
            offenders.add(f.getFileName() + ":" + (i + 1) + ": " + line);
          }
        }
      }
    }
    assertThat(offenders).as("use NdScalars for constants in array arithmetic").isEmpty();
  }

  private static float[] gradientOfScaling(
      java.util.function.UnaryOperator<NDArray> op, boolean collect) {
    try (PolicyModel model = model(HeadType.DETERMINISTIC, 1);
        Trainer trainer = model.model().newTrainer(new DefaultTrainingConfig(Loss.l2Loss()));
        NDManager m = model.manager().newSubManager()) {
      NDArray x = m.create(new float[] {1, 2, 3, 4});
      x.setRequiresGradient(true);
      try (GradientCollector gc = trainer.newGradientCollector()) {
        NDArray loss = op.apply(x).sum();
        if (collect) {
          GarbageCollection.collect();
        }
        gc.backward(loss);
      }
      return x.getGradient().toFloatArray();
    }
  }

  @ParameterizedTest
  @EnumSource(HeadType.class)
  void headLossGradientsDoNotChangeWithACollectionBeforeBackward(HeadType type) {
    BiFunction<PolicyModel, NDArray[], NDArray> loss =
        (model, in) -> model.head().loss(in[0], in[1]).mean();
    List<float[]> plain = gradients(type, loss, false);
    List<float[]> collected = gradients(type, loss, true);
    assertSame(plain, collected);
  }

  @Test
  void tanhGaussianSampleGradientsDoNotChangeWithACollectionBeforeBackward() {
    BiFunction<PolicyModel, NDArray[], NDArray> loss =
        (model, in) -> {
          NDList s = ((TanhGaussianHead) model.head()).sample(in[0], in[2]);
          return s.get(1).mean().add(s.get(0).square().mean());
        };
    List<float[]> plain = gradients(HeadType.TANH_GAUSSIAN, loss, false);
    List<float[]> collected = gradients(HeadType.TANH_GAUSSIAN, loss, true);
    assertSame(plain, collected);
  }

  private static void assertSame(List<float[]> plain, List<float[]> collected) {
    assertThat(collected).hasSameSizeAs(plain);
    for (int i = 0; i < plain.size(); i++) {
      assertThat(collected.get(i)).as("gradient of parameter %d", i).containsExactly(plain.get(i));
    }
  }

  private static PolicyModel model(HeadType type, long seed) {
    NetworkConfig net = new NetworkConfig(List.of(16, 16), false, type, 3, 1e-2, null);
    return PolicyModel.create(runtime, net, STATE, List.of(), ACTION, seed);
  }

  /** Parameter gradients of {@code loss} on a fixed batch, on a freshly initialized network. */
  private static List<float[]> gradients(
      HeadType type, BiFunction<PolicyModel, NDArray[], NDArray> loss, boolean collect) {
    SplittableRandom rng = new SplittableRandom(5);
    float[] states = new float[BATCH * STATE];
    float[] targets = new float[BATCH * ACTION];
    float[] noise = new float[BATCH * ACTION];
    for (int i = 0; i < states.length; i++) {
      states[i] = (float) rng.nextDouble(-1, 1);
    }
    for (int i = 0; i < targets.length; i++) {
      targets[i] = (float) rng.nextDouble(-0.9, 0.9);
      noise[i] = (float) rng.nextGaussian();
    }
    try (PolicyModel model = model(type, 11);
        Trainer trainer = model.model().newTrainer(new DefaultTrainingConfig(Loss.l2Loss()));
        NDManager m = model.manager().newSubManager()) {
      NDArray s = m.create(states, new Shape(BATCH, STATE));
      NDArray t = m.create(targets, new Shape(BATCH, ACTION));
      NDArray z = m.create(noise, new Shape(BATCH, ACTION));
      try (GradientCollector gc = trainer.newGradientCollector()) {
        NDArray out = trainer.forward(new NDList(s)).singletonOrThrow();
        NDArray l = loss.apply(model, new NDArray[] {out, t, z});
        if (collect) {
          GarbageCollection.collect();
        }
        gc.backward(l);
      }
      List<float[]> grads = new ArrayList<>();
      for (Parameter p : model.network().getParameters().values()) {
        try (NDArray g = p.getArray().getGradient()) {
          grads.add(g.toFloatArray());
        }
      }
      assertThat(grads).allSatisfy(g -> assertThat(g).doesNotContain(Float.NaN));
      return grads;
    }
  }
}
