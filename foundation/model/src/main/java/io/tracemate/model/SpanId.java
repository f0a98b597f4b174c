package io.tracemate.model;

/** A 64-bit span ID. {@link #NONE} (zero) marks "no parent". */
public record SpanId(long value) {

  public static final SpanId NONE = new SpanId(0);

  public boolean isValid() {
    return value != 0;
  }

  /** 16 lowercase hex characters. */
  public String toHex() {
    return Hex.toHex(value);
  }

  public byte[] toBytes() {
    byte[] out = new byte[8];
    Hex.putLong(out, 0, value);
    return out;
  }

  /** Parses 1 to 16 hex characters, either case. */
  public static SpanId fromHex(CharSequence hex) {
    int length = hex.length();
    if (length == 0 || length > 16) {
      throw new IllegalArgumentException("span ID must have 1 to 16 hex characters, got " + length);
    }
    return new SpanId(Hex.parseLong(hex, 0, length));
  }

  /**
   * Reads 8 bytes; an empty array is {@link #NONE} (OTLP's "no parent").
   *
   * @throws IllegalArgumentException for any other length
   */
  public static SpanId fromBytes(byte[] bytes) {
    if (bytes.length == 0) {
      return NONE;
    }
    if (bytes.length != 8) {
      throw new IllegalArgumentException("span ID must be 8 bytes, got " + bytes.length);
    }
    return new SpanId(Hex.getLong(bytes, 0));
  }

  @Override
  public String toString() {
    return toHex();
  }
}
