package dev.tandem.policy.net;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import dev.tandem.policy.DjlRuntime;
import dev.tandem.policy.checkpoint.Tensor;
import dev.tandem.policy.config.NetworkConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A DJL model holding a {@link PolicyNetwork} and its {@link PolicyHead}, initialized for given
 * input sizes. Owns its native memory: close it.
 */
public final class PolicyModel implements AutoCloseable {

  private final Model model;
  private final PolicyNetwork network;
  private final PolicyHead head;
  private final NetworkConfig config;
  private final Shape[] inputShapes;

  private PolicyModel(
      Model model, PolicyNetwork network, PolicyHead head, NetworkConfig config, Shape[] shapes) {
    this.model = model;
    this.network = network;
    this.head = head;
    this.config = config;
    this.inputShapes = shapes;
  }

  /**
   * A freshly initialized model (Glorot-uniform weights from PyTorch's generator seeded with {@code
   * seed}). {@code imageShapes} are the [3, cropH, cropW] inputs of the encoder cameras, in order.
   */
  public static PolicyModel create(
      DjlRuntime runtime,
      NetworkConfig config,
      int stateSize,
      List<int[]> imageShapes,
      int actionDim,
      long seed) {
    PolicyHead head = PolicyHead.of(config, actionDim);
    PolicyNetwork network = new PolicyNetwork(config, head.outputSize());
    network.setInitializer(
        new XavierInitializer(
            XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3f),
        Parameter.Type.WEIGHT);
    Shape[] shapes = new Shape[1 + imageShapes.size()];
    shapes[0] = new Shape(1, stateSize);
    for (int c = 0; c < imageShapes.size(); c++) {
      int[] s = imageShapes.get(c);
      shapes[1 + c] = new Shape(1, s[0], s[1], s[2]);
    }
    Model model = runtime.newModel("tandem-policy");
    try {
      model.setBlock(network);
      runtime.seed(seed);
      network.initialize(model.getNDManager(), DataType.FLOAT32, shapes);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    return new PolicyModel(model, network, head, config, shapes);
  }

  public Model model() {
    return model;
  }

  public PolicyNetwork network() {
    return network;
  }

  public PolicyHead head() {
    return head;
  }

  public NetworkConfig config() {
    return config;
  }

  public NDManager manager() {
    return model.getNDManager();
  }

  /** Input shapes with batch 1: the state, then each camera image. */
  public Shape[] inputShapes() {
    return inputShapes.clone();
  }

  /** The parameters in network order, copied out of native memory. */
  public List<Tensor> exportParameters() {
    List<Tensor> out = new ArrayList<>();
    for (Pair<String, Parameter> p : network.getParameters()) {
      NDArray a = p.getValue().getArray();
      out.add(new Tensor(p.getKey(), a.getShape().getShape(), a.toFloatArray()));
    }
    return out;
  }

  /** Replaces the parameters; names and shapes must match this network exactly. */
  public void importParameters(List<Tensor> tensors) {
    Map<String, Tensor> byName =
        tensors.stream().collect(Collectors.toMap(Tensor::name, Function.identity(), (a, b) -> a));
    List<String> problems = new ArrayList<>();
    for (Pair<String, Parameter> p : network.getParameters()) {
      Tensor t = byName.remove(p.getKey());
      long[] expected = p.getValue().getArray().getShape().getShape();
      if (t == null) {
        problems.add("missing " + p.getKey());
      } else if (!java.util.Arrays.equals(t.shape(), expected)) {
        problems.add(
            p.getKey()
                + " has shape "
                + java.util.Arrays.toString(t.shape())
                + ", network expects "
                + java.util.Arrays.toString(expected));
      }
    }
    byName.keySet().forEach(k -> problems.add("unexpected " + k));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "parameters do not fit the network " + config.hiddenSizes() + ": " + problems);
    }
    Map<String, Tensor> all =
        tensors.stream().collect(Collectors.toMap(Tensor::name, Function.identity(), (a, b) -> a));
    for (Pair<String, Parameter> p : network.getParameters()) {
      p.getValue().getArray().set(all.get(p.getKey()).data());
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
