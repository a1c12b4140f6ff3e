package dev.tandem.policy.infer;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.checkpoint.Checkpoint;
import dev.tandem.policy.net.PolicyModel;
import java.nio.FloatBuffer;

/** Runs the checkpoint's network through DJL / PyTorch (any network, CPU or GPU). */
public final class DjlEngine extends PolicyEngine {

  private final DjlRuntime runtime;
  private final PolicyModel model;
  private final ParameterStore parameters;

  public DjlEngine(DjlRuntime runtime, Checkpoint checkpoint) {
    super(checkpoint);
    this.runtime = runtime;
    java.util.List<int[]> shapes = new java.util.ArrayList<>();
    for (int c = 0; c < cameras.size(); c++) {
      shapes.add(new int[] {3, cropHeight, cropWidth});
    }
    model =
        PolicyModel.create(
            runtime, checkpoint.config().network(), stateSize, shapes, actionDim, 0L);
    try {
      model.importParameters(checkpoint.parameters());
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    parameters = new ParameterStore(model.manager(), false);
  }

  @Override
  protected void forward(int n) {
    runtime.noGradOnThisThread();
    try (NDManager batch = model.manager().newSubManager()) {
      NDList inputs = new NDList(1 + cameras.size());
      inputs.add(batch.create(FloatBuffer.wrap(states, 0, n * stateSize), new Shape(n, stateSize)));
      int pixels = 3 * cropHeight * cropWidth;
      for (int c = 0; c < cameras.size(); c++) {
        inputs.add(
            batch.create(
                FloatBuffer.wrap(images[c], 0, n * pixels),
                new Shape(n, 3, cropHeight, cropWidth)));
      }
      float[] raw =
          model.network().forward(parameters, inputs, false).singletonOrThrow().toFloatArray();
      System.arraycopy(raw, 0, outputs, 0, n * outputSize);
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
