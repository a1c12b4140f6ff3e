package dev.tandem.policy.checkpoint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tandem.policy.config.BcConfig;
import dev.tandem.policy.data.Normalizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint file format: the magic {@code TNDMPLCY}, a format number, a JSON header (features,
 * config, normalizers, data hash, info), the tensors (name, shape, little-endian floats), and a
 * SHA-256 of everything before it. The hash is the checkpoint's content hash; a file whose hash
 * does not match (flipped bytes, truncation) is refused.
 */
public final class CheckpointCodec {

  static final byte[] MAGIC = "TNDMPLCY".getBytes(StandardCharsets.US_ASCII);
  static final int FORMAT = 1;
  static final int DIGEST_BYTES = 32;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private CheckpointCodec() {}

  /** The JSON header: everything but the parameters. */
  record Header(
      PolicyFeatures features,
      BcConfig config,
      Normalizer stateNormalizer,
      Normalizer actionNormalizer,
      String dataHash,
      Map<String, String> info) {}

  /** The encoded file content; its last 32 bytes are the SHA-256 of the rest. */
  public static byte[] encode(Checkpoint c) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(MAGIC);
      out.writeInt(FORMAT);
      byte[] header =
          JSON.writeValueAsBytes(
              new Header(
                  c.features(),
                  c.config(),
                  c.stateNormalizer(),
                  c.actionNormalizer(),
                  c.dataHash(),
                  c.info()));
      out.writeInt(header.length);
      out.write(header);
      out.writeInt(c.parameters().size());
      for (Tensor t : c.parameters()) {
        out.writeUTF(t.name());
        out.writeInt(t.shape().length);
        for (long d : t.shape()) {
          out.writeLong(d);
        }
        out.writeInt(t.data().length);
        ByteBuffer buf = ByteBuffer.allocate(t.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(t.data());
        out.write(buf.array());
      }
      out.flush();
      byte[] digest = sha256(bytes.toByteArray(), bytes.size());
      out.write(digest);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("encoding checkpoint: " + e.getMessage(), e);
    }
  }

  /** The content hash (hex SHA-256) stored in an encoded checkpoint's trailer. */
  public static String contentHash(byte[] encoded) {
    if (encoded.length < DIGEST_BYTES) {
      return "";
    }
    return HexFormat.of()
        .formatHex(Arrays.copyOfRange(encoded, encoded.length - DIGEST_BYTES, encoded.length));
  }

  /**
   * Decodes and verifies {@code encoded} (read from {@code file}, named in errors); throws {@link
   * CorruptCheckpointException} when it is not an intact checkpoint.
   */
  public static Checkpoint decode(byte[] encoded, Path file) {
    int minimum = MAGIC.length + 4 + 4 + DIGEST_BYTES;
    if (encoded.length < minimum) {
      throw new CorruptCheckpointException(
          file,
          "only " + encoded.length + " bytes (truncated?), a checkpoint has at least " + minimum);
    }
    if (!Arrays.equals(Arrays.copyOf(encoded, MAGIC.length), MAGIC)) {
      throw new CorruptCheckpointException(file, "not a Tandem policy checkpoint (bad magic)");
    }
    int bodyLength = encoded.length - DIGEST_BYTES;
    String expected = contentHash(encoded);
    String actual = HexFormat.of().formatHex(sha256(encoded, bodyLength));
    if (!expected.equals(actual)) {
      throw new CorruptCheckpointException(
          file,
          "SHA-256 mismatch (stored "
              + expected.substring(0, 16)
              + "..., content hashes to "
              + actual.substring(0, 16)
              + "...): the file was truncated or altered");
    }
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(encoded, 0, bodyLength))) {
      in.skipNBytes(MAGIC.length);
      int format = in.readInt();
      if (format != FORMAT) {
        throw new CorruptCheckpointException(
            file, "format " + format + " is not supported (this build reads " + FORMAT + ")");
      }
      byte[] headerBytes = new byte[checkedLength(in.readInt(), bodyLength, file, "header")];
      in.readFully(headerBytes);
      Header h = JSON.readValue(headerBytes, Header.class);
      int count = checkedLength(in.readInt(), bodyLength, file, "tensor count");
      List<Tensor> tensors = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        int rank = checkedLength(in.readInt(), 16, file, "tensor rank");
        long[] shape = new long[rank];
        for (int d = 0; d < rank; d++) {
          shape[d] = in.readLong();
        }
        int n = checkedLength(in.readInt(), bodyLength / 4, file, "tensor size");
        byte[] raw = new byte[n * 4];
        in.readFully(raw);
        float[] data = new float[n];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        tensors.add(new Tensor(name, shape, data));
      }
      if (in.available() != 0) {
        throw new CorruptCheckpointException(file, in.available() + " unexpected trailing bytes");
      }
      return new Checkpoint(
          h.features(),
          h.config(),
          h.stateNormalizer(),
          h.actionNormalizer(),
          h.dataHash(),
          tensors,
          h.info());
    } catch (CorruptCheckpointException e) {
      throw e;
    } catch (EOFException e) {
      throw new CorruptCheckpointException(file, "ends early", e);
    } catch (IOException | RuntimeException e) {
      throw new CorruptCheckpointException(file, "unreadable content: " + e.getMessage(), e);
    }
  }

  private static int checkedLength(int value, int max, Path file, String what) {
    if (value < 0 || value > max) {
      throw new CorruptCheckpointException(file, what + " " + value + " is out of range");
    }
    return value;
  }

  static byte[] sha256(byte[] data, int length) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(data, 0, length);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
