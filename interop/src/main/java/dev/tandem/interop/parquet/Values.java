package dev.tandem.interop.parquet;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The decoded non-null values of one column, in a primitive array of its physical type: boolean[],
 * int[], long[], float[], double[] or byte[][] (byte arrays, fixed-length byte arrays and INT96).
 */
final class Values {
  final PhysicalType type;
  final int typeLength;
  private Object array;
  int size;

  Values(PhysicalType type, int typeLength, int capacity) {
    this.type = type;
    this.typeLength = typeLength;
    this.array =
        switch (type) {
          case BOOLEAN -> new boolean[capacity];
          case INT32 -> new int[capacity];
          case INT64 -> new long[capacity];
          case FLOAT -> new float[capacity];
          case DOUBLE -> new double[capacity];
          case BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY, INT96 -> new byte[capacity][];
        };
  }

  private void ensure(int extra) {
    int need = size + extra;
    int cap = java.lang.reflect.Array.getLength(array);
    if (need > cap) {
      int n = Math.max(need, cap * 2);
      array =
          switch (type) {
            case BOOLEAN -> Arrays.copyOf((boolean[]) array, n);
            case INT32 -> Arrays.copyOf((int[]) array, n);
            case INT64 -> Arrays.copyOf((long[]) array, n);
            case FLOAT -> Arrays.copyOf((float[]) array, n);
            case DOUBLE -> Arrays.copyOf((double[]) array, n);
            default -> Arrays.copyOf((byte[][]) array, n);
          };
    }
  }

  boolean[] booleans() {
    return (boolean[]) array;
  }

  int[] ints() {
    return (int[]) array;
  }

  long[] longs() {
    return (long[]) array;
  }

  float[] floats() {
    return (float[]) array;
  }

  double[] doubles() {
    return (double[]) array;
  }

  byte[][] binaries() {
    return (byte[][]) array;
  }

  /** Value {@code i} widened to a long (integers and booleans). */
  long longAt(int i) {
    return switch (type) {
      case BOOLEAN -> booleans()[i] ? 1 : 0;
      case INT32 -> ints()[i];
      case INT64 -> longs()[i];
      default -> throw new IllegalArgumentException("is " + type + ", expected an integer");
    };
  }

  /** Value {@code i} as a float: exact for FLOAT, rounded from DOUBLE and integers. */
  float floatAt(int i) {
    return switch (type) {
      case FLOAT -> floats()[i];
      case DOUBLE -> (float) doubles()[i];
      case INT32 -> ints()[i];
      case INT64 -> longs()[i];
      default -> throw new IllegalArgumentException("is " + type + ", expected a number");
    };
  }

  double doubleAt(int i) {
    return type == PhysicalType.DOUBLE ? doubles()[i] : floatAt(i);
  }

  boolean booleanAt(int i) {
    return type == PhysicalType.BOOLEAN ? booleans()[i] : longAt(i) != 0;
  }

  byte[] binaryAt(int i) {
    if (type != PhysicalType.BYTE_ARRAY && type != PhysicalType.FIXED_LEN_BYTE_ARRAY) {
      throw new IllegalArgumentException("is " + type + ", expected bytes or a string");
    }
    return binaries()[i];
  }

  String stringAt(int i) {
    return new String(binaryAt(i), StandardCharsets.UTF_8);
  }

  /** Appends dictionary entries by index. */
  void gather(Values dict, int[] indices, int count) {
    ensure(count);
    for (int k = 0; k < count; k++) {
      int j = indices[k];
      if (j < 0 || j >= dict.size) {
        throw new IllegalArgumentException(
            "dictionary index " + j + " out of range (dictionary of " + dict.size + ")");
      }
      switch (type) {
        case BOOLEAN -> booleans()[size] = dict.booleans()[j];
        case INT32 -> ints()[size] = dict.ints()[j];
        case INT64 -> longs()[size] = dict.longs()[j];
        case FLOAT -> floats()[size] = dict.floats()[j];
        case DOUBLE -> doubles()[size] = dict.doubles()[j];
        default -> binaries()[size] = dict.binaries()[j];
      }
      size++;
    }
  }

  /** Appends {@code count} PLAIN-encoded values from {@code buf} at {@code pos}. */
  void plain(byte[] buf, int pos, int end, int count) {
    ensure(count);
    Bytes in = new Bytes(buf, pos, end);
    switch (type) {
      case BOOLEAN -> {
        for (int k = 0; k < count; k++) {
          int bit = k & 7;
          int b = buf[in.require(pos + (k >>> 3), 1)];
          booleans()[size++] = ((b >>> bit) & 1) != 0;
        }
      }
      case INT32 -> {
        for (int k = 0; k < count; k++) {
          ints()[size++] = in.int32();
        }
      }
      case INT64 -> {
        for (int k = 0; k < count; k++) {
          longs()[size++] = in.int64();
        }
      }
      case FLOAT -> {
        for (int k = 0; k < count; k++) {
          floats()[size++] = Float.intBitsToFloat(in.int32());
        }
      }
      case DOUBLE -> {
        for (int k = 0; k < count; k++) {
          doubles()[size++] = Double.longBitsToDouble(in.int64());
        }
      }
      case BYTE_ARRAY -> {
        for (int k = 0; k < count; k++) {
          binaries()[size++] = in.bytes(in.int32());
        }
      }
      case FIXED_LEN_BYTE_ARRAY -> {
        for (int k = 0; k < count; k++) {
          binaries()[size++] = in.bytes(typeLength);
        }
      }
      case INT96 -> {
        for (int k = 0; k < count; k++) {
          binaries()[size++] = in.bytes(12);
        }
      }
    }
  }

  void appendBoolean(boolean v) {
    ensure(1);
    booleans()[size++] = v;
  }

  void appendLong(long v) {
    ensure(1);
    if (type == PhysicalType.INT32) {
      ints()[size++] = Math.toIntExact(v);
    } else {
      longs()[size++] = v;
    }
  }

  void appendBinary(byte[] v) {
    ensure(1);
    binaries()[size++] = v;
  }

  /** Appends {@code count} BYTE_STREAM_SPLIT values: byte k of value i at {@code k * count + i}. */
  void byteStreamSplit(byte[] buf, int pos, int end, int count) {
    int width =
        switch (type) {
          case FLOAT, INT32 -> 4;
          case DOUBLE, INT64 -> 8;
          case FIXED_LEN_BYTE_ARRAY -> typeLength;
          default -> throw new IllegalArgumentException("BYTE_STREAM_SPLIT for " + type);
        };
    if ((long) width * count > end - pos) {
      throw new IllegalArgumentException("BYTE_STREAM_SPLIT data is shorter than its values");
    }
    ensure(count);
    for (int i = 0; i < count; i++) {
      long bits = 0;
      byte[] fixed = type == PhysicalType.FIXED_LEN_BYTE_ARRAY ? new byte[width] : null;
      for (int k = 0; k < width; k++) {
        byte b = buf[pos + k * count + i];
        if (fixed != null) {
          fixed[k] = b;
        } else {
          bits |= (long) (b & 0xff) << (8 * k);
        }
      }
      switch (type) {
        case FLOAT -> floats()[size++] = Float.intBitsToFloat((int) bits);
        case INT32 -> ints()[size++] = (int) bits;
        case DOUBLE -> doubles()[size++] = Double.longBitsToDouble(bits);
        case INT64 -> longs()[size++] = bits;
        default -> binaries()[size++] = fixed;
      }
    }
  }
}
