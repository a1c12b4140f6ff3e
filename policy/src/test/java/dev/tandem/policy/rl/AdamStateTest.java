package dev.tandem.policy.rl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.policy.net.PolicyModel;
import dev.tandem.policy.train.OptimizerFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * SAC's Adam in Java over tensor views (the CPU path) follows DJL's fused update (the GPU path).
 */
class AdamStateTest {

  @Test
  void javaUpdateFollowsTheFusedUpdateOverTwentySteps() {
    DjlRuntime runtime = DjlRuntime.start(RuntimeConfig.cpu());
    List<float[]> fused = runtime.training(() -> train(runtime, false));
    List<float[]> java = runtime.training(() -> train(runtime, true));
    List<float[]> initial = runtime.training(() -> train(runtime, null));
    double maxDiff = 0;
    double maxMove = 0;
    for (int p = 0; p < fused.size(); p++) {
      for (int k = 0; k < fused.get(p).length; k++) {
        maxDiff = Math.max(maxDiff, Math.abs(fused.get(p)[k] - java.get(p)[k]));
        maxMove = Math.max(maxMove, Math.abs(fused.get(p)[k] - initial.get(p)[k]));
      }
    }
    // parameters, then first and second moments, of every parameter
    assertThat(fused).hasSize(3 * 6);
    assertThat(maxMove).as("parameters and moments moved").isGreaterThan(1e-3);
    assertThat(maxDiff).as("largest difference to the fused update").isLessThan(1e-5);
  }

  /** The target networks' average in Java equals libtorch's, value for value. */
  @Test
  void polyakInJavaEqualsTheTorchOperations() {
    DjlRuntime runtime = DjlRuntime.start(RuntimeConfig.cpu());
    try (PolicyModel online = model(runtime, 1L);
        PolicyModel a = model(runtime, 2L);
        PolicyModel b = model(runtime, 2L);
        NDManager scratch = runtime.newManager()) {
      List<Parameter> on = online.network().getParameters().values();
      List<Parameter> ta = a.network().getParameters().values();
      List<Parameter> tb = b.network().getParameters().values();
      SplittableRandom rng = new SplittableRandom(8);
      for (Parameter p : on) { // biases start at 0 in both: give every value something to average
        float[] v = new float[Math.toIntExact(p.getArray().size())];
        for (int k = 0; k < v.length; k++) {
          v[k] = (float) rng.nextGaussian();
        }
        p.getArray().set(v);
      }
      // Blocks of 100 values: parameters longer than a block are averaged in several.
      float[][] buffers = {new float[100], new float[100]};
      for (int k = 0; k < 3; k++) {
        SacLearner.polyakWithTorch(on, ta, 0.005f, scratch);
        SacLearner.polyakInJava(on, tb, 0.005f, buffers);
      }
      try (PolicyModel fresh = model(runtime, 2L)) {
        List<Parameter> before = fresh.network().getParameters().values();
        for (int i = 0; i < on.size(); i++) {
          assertThat(tb.get(i).getArray().toFloatArray())
              .isEqualTo(ta.get(i).getArray().toFloatArray())
              .isNotEqualTo(before.get(i).getArray().toFloatArray());
        }
      }
    }
  }

  private static PolicyModel model(DjlRuntime runtime, long seed) {
    return PolicyModel.create(runtime, NetworkConfig.mlp(32, 32), 5, List.of(), 2, seed);
  }

  /** Parameters and moments after 20 steps ({@code java} null: the initial values, no steps). */
  private static List<float[]> train(DjlRuntime runtime, Boolean java) {
    SplittableRandom rng = new SplittableRandom(3);
    try (PolicyModel model =
            PolicyModel.create(runtime, NetworkConfig.mlp(32, 32), 5, List.of(), 2, 11L);
        Trainer trainer = model.model().newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
      List<Parameter> params = model.network().getParameters().values();
      AdamState adam = new AdamState(params, model.manager(), 1e-2, java == null || java);
      for (int step = 0; java != null && step < 20; step++) {
        backward(model, trainer, params, rng);
        adam.step();
      }
      List<float[]> out = new ArrayList<>();
      for (int i = 0; i < params.size(); i++) {
        out.add(params.get(i).getArray().toFloatArray());
      }
      for (int i = 0; i < params.size(); i++) {
        out.add(adam.mean(i).toFloatArray());
      }
      for (int i = 0; i < params.size(); i++) {
        out.add(adam.variance(i).toFloatArray());
      }
      return out;
    }
  }

  private static void backward(
      PolicyModel model, Trainer trainer, List<Parameter> params, SplittableRandom rng) {
    // AdamState leaves the gradients to the learner, which zeroes them before each pass
    for (Parameter p : params) {
      if (p.getArray().hasGradient()) {
        try (NDArray g = p.getArray().getGradient()) {
          g.subi(g);
        }
      }
    }
    OptimizerFixture.backward(model, trainer, rng, false);
  }
}
