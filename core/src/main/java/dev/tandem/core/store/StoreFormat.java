package dev.tandem.core.store;

import dev.tandem.core.data.ControlSource;
import dev.tandem.core.data.EndReason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * On-disk constants of the episode store, format version 1 (see docs/design/episode-store.md).
 *
 * <p>All binary integers and floats are little endian. Every record is framed as {@code u32
 * totalLength, u8 type, u8 recordVersion, u16 reserved, payload, zero padding, u32 crc32c} where
 * {@code totalLength} is a multiple of 8 and the CRC-32C covers every byte before it.
 */
final class StoreFormat {

  static final int FORMAT_VERSION = 1;
  static final String FORMAT_NAME = "tandem.episode-store";

  static final String DATASET_FILE = "dataset.json";
  static final String EPISODES_DIR = "episodes";
  static final String EVICTED_FILE = "evicted.log";
  static final String LOCK_FILE = ".lock";
  static final String EPISODE_SUFFIX = ".tep";

  static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

  static final byte[] EPISODE_MAGIC = "TNDMEPSD".getBytes(StandardCharsets.US_ASCII);
  static final byte[] TOMBSTONE_MAGIC = "TNDMEVCT".getBytes(StandardCharsets.US_ASCII);

  /** magic(8) version(4) headerSize(4) id(8) reserved(4) crc(4). */
  static final int FILE_HEADER_BYTES = 32;

  static final int RECORD_HEADER_BYTES = 8;
  static final int CRC_BYTES = 4;
  static final int MIN_RECORD_BYTES = 16;
  static final int MAX_RECORD_BYTES = 1 << 30;

  static final int TYPE_META = 1;
  static final int TYPE_STEP = 2;
  static final int TYPE_END = 3;
  static final int TYPE_TOMBSTONE = 4;
  static final int RECORD_VERSION = 1;

  // Step record layout (offsets from the record start).
  static final int STEP_INDEX = 8;
  static final int STEP_SOURCE = 12;
  static final int STEP_FLAGS = 13;
  static final int STEP_LANGUAGE_COUNT = 14;
  static final int STEP_INTERVENTION = 16;
  static final int STEP_REWARD = 20;
  static final int STEP_STAMP = 24;
  static final int STEP_OBS_STAMP = 32;
  static final int STEP_STATE = 40;
  static final int FLAG_TERMINATED = 1;
  static final int FLAG_TRUNCATED = 2;

  // End record layout.
  static final int END_STEP_COUNT = 8;
  static final int END_REASON = 12;
  static final int END_SUCCESS = 13;
  static final int END_HAS_FINAL = 14;
  static final int END_FINAL_STAMP = 16;
  static final int END_FINAL_STATE = 24;

  // Tombstone record layout.
  static final int TOMBSTONE_ID = 8;
  static final int TOMBSTONE_MILLIS = 16;
  static final int TOMBSTONE_REASON = 24;

  private StoreFormat() {}

  static int align8(int n) {
    return (n + 7) & ~7;
  }

  static String episodeFileName(long id) {
    return String.format("%012d%s", id, EPISODE_SUFFIX);
  }

  static OptionalLong parseEpisodeFileName(String name) {
    if (!name.endsWith(EPISODE_SUFFIX)) {
      return OptionalLong.empty();
    }
    String digits = name.substring(0, name.length() - EPISODE_SUFFIX.length());
    if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(digits));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** CRC-32C of {@code buf[from, to)}, not touching the buffer's position or limit. */
  static int crc(ByteBuffer buf, int from, int to) {
    return new RecordCrc().of(buf, from, to);
  }

  /** Writes a 32-byte file header at {@code pos}. */
  static void writeFileHeader(ByteBuffer buf, int pos, byte[] magic, long id) {
    buf.put(pos, magic);
    buf.putInt(pos + 8, FORMAT_VERSION);
    buf.putInt(pos + 12, FILE_HEADER_BYTES);
    buf.putLong(pos + 16, id);
    buf.putInt(pos + 24, 0);
    buf.putInt(pos + 28, crc(buf, pos, pos + 28));
  }

  /** Closes a record whose payload ends at {@code dataEnd}: zero padding, then the CRC. */
  static void sealRecord(ByteBuffer buf, int pos, int totalLength, int dataEnd, RecordCrc crc) {
    int crcAt = pos + totalLength - CRC_BYTES;
    for (int i = dataEnd; i < crcAt; i++) {
      buf.put(i, (byte) 0);
    }
    buf.putInt(crcAt, crc.of(buf, pos, crcAt));
  }

  static void writeRecordHeader(ByteBuffer buf, int pos, int totalLength, int type) {
    buf.putInt(pos, totalLength);
    buf.put(pos + 4, (byte) type);
    buf.put(pos + 5, (byte) RECORD_VERSION);
    buf.putShort(pos + 6, (short) 0);
  }

  static boolean knownType(int type) {
    return type >= TYPE_META && type <= TYPE_TOMBSTONE;
  }

  static int sourceCode(ControlSource source) {
    return switch (source) {
      case POLICY -> 0;
      case HUMAN -> 1;
      case CORRECTED -> 2;
      case SCRIPTED -> 3;
      case STOPPED -> 4;
    };
  }

  static ControlSource source(int code) {
    return switch (code) {
      case 0 -> ControlSource.POLICY;
      case 1 -> ControlSource.HUMAN;
      case 2 -> ControlSource.CORRECTED;
      case 3 -> ControlSource.SCRIPTED;
      case 4 -> ControlSource.STOPPED;
      default -> throw new IllegalArgumentException("unknown control source code " + code);
    };
  }

  static final int SOURCE_CODES = 5;

  static int reasonCode(EndReason reason) {
    return switch (reason) {
      case SUCCESS -> 0;
      case TIME_LIMIT -> 1;
      case TERMINATED -> 2;
      case PHYSICS_BLOWUP -> 3;
      case ABORTED -> 4;
      case OPERATOR_STOP -> 5;
      case INCOMPLETE -> 6;
    };
  }

  static EndReason reason(int code) {
    return switch (code) {
      case 0 -> EndReason.SUCCESS;
      case 1 -> EndReason.TIME_LIMIT;
      case 2 -> EndReason.TERMINATED;
      case 3 -> EndReason.PHYSICS_BLOWUP;
      case 4 -> EndReason.ABORTED;
      case 5 -> EndReason.OPERATOR_STOP;
      case 6 -> EndReason.INCOMPLETE;
      default -> throw new IllegalArgumentException("unknown end reason code " + code);
    };
  }
}
