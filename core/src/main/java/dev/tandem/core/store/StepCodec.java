package dev.tandem.core.store;

import static dev.tandem.core.store.StoreFormat.*;

import dev.tandem.core.data.Action;
import dev.tandem.core.data.EpisodeOutcome;
import dev.tandem.core.data.ImageFrame;
import dev.tandem.core.data.LanguageEvent;
import dev.tandem.core.data.Observation;
import dev.tandem.core.data.Step;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary encoding of step, end and meta records for one {@link StepLayout}. Writers encode into a
 * little-endian buffer at absolute positions (no per-step allocation beyond what language events
 * need); readers decode from any little-endian buffer at an absolute position.
 */
final class StepCodec {

  /** What an end record holds. {@code finalObservation} is null when absent or not decoded. */
  record EndRecord(
      int stepCount, EpisodeOutcome outcome, boolean hasFinal, Observation finalObservation) {}

  private final StepLayout layout;

  StepCodec(StepLayout layout) {
    this.layout = layout;
  }

  StepLayout layout() {
    return layout;
  }

  // ---------------------------------------------------------------- steps

  /** The language events of a step in record form, or null when there are none. */
  static byte[] encodeLanguage(List<LanguageEvent> events) {
    if (events.isEmpty()) {
      return null;
    }
    List<byte[]> texts = new ArrayList<>();
    int size = 0;
    for (LanguageEvent e : events) {
      byte[] t = e.text().getBytes(StandardCharsets.UTF_8);
      byte[] i = e.interpretation().getBytes(StandardCharsets.UTF_8);
      texts.add(t);
      texts.add(i);
      size += 8 + 1 + 4 + t.length + 4 + i.length;
    }
    ByteBuffer b = ByteBuffer.allocate(size).order(ORDER);
    for (int k = 0; k < events.size(); k++) {
      LanguageEvent e = events.get(k);
      b.putLong(e.stampNanos());
      b.put((byte) (e.understood() ? 1 : 0));
      byte[] t = texts.get(2 * k);
      byte[] i = texts.get(2 * k + 1);
      b.putInt(t.length).put(t);
      b.putInt(i.length).put(i);
    }
    return b.array();
  }

  int stepRecordBytes(byte[] language) {
    return align8(layout.fixedStepBytes + (language == null ? 0 : language.length) + CRC_BYTES);
  }

  /**
   * Encodes a step record of {@code len} bytes at {@code pos} (8-aligned). {@code floats} is a
   * float view of {@code buf} whose index 0 is byte 0 of {@code buf}.
   */
  void writeStep(
      ByteBuffer buf,
      FloatBuffer floats,
      int pos,
      int len,
      Step s,
      float[] envState,
      byte[] language,
      RecordCrc crc) {
    writeRecordHeader(buf, pos, len, TYPE_STEP);
    buf.putInt(pos + STEP_INDEX, s.index());
    buf.put(pos + STEP_SOURCE, (byte) sourceCode(s.source()));
    int flags = (s.terminated() ? FLAG_TERMINATED : 0) | (s.truncated() ? FLAG_TRUNCATED : 0);
    buf.put(pos + STEP_FLAGS, (byte) flags);
    buf.putShort(pos + STEP_LANGUAGE_COUNT, (short) s.language().size());
    buf.putInt(pos + STEP_INTERVENTION, s.interventionId());
    buf.putFloat(pos + STEP_REWARD, s.reward());
    buf.putLong(pos + STEP_STAMP, s.stampNanos());
    buf.putLong(pos + STEP_OBS_STAMP, s.observation().stampNanos());
    int f = (pos + STEP_STATE) >> 2;
    floats.put(f, s.observation().state(), 0, layout.stateSize);
    f += layout.stateSize;
    floats.put(f, s.proposed().values(), 0, layout.actionSize);
    f += layout.actionSize;
    floats.put(f, s.applied().values(), 0, layout.actionSize);
    f += layout.actionSize;
    if (layout.envStateSize > 0) {
      floats.put(f, envState, 0, layout.envStateSize);
      f += layout.envStateSize;
    }
    int p = writeImages(buf, f << 2, s.observation());
    if (language != null) {
      buf.put(p, language);
      p += language.length;
    }
    sealRecord(buf, pos, len, p, crc);
  }

  private int writeImages(ByteBuffer buf, int p, Observation obs) {
    for (StepLayout.Camera cam : layout.cameras) {
      buf.put(p, obs.images().get(cam.name()).pixels());
      p += cam.bytes();
    }
    return p;
  }

  int stepIndex(ByteBuffer buf, int pos) {
    return buf.getInt(pos + STEP_INDEX);
  }

  int sourceCodeAt(ByteBuffer buf, int pos) {
    return buf.get(pos + STEP_SOURCE) & 0xff;
  }

  /**
   * Checks the parts of a CRC-valid step record the scanner relies on; returns a problem or null.
   */
  String checkStep(ByteBuffer buf, int pos, int len) {
    if (len < stepRecordBytes(null)) {
      return "step record of "
          + len
          + " bytes is shorter than the "
          + stepRecordBytes(null)
          + " bytes the dataset's features need";
    }
    int source = sourceCodeAt(buf, pos);
    if (source >= SOURCE_CODES) {
      return "unknown control source code " + source;
    }
    int languageCount = Short.toUnsignedInt(buf.getShort(pos + STEP_LANGUAGE_COUNT));
    int p = pos + layout.fixedStepBytes;
    int end = pos + len - CRC_BYTES;
    for (int k = 0; k < languageCount; k++) {
      if (p + 13 > end) {
        return "language event " + k + " runs past the end of the record";
      }
      int t = buf.getInt(p + 9);
      if (t < 0 || p + 13 + t + 4 > end) {
        return "language event " + k + " text runs past the end of the record";
      }
      int i = buf.getInt(p + 13 + t);
      if (i < 0 || p + 17 + t + i > end) {
        return "language event " + k + " interpretation runs past the end of the record";
      }
      p += 17 + t + i;
    }
    return null;
  }

  /** Decodes the step record at {@code pos}; copies the environment state into envOut if given. */
  Step readStep(ByteBuffer buf, int pos, float[] envOut) {
    int index = buf.getInt(pos + STEP_INDEX);
    int flags = buf.get(pos + STEP_FLAGS);
    int p = pos + STEP_STATE;
    float[] state = readFloats(buf, p, layout.stateSize);
    p += 4 * layout.stateSize;
    float[] proposed = readFloats(buf, p, layout.actionSize);
    p += 4 * layout.actionSize;
    float[] applied = readFloats(buf, p, layout.actionSize);
    p += 4 * layout.actionSize;
    if (layout.envStateSize > 0) {
      if (envOut != null) {
        buf.slice(p, 4 * layout.envStateSize).order(ORDER).asFloatBuffer().get(envOut);
      }
      p += 4 * layout.envStateSize;
    }
    Map<String, ImageFrame> images = new LinkedHashMap<>();
    readImages(buf, p, images);
    List<LanguageEvent> language = readLanguage(buf, pos);
    Observation obs = new Observation(state, images, buf.getLong(pos + STEP_OBS_STAMP));
    return new Step(
        index,
        obs,
        new Action(proposed),
        new Action(applied),
        source(sourceCodeAt(buf, pos)),
        buf.getInt(pos + STEP_INTERVENTION),
        buf.getFloat(pos + STEP_REWARD),
        (flags & FLAG_TERMINATED) != 0,
        (flags & FLAG_TRUNCATED) != 0,
        language,
        buf.getLong(pos + STEP_STAMP));
  }

  /** The language events of the step record at {@code pos}, decoding nothing else. */
  List<LanguageEvent> readLanguage(ByteBuffer buf, int pos) {
    int languageCount = Short.toUnsignedInt(buf.getShort(pos + STEP_LANGUAGE_COUNT));
    List<LanguageEvent> language = new ArrayList<>(languageCount);
    int p = pos + layout.fixedStepBytes;
    for (int k = 0; k < languageCount; k++) {
      long stamp = buf.getLong(p);
      boolean understood = buf.get(p + 8) != 0;
      int t = buf.getInt(p + 9);
      String text = readString(buf, p + 13, t);
      int i = buf.getInt(p + 13 + t);
      String interpretation = readString(buf, p + 17 + t, i);
      language.add(new LanguageEvent(text, interpretation, understood, stamp));
      p += 17 + t + i;
    }
    return language;
  }

  private int readImages(ByteBuffer buf, int p, Map<String, ImageFrame> images) {
    for (StepLayout.Camera cam : layout.cameras) {
      byte[] px = new byte[cam.bytes()];
      buf.get(p, px);
      images.put(cam.name(), new ImageFrame(cam.height(), cam.width(), cam.channels(), px));
      p += cam.bytes();
    }
    return p;
  }

  static float[] readFloats(ByteBuffer buf, int bytePos, int n) {
    float[] out = new float[n];
    buf.slice(bytePos, 4 * n).order(ORDER).asFloatBuffer().get(out);
    return out;
  }

  private static String readString(ByteBuffer buf, int pos, int len) {
    byte[] b = new byte[len];
    buf.get(pos, b);
    return new String(b, StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- end

  int endRecordBytes(boolean hasFinal, byte[] detail) {
    int fixed = hasFinal ? layout.endWithFinalBytes : END_FINAL_STATE;
    return align8(fixed + 4 + detail.length + CRC_BYTES);
  }

  void writeEnd(
      ByteBuffer buf,
      FloatBuffer floats,
      int pos,
      int len,
      int stepCount,
      EpisodeOutcome outcome,
      Observation finalObservation,
      byte[] detail,
      RecordCrc crc) {
    writeRecordHeader(buf, pos, len, TYPE_END);
    buf.putInt(pos + END_STEP_COUNT, stepCount);
    buf.put(pos + END_REASON, (byte) reasonCode(outcome.reason()));
    buf.put(pos + END_SUCCESS, (byte) (outcome.success() ? 1 : 0));
    buf.put(pos + END_HAS_FINAL, (byte) (finalObservation != null ? 1 : 0));
    buf.put(pos + 15, (byte) 0);
    int p = pos + END_FINAL_STATE;
    if (finalObservation != null) {
      buf.putLong(pos + END_FINAL_STAMP, finalObservation.stampNanos());
      floats.put(p >> 2, finalObservation.state(), 0, layout.stateSize);
      p = writeImages(buf, p + 4 * layout.stateSize, finalObservation);
    } else {
      buf.putLong(pos + END_FINAL_STAMP, 0L);
    }
    buf.putInt(p, detail.length);
    buf.put(p + 4, detail);
    sealRecord(buf, pos, len, p + 4 + detail.length, crc);
  }

  /** Problem with a CRC-valid end record, or null. */
  String checkEnd(ByteBuffer buf, int pos, int len) {
    int reason = buf.get(pos + END_REASON) & 0xff;
    if (reason > 6) {
      return "unknown end reason code " + reason;
    }
    boolean hasFinal = buf.get(pos + END_HAS_FINAL) != 0;
    int p = pos + (hasFinal ? layout.endWithFinalBytes : END_FINAL_STATE);
    if (p + 4 > pos + len - CRC_BYTES) {
      return "end record of " + len + " bytes is too short for its content";
    }
    int d = buf.getInt(p);
    if (d < 0 || p + 4 + d > pos + len - CRC_BYTES) {
      return "end record detail runs past the end of the record";
    }
    return null;
  }

  EndRecord readEnd(ByteBuffer buf, int pos, boolean decodeObservation) {
    int steps = buf.getInt(pos + END_STEP_COUNT);
    boolean success = buf.get(pos + END_SUCCESS) != 0;
    boolean hasFinal = buf.get(pos + END_HAS_FINAL) != 0;
    int p = pos + END_FINAL_STATE;
    Observation fin = null;
    if (hasFinal) {
      if (decodeObservation) {
        float[] state = readFloats(buf, p, layout.stateSize);
        Map<String, ImageFrame> images = new LinkedHashMap<>();
        readImages(buf, p + 4 * layout.stateSize, images);
        fin = new Observation(state, images, buf.getLong(pos + END_FINAL_STAMP));
      }
      p = pos + layout.endWithFinalBytes;
    }
    String detail = readString(buf, p + 4, buf.getInt(p));
    EpisodeOutcome outcome =
        new EpisodeOutcome(reason(buf.get(pos + END_REASON) & 0xff), success, detail);
    return new EndRecord(steps, outcome, hasFinal, fin);
  }

  // ---------------------------------------------------------------- meta

  static int metaRecordBytes(int jsonLength) {
    return align8(RECORD_HEADER_BYTES + 4 + jsonLength + CRC_BYTES);
  }

  static void writeMeta(ByteBuffer buf, int pos, int len, byte[] json, RecordCrc crc) {
    writeRecordHeader(buf, pos, len, TYPE_META);
    buf.putInt(pos + 8, json.length);
    buf.put(pos + 12, json);
    sealRecord(buf, pos, len, pos + 12 + json.length, crc);
  }

  /** The JSON bytes of a meta record (length checked against the record). */
  static byte[] metaJson(ByteBuffer buf, int pos, int len) {
    int n = buf.getInt(pos + 8);
    if (n < 0 || 12 + n > len - CRC_BYTES) {
      throw new IllegalArgumentException("meta record JSON length " + n + " exceeds the record");
    }
    byte[] b = new byte[n];
    buf.get(pos + 12, b);
    return b;
  }
}
