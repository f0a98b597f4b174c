package io.tracemate.logs.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array with unsigned LEB128 varints: the encoder behind chunks, index records and the journal. */
final class ByteSink {
  private byte[] bytes;
  private int size;

  ByteSink(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  int size() {
    return size;
  }

  byte[] array() {
    return bytes;
  }

  void reset() {
    size = 0;
  }

  private void ensure(int extra) {
    if (size + extra > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
    }
  }

  void writeByte(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  void writeVarLong(long value) {
    ensure(10);
    long v = value;
    while ((v & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    bytes[size++] = (byte) v;
  }

  void writeLong(long value) {
    ensure(8);
    for (int i = 7; i >= 0; i--) {
      bytes[size++] = (byte) (value >>> (8 * i));
    }
  }

  void writeInt(int value) {
    ensure(4);
    for (int i = 3; i >= 0; i--) {
      bytes[size++] = (byte) (value >>> (8 * i));
    }
  }

  void write(byte[] src, int offset, int length) {
    ensure(length);
    System.arraycopy(src, offset, bytes, size, length);
    size += length;
  }

  void write(ByteSink other) {
    write(other.bytes, 0, other.size);
  }

  /** Length-prefixed UTF-8. */
  void writeString(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    writeVarLong(utf8.length);
    write(utf8, 0, utf8.length);
  }
}
