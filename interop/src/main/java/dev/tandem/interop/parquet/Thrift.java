package dev.tandem.interop.parquet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Thrift's compact protocol, as far as parquet's metadata needs it. Reading is generic: a struct
 * becomes a {@link Struct} of field id to value (Long for integers, Boolean, Double, byte[], List,
 * Struct), so fields parquet added later are skipped without knowing them.
 */
final class Thrift {

  static final int STOP = 0;
  static final int TRUE = 1;
  static final int FALSE = 2;
  static final int BYTE = 3;
  static final int I16 = 4;
  static final int I32 = 5;
  static final int I64 = 6;
  static final int DOUBLE = 7;
  static final int BINARY = 8;
  static final int LIST = 9;
  static final int SET = 10;
  static final int MAP = 11;
  static final int STRUCT = 12;

  private Thrift() {}

  /** A decoded struct: field id to value. */
  static final class Struct {
    private final Map<Integer, Object> fields = new HashMap<>();

    boolean has(int id) {
      return fields.containsKey(id);
    }

    long i64(int id) {
      Object v = fields.get(id);
      if (!(v instanceof Long l)) {
        throw new IllegalArgumentException("thrift field " + id + " is missing or not an integer");
      }
      return l;
    }

    int i32(int id) {
      return Math.toIntExact(i64(id));
    }

    int i32(int id, int orElse) {
      return has(id) ? i32(id) : orElse;
    }

    boolean bool(int id, boolean orElse) {
      return fields.get(id) instanceof Boolean b ? b : orElse;
    }

    byte[] binary(int id) {
      Object v = fields.get(id);
      if (!(v instanceof byte[] b)) {
        throw new IllegalArgumentException("thrift field " + id + " is missing or not binary");
      }
      return b;
    }

    String string(int id) {
      return new String(binary(id), StandardCharsets.UTF_8);
    }

    Struct struct(int id) {
      Object v = fields.get(id);
      if (!(v instanceof Struct s)) {
        throw new IllegalArgumentException("thrift field " + id + " is missing or not a struct");
      }
      return s;
    }

    @SuppressWarnings("unchecked")
    <T> List<T> list(int id) {
      Object v = fields.get(id);
      if (v == null) {
        return List.of();
      }
      if (!(v instanceof List<?> l)) {
        throw new IllegalArgumentException("thrift field " + id + " is not a list");
      }
      return (List<T>) l;
    }
  }

  /** Reads compact-protocol values from a byte array. */
  static final class Reader {
    private final byte[] buf;
    private int pos;
    private final int end;

    Reader(byte[] buf, int pos, int end) {
      this.buf = buf;
      this.pos = pos;
      this.end = end;
    }

    int position() {
      return pos;
    }

    private int readByte() {
      if (pos >= end) {
        throw new IllegalArgumentException("thrift data ends early at byte " + pos);
      }
      return buf[pos++] & 0xff;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = readByte();
        v |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("thrift varint longer than 10 bytes at byte " + pos);
    }

    long zigzag() {
      long v = varint();
      return (v >>> 1) ^ -(v & 1);
    }

    Struct struct() {
      Struct s = new Struct();
      int last = 0;
      while (true) {
        int header = readByte();
        int type = header & 0x0f;
        if (type == STOP) {
          return s;
        }
        int delta = header >>> 4;
        int id = delta == 0 ? (int) zigzag() : last + delta;
        last = id;
        s.fields.put(id, value(type));
      }
    }

    private Object value(int type) {
      return switch (type) {
        case TRUE -> Boolean.TRUE;
        case FALSE -> Boolean.FALSE;
        case BYTE -> (long) (byte) readByte();
        case I16, I32, I64 -> zigzag();
        case DOUBLE -> {
          long bits = 0;
          for (int i = 0; i < 8; i++) {
            bits |= (long) readByte() << (8 * i);
          }
          yield Double.longBitsToDouble(bits);
        }
        case BINARY -> {
          int n = Math.toIntExact(varint());
          if (n < 0 || n > end - pos) {
            throw new IllegalArgumentException(
                "thrift binary of " + n + " bytes runs past the end at byte " + pos);
          }
          byte[] b = new byte[n];
          System.arraycopy(buf, pos, b, 0, n);
          pos += n;
          yield b;
        }
        case LIST, SET -> {
          int header = readByte();
          int size = header >>> 4;
          if (size == 15) {
            size = Math.toIntExact(varint());
          }
          int elem = header & 0x0f;
          if (size < 0 || size > end - pos) {
            throw new IllegalArgumentException("thrift list of " + size + " elements is too long");
          }
          List<Object> l = new ArrayList<>(size);
          for (int i = 0; i < size; i++) {
            // Booleans in a collection are one byte each: 1 true, anything else false.
            l.add(elem == TRUE || elem == FALSE ? readByte() == TRUE : value(elem));
          }
          yield l;
        }
        case MAP -> {
          int size = Math.toIntExact(varint());
          Map<Object, Object> m = new HashMap<>();
          if (size > 0) {
            int kv = readByte();
            for (int i = 0; i < size; i++) {
              m.put(value(kv >>> 4), value(kv & 0x0f));
            }
          }
          yield m;
        }
        case STRUCT -> struct();
        default ->
            throw new IllegalArgumentException(
                "unknown thrift type " + type + " at byte " + (pos - 1));
      };
    }
  }

  /** Writes compact-protocol structs; fields must be written in increasing id order. */
  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Deque<Integer> lastIds = new ArrayDeque<>();
    private int lastId;

    byte[] toByteArray() {
      return out.toByteArray();
    }

    private void varint(long v) {
      while ((v & ~0x7fL) != 0) {
        out.write((int) ((v & 0x7f) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }

    private void zigzag(long v) {
      varint((v << 1) ^ (v >> 63));
    }

    private void fieldHeader(int id, int type) {
      int delta = id - lastId;
      if (delta > 0 && delta <= 15) {
        out.write(delta << 4 | type);
      } else {
        out.write(type);
        zigzag(id);
      }
      lastId = id;
    }

    Writer i32(int id, int v) {
      fieldHeader(id, I32);
      zigzag(v);
      return this;
    }

    Writer i64(int id, long v) {
      fieldHeader(id, I64);
      zigzag(v);
      return this;
    }

    Writer bool(int id, boolean v) {
      fieldHeader(id, v ? TRUE : FALSE);
      return this;
    }

    Writer binary(int id, byte[] v) {
      fieldHeader(id, BINARY);
      varint(v.length);
      out.writeBytes(v);
      return this;
    }

    Writer string(int id, String v) {
      return binary(id, v.getBytes(StandardCharsets.UTF_8));
    }

    /** Starts a struct-valued field; close it with {@link #endStruct()}. */
    Writer beginStruct(int id) {
      fieldHeader(id, STRUCT);
      return beginStructElement();
    }

    /** Starts a struct that is a list element. */
    Writer beginStructElement() {
      lastIds.push(lastId);
      lastId = 0;
      return this;
    }

    Writer endStruct() {
      out.write(STOP);
      lastId = lastIds.isEmpty() ? 0 : lastIds.pop();
      return this;
    }

    /** A list field header; the caller writes {@code size} elements of {@code elemType} next. */
    Writer beginList(int id, int elemType, int size) {
      fieldHeader(id, LIST);
      if (size < 15) {
        out.write(size << 4 | elemType);
      } else {
        out.write(0xf0 | elemType);
        varint(size);
      }
      return this;
    }

    Writer i32Element(int v) {
      zigzag(v);
      return this;
    }

    Writer stringElement(String v) {
      byte[] b = v.getBytes(StandardCharsets.UTF_8);
      varint(b.length);
      out.writeBytes(b);
      return this;
    }
  }
}
