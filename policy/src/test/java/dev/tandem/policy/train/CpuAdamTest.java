package dev.tandem.policy.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.checkpoint.Tensor;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.config.RuntimeConfig;
import dev.tandem.policy.net.PolicyModel;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Java Adam follows DJL's Adam step for step, zeroes the gradients it used, and notices when a
 * gradient tensor it keeps a view of has been replaced.
 */
class CpuAdamTest {

  @Test
  void matchesDjlsAdamOverTwentySteps() {
    DjlRuntime runtime = DjlRuntime.start(RuntimeConfig.cpu());
    List<Tensor> viaDjl = runtime.training(() -> train(runtime, false));
    List<Tensor> viaJava = runtime.training(() -> train(runtime, true));
    double maxDiff = 0;
    double maxMove = 0;
    List<Tensor> initial = runtime.training(() -> initial(runtime));
    for (int p = 0; p < viaDjl.size(); p++) {
      float[] a = viaDjl.get(p).data();
      float[] b = viaJava.get(p).data();
      float[] w0 = initial.get(p).data();
      for (int k = 0; k < a.length; k++) {
        maxDiff = Math.max(maxDiff, Math.abs(a[k] - b[k]));
        maxMove = Math.max(maxMove, Math.abs(a[k] - w0[k]));
      }
    }
    assertThat(maxMove).as("parameters moved").isGreaterThan(1e-3);
    assertThat(maxDiff).as("largest difference to DJL's Adam").isLessThan(1e-5);
  }

  @Test
  void keptViewsAreCheckedAndAReplacedGradientIsCaught() {
    DjlRuntime runtime = DjlRuntime.start(RuntimeConfig.cpu());
    runtime.training(
        () -> {
          SplittableRandom rng = new SplittableRandom(4);
          try (PolicyModel model = model(runtime);
              Trainer trainer = model.model().newTrainer(new DefaultTrainingConfig(Loss.l2Loss()));
              CpuAdam adam = new CpuAdam(model.network().getParameters().values(), 1e-2, 0)) {
            // Past the periodic check (step CHECK_EVERY), which must pass.
            for (int step = 0; step <= CpuAdam.CHECK_EVERY; step++) {
              OptimizerFixture.backward(model, trainer, rng, false);
              adam.step();
            }
            adam.checkViews();
            // A backward pass that records a graph of the gradient (create_graph) makes PyTorch
            // store a new gradient tensor instead of adding into the old one.
            OptimizerFixture.backward(model, trainer, rng, true);
            assertThatThrownBy(adam::checkViews)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was replaced");
          }
          return null;
        });
  }

  private static List<Tensor> initial(DjlRuntime runtime) {
    try (PolicyModel model = model(runtime)) {
      return model.exportParameters();
    }
  }

  private static PolicyModel model(DjlRuntime runtime) {
    return PolicyModel.create(runtime, NetworkConfig.mlp(32, 32), 5, List.of(), 2, 11L);
  }

  private static List<Tensor> train(DjlRuntime runtime, boolean java) {
    SplittableRandom rng = new SplittableRandom(3);
    try (PolicyModel model = model(runtime);
        Trainer trainer =
            model
                .model()
                .newTrainer(
                    new DefaultTrainingConfig(Loss.l2Loss())
                        .optOptimizer(
                            Optimizer.adam()
                                .optLearningRateTracker(Tracker.fixed(1e-2f))
                                .optWeightDecays(1e-3f)
                                .build()))) {
      CpuAdam adam = new CpuAdam(model.network().getParameters().values(), 1e-2, 1e-3);
      for (int step = 0; step < 20; step++) {
        OptimizerFixture.backward(model, trainer, rng, false);
        if (java) {
          adam.step();
          for (var p : model.network().getParameters().values()) {
            try (NDArray g = p.getArray().getGradient()) {
              assertThat(g.abs().max().getFloat()).as("gradient zeroed").isZero();
            }
          }
        } else {
          trainer.step();
        }
      }
      return model.exportParameters();
    }
  }
}
