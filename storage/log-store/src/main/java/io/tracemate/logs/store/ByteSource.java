package io.tracemate.logs.store;

import java.nio.charset.StandardCharsets;

/** Reads what {@link ByteSink} wrote; throws {@link CorruptDataException} instead of reading past the end. */
final class ByteSource {
  private final byte[] bytes;
  private int position;
  private final int end;

  ByteSource(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.position = offset;
    this.end = offset + length;
  }

  int position() {
    return position;
  }

  void position(int newPosition) {
    position = newPosition;
  }

  boolean hasRemaining() {
    return position < end;
  }

  int readByte() {
    check(1);
    return bytes[position++] & 0xFF;
  }

  long readVarLong() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      check(1);
      byte b = bytes[position++];
      result |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw new CorruptDataException("varint longer than 10 bytes at offset " + position);
  }

  int readVarInt() {
    long value = readVarLong();
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw new CorruptDataException("length " + value + " out of range at offset " + position);
    }
    return (int) value;
  }

  long readLong() {
    check(8);
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[position++] & 0xFF);
    }
    return value;
  }

  int readInt() {
    check(4);
    int value = 0;
    for (int i = 0; i < 4; i++) {
      value = (value << 8) | (bytes[position++] & 0xFF);
    }
    return value;
  }

  String readString() {
    int length = readVarInt();
    check(length);
    String value = new String(bytes, position, length, StandardCharsets.UTF_8);
    position += length;
    return value;
  }

  private void check(int needed) {
    if (needed < 0 || position + needed > end) {
      throw new CorruptDataException(
          "record truncated: need "
              + needed
              + " bytes at offset "
              + position
              + ", record ends at "
              + end);
    }
  }
}
