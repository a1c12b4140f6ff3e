package dev.tandem.policy.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import dev.tandem.policy.net.PolicyModel;
import java.util.SplittableRandom;

/** The optimizer tests' backward pass: the head's loss on one random batch of 16 (5 in, 2 out). */
public final class OptimizerFixture {
  private OptimizerFixture() {}

  /**
   * One backward pass over a batch drawn from {@code rng}, adding into the parameters' gradients;
   * {@code createGraph} records a graph of the gradient (PyTorch then stores a new gradient tensor
   * instead of adding into the old one).
   */
  public static void backward(
      PolicyModel model, Trainer trainer, SplittableRandom rng, boolean createGraph) {
    float[] x = new float[16 * 5];
    float[] y = new float[16 * 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) rng.nextGaussian();
    }
    try (NDManager batch = model.manager().newSubManager()) {
      NDArray in = batch.create(x, new Shape(16, 5));
      NDArray target = batch.create(y, new Shape(16, 2));
      try (GradientCollector gc = trainer.newGradientCollector()) {
        NDArray out = trainer.forward(new NDList(in)).singletonOrThrow();
        NDArray loss = model.head().loss(out, target).mean();
        if (createGraph) {
          JniUtils.backward((PtNDArray) loss, (PtNDArray) batch.ones(loss.getShape()), false, true);
        } else {
          gc.backward(loss);
        }
      }
    }
  }
}
