package io.tracemate.model;

/** Lowercase hex and big-endian byte helpers for IDs; allocation-light because every span passes here. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  public static String toHex(long value) {
    char[] out = new char[16];
    for (int i = 15; i >= 0; i--) {
      out[i] = DIGITS[(int) (value & 0xF)];
      value >>>= 4;
    }
    return new String(out);
  }

  public static String toHex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xF];
      out[2 * i + 1] = DIGITS[bytes[i] & 0xF];
    }
    return new String(out);
  }

  /**
   * Parses an even-length hex string into bytes.
   *
   * @throws IllegalArgumentException naming the offending position
   */
  public static byte[] fromHex(CharSequence hex) {
    if ((hex.length() & 1) != 0) {
      throw new IllegalArgumentException(
          "hex string must have an even length, got " + hex.length());
    }
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) ((digit(hex, 2 * i) << 4) | digit(hex, 2 * i + 1));
    }
    return out;
  }

  static long parseLong(CharSequence hex, int from, int to) {
    long value = 0;
    for (int i = from; i < to; i++) {
      value = (value << 4) | digit(hex, i);
    }
    return value;
  }

  private static int digit(CharSequence hex, int index) {
    char c = hex.charAt(index);
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    throw new IllegalArgumentException("'" + c + "' at position " + index + " is not a hex digit");
  }

  static void putLong(byte[] out, int offset, long value) {
    for (int i = 7; i >= 0; i--) {
      out[offset + i] = (byte) value;
      value >>>= 8;
    }
  }

  static long getLong(byte[] bytes, int offset) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[offset + i] & 0xFF);
    }
    return value;
  }
}
