package dev.tandem.policy.infer;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.Observation;
import dev.tandem.core.policy.Policy;
import dev.tandem.core.policy.PolicyVersion;
import java.util.Arrays;
import java.util.List;

/**
 * A policy that runs its engine on the calling thread. For evaluation and tests, where one thread
 * drives; the runtime uses {@link InferencePolicy}. Not thread-safe.
 */
public final class DirectPolicy implements Policy {
  private final PolicyEngine engine;
  private final PolicyVersion version;

  public DirectPolicy(PolicyEngine engine, PolicyVersion version) {
    this.engine = engine;
    this.version = version;
  }

  @Override
  public PolicyVersion version() {
    return version;
  }

  @Override
  public Action act(Observation observation) {
    return engine.act(List.of(observation))[0];
  }

  @Override
  public List<Action> act(List<Observation> observations) {
    return Arrays.asList(engine.act(observations));
  }

  @Override
  public void close() {
    engine.close();
  }
}
