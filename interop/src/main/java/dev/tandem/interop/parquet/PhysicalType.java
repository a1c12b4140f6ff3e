package dev.tandem.interop.parquet;

/** Parquet's physical types, with their codes in the file metadata. */
public enum PhysicalType {
  BOOLEAN(0),
  INT32(1),
  INT64(2),
  INT96(3),
  FLOAT(4),
  DOUBLE(5),
  BYTE_ARRAY(6),
  FIXED_LEN_BYTE_ARRAY(7);

  final int code;

  PhysicalType(int code) {
    this.code = code;
  }

  static PhysicalType of(int code) {
    for (PhysicalType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown parquet physical type " + code);
  }
}
