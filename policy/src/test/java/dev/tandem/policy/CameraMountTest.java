package dev.tandem.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.spec.EnvironmentSpec;
import dev.tandem.policy.checkpoint.Checkpoint;
import dev.tandem.policy.checkpoint.CheckpointCodec;
import dev.tandem.policy.checkpoint.FeatureMismatchException;
import dev.tandem.policy.checkpoint.PolicyFeatures;
import dev.tandem.policy.checkpoint.PolicyRegistry;
import dev.tandem.policy.config.EncoderConfig;
import dev.tandem.policy.config.InferenceConfig;
import dev.tandem.policy.config.NetworkConfig;
import dev.tandem.policy.infer.InferencePolicy;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy records where each camera it reads was mounted (the environment's {@link
 * EnvironmentSpec#cameraMount}) and is refused where a camera of the same name and size is mounted
 * otherwise (a front-camera policy on a wrist camera called "front"); checkpoints written before
 * mounts were recorded still load.
 */
class CameraMountTest {
  @TempDir Path dir;

  static final String FIXED =
      "fixed eye (0.75, 0.0, 0.55) target (-0.1, 0.0, 0.05) up (0.0, 0.0, 1.0) fovY 45.0 deg";
  static final String HAND =
      "hand eye (0.06, 0.0, -0.08) target (0.0, 0.0, 0.1) up (1.0, 0.0, 0.0) fovY 75.0 deg";

  static final NetworkConfig NET =
      NetworkConfig.mlp(16).withEncoder(new EncoderConfig(List.of("front"), 16, 16, 16, 16, 16));

  static EnvironmentSpec env(Map<String, String> parameters) {
    return ImageEncoderTest.SPEC.withParameters(parameters);
  }

  static EnvironmentSpec mounted(String mount) {
    return env(Map.of(EnvironmentSpec.cameraMountParameter("front"), mount));
  }

  @Test
  void aFrontCameraPolicyIsRefusedOnAWristCameraOfTheSameNameAndSize() throws Exception {
    PolicyFeatures features = PolicyFeatures.of(mounted(FIXED), NET);
    assertThat(features.cameraMounts()).containsExactly(Map.entry("front", FIXED));
    PolicyRegistry registry = new PolicyRegistry(dir);
    registry.publish(TestCheckpoints.random(features, NET, 3));
    assertThat(registry.loadCurrent().checkpoint().features().cameraMounts())
        .containsExactly(Map.entry("front", FIXED));

    try (InferencePolicy served =
        Policies.serveCurrent(
            Fixtures.runtime(), registry, mounted(FIXED), InferenceConfig.defaults())) {
      assertThat(served).isNotNull();
    }
    assertThatThrownBy(
            () ->
                Policies.serveCurrent(
                    Fixtures.runtime(), registry, mounted(HAND), InferenceConfig.defaults()))
        .isInstanceOf(FeatureMismatchException.class)
        .hasMessageContaining(
            "observation.images.front: mounted " + FIXED + ", environment's is " + HAND);
    // an environment that does not say where its camera is cannot be checked: served
    assertThat(features.mismatches(env(Map.of()))).isEmpty();
  }

  @Test
  void aCheckpointWrittenBeforeMountsWereRecordedLoadsWithNone() throws Exception {
    Checkpoint c = TestCheckpoints.random(PolicyFeatures.of(mounted(FIXED), NET), NET, 5);
    byte[] current = CheckpointCodec.encode(c);
    byte[] old = withoutMounts(current);
    Checkpoint decoded = CheckpointCodec.decode(old, dir.resolve("old.policy"));
    assertThat(decoded.features().cameraMounts()).isEmpty();
    assertThat(decoded.features().cameras()).containsExactly("front");
    assertThat(decoded.features().mismatches(mounted(HAND))).isEmpty();
  }

  @Test
  void aMountForACameraThePolicyDoesNotReadIsRefused() {
    PolicyFeatures f = PolicyFeatures.of(mounted(FIXED), NET);
    assertThatThrownBy(
            () -> new PolicyFeatures(f.environment(), f.state(), f.images(), f.action(), wrist()))
        .hasMessage("policy camera mount for 'wrist', but its cameras are [front]");
  }

  private static Map<String, String> wrist() {
    return Map.of("wrist", HAND);
  }

  /** The same file as an older build wrote it: no {@code cameraMounts} in the JSON header. */
  private static byte[] withoutMounts(byte[] encoded) throws Exception {
    ByteBuffer in = ByteBuffer.wrap(encoded);
    int headerAt = 8 + 4;
    int headerLength = in.getInt(headerAt);
    String header =
        new String(encoded, headerAt + 4, headerLength, StandardCharsets.UTF_8)
            .replace(",\"cameraMounts\":{\"front\":\"" + FIXED + "\"}", "");
    assertThat(header).doesNotContain("cameraMounts");
    byte[] newHeader = header.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(encoded, 0, headerAt);
    out.writeInt(newHeader.length);
    out.write(newHeader);
    int rest = headerAt + 4 + headerLength;
    out.write(encoded, rest, encoded.length - 32 - rest);
    out.flush();
    byte[] body = bytes.toByteArray();
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
    byte[] file = Arrays.copyOf(body, body.length + digest.length);
    System.arraycopy(digest, 0, file, body.length, digest.length);
    return file;
  }
}
