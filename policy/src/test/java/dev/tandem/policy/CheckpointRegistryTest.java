package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Observation;
import dev.tandem.core.policy.PolicyVersion;
import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.core.spec.FeatureSpec;
import dev.tandem.policy.checkpoint.Checkpoint;
import dev.tandem.policy.checkpoint.CorruptCheckpointException;
import dev.tandem.policy.checkpoint.FeatureMismatchException;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.checkpoint.StoredPolicy;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.infer.Engines;
import dev.tandem.policy.infer.PolicyEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointRegistryTest {

  @TempDir Path dir;

  static final List<Observation> PROBES =
      List.of(
          Observation.of(new float[] {0.1f, -0.2f, 0.3f, 0.05f}),
          Observation.of(new float[] {-0.3f, 0.25f, -0.1f, 0.2f}),
          Observation.of(new float[] {0f, 0f, 0.2f, -0.2f}));

  private static float[][] outputs(Checkpoint c, InferenceConfig.Engine engine) {
    try (PolicyEngine e = Engines.create(engine, Fixtures.runtime(), c)) {
      return java.util.Arrays.stream(e.act(PROBES)).map(a -> a.values()).toArray(float[][]::new);
    }
  }

  @Test
  void roundTripGivesTheSameOutputs() {
    Checkpoint c =
        TestCheckpoints.random(
            TestCheckpoints.reachFeatures(), NetworkConfig.mlp(32, 32).withLayerNorm(true), 5);
    PolicyRegistry registry = new PolicyRegistry(dir);
    PolicyVersion v = registry.publish(c);
    StoredPolicy loaded = registry.load(v);

    assertThat(loaded.version()).isEqualTo(v);
    assertThat(loaded.checkpoint()).isEqualTo(c);
    for (InferenceConfig.Engine engine :
        List.of(InferenceConfig.Engine.DJL, InferenceConfig.Engine.JAVA)) {
      assertThat(outputs(loaded.checkpoint(), engine))
          .as("%s engine after reload", engine)
          .isDeepEqualTo(outputs(c, engine));
    }
  }

  @Test
  void versionsAreMonotonicAndRollbackMovesCurrent() {
    PolicyRegistry registry = new PolicyRegistry(dir);
    PolicyVersion v1 =
        registry.publish(
            TestCheckpoints.random(TestCheckpoints.reachFeatures(), NetworkConfig.mlp(8), 1));
    PolicyVersion v2 =
        registry.publish(
            TestCheckpoints.random(TestCheckpoints.reachFeatures(), NetworkConfig.mlp(8), 2));
    PolicyVersion v3 =
        registry.publish(
            TestCheckpoints.random(TestCheckpoints.reachFeatures(), NetworkConfig.mlp(8), 3));
    assertThat(List.of(v1.number(), v2.number(), v3.number())).containsExactly(1L, 2L, 3L);
    assertThat(v1.contentHash()).isNotEqualTo(v2.contentHash()).hasSize(64);
    assertThat(registry.list()).containsExactly(v1, v2, v3);
    assertThat(registry.current()).contains(v3);

    assertThat(registry.rollback()).isEqualTo(v2);
    assertThat(registry.current()).contains(v2);
    assertThat(registry.loadCurrent().checkpoint().info()).containsEntry("seed", "2");
    assertThat(registry.rollback()).isEqualTo(v1);
    assertThatThrownBy(registry::rollback).hasMessageContaining("oldest");

    // New versions keep counting up after a rollback, and even after the newest file is deleted.
    PolicyVersion v4 =
        registry.publish(
            TestCheckpoints.random(TestCheckpoints.reachFeatures(), NetworkConfig.mlp(8), 4));
    assertThat(v4.number()).isEqualTo(4);
    assertThat(registry.current()).contains(v4);
    assertThat(new PolicyRegistry(dir).rollbackTo(3)).isEqualTo(v3);
  }

  @Test
  void versionNumbersAreNotReusedAfterDeletingTheNewest() throws IOException {
    PolicyRegistry registry = new PolicyRegistry(dir);
    registry.publish(
        TestCheckpoints.random(TestCheckpoints.reachFeatures(), NetworkConfig.mlp(8), 1));
    PolicyVersion v2 =
        registry.publish(
            TestCheckpoints.random(TestCheckpoints.reachFeatures(), NetworkConfig.mlp(8), 2));
    Files.delete(dir.resolve("v000002.policy"));
    PolicyVersion next =
        registry.publish(
            TestCheckpoints.random(TestCheckpoints.reachFeatures(), NetworkConfig.mlp(8), 3));
    assertThat(next.number()).isGreaterThan(v2.number());
  }

  @Test
  void flippedBytesAreRefused() throws IOException {
    PolicyRegistry registry = new PolicyRegistry(dir);
    PolicyVersion v =
        registry.publish(
            TestCheckpoints.random(TestCheckpoints.reachFeatures(), NetworkConfig.mlp(16), 1));
    Path f = dir.resolve("v000001.policy");
    byte[] bytes = Files.readAllBytes(f);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(f, bytes);
    assertThatThrownBy(() -> registry.load(v))
        .isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining("v000001.policy")
        .hasMessageContaining("SHA-256 mismatch");
    assertThatThrownBy(() -> registry.rollbackTo(1)).isInstanceOf(CorruptCheckpointException.class);
  }

  @Test
  void truncatedFilesAreRefused() throws IOException {
    PolicyRegistry registry = new PolicyRegistry(dir);
    registry.publish(
        TestCheckpoints.random(TestCheckpoints.reachFeatures(), NetworkConfig.mlp(16), 1));
    Path f = dir.resolve("v000001.policy");
    byte[] bytes = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    assertThatThrownBy(() -> registry.load(1))
        .isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining("truncated");
    Files.write(f, java.util.Arrays.copyOf(bytes, 20));
    assertThatThrownBy(() -> registry.load(1))
        .isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining("truncated");
    Files.write(f, new byte[0]);
    assertThatThrownBy(() -> registry.load(1)).isInstanceOf(CorruptCheckpointException.class);
  }

  @Test
  void missingVersionIsNamed() {
    PolicyRegistry registry = new PolicyRegistry(dir);
    assertThatThrownBy(() -> registry.load(7)).hasMessageContaining("no version 7");
    assertThatThrownBy(registry::loadCurrent).hasMessageContaining("empty");
  }

  @Test
  void mismatchedFeaturesAreRefusedNamingThem() {
    Checkpoint c = TestCheckpoints.random(TestCheckpoints.reachFeatures(), NetworkConfig.mlp(8), 1);
    EnvironmentSpec same = PointReachEnv.SPEC;
    assertThat(c.features().mismatches(same)).isEmpty();

    EnvironmentSpec other =
        new EnvironmentSpec(
            "test/Other",
            same.robot(),
            List.of(FeatureSpec.vector(FeatureSpec.STATE, 5, "m", List.of())),
            new dev.tandem.core.spec.ActionSpec(
                dev.tandem.core.spec.ActionSpec.ActionMode.EE_DELTA,
                List.of("dx", "dz"),
                new double[] {-1, -1},
                new double[] {1, 1}),
            25,
            50,
            Map.of());
    assertThatThrownBy(() -> c.features().requireCompatible(other, "policy v1"))
        .isInstanceOf(FeatureMismatchException.class)
        .hasMessageContaining("observation.state: shape [4], environment has [5]")
        .hasMessageContaining("action: names [dx, dy], environment has [dx, dz]")
        .hasMessageContaining("test/Other");
    PolicyRegistry registry = new PolicyRegistry(dir);
    registry.publish(c);
    assertThatThrownBy(
            () ->
                Policies.serveCurrent(
                    Fixtures.runtime(), registry, other, InferenceConfig.defaults()))
        .isInstanceOf(FeatureMismatchException.class)
        .hasMessageContaining("observation.state");
  }
}
