package io.tracemate.testing.fuzz;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One edit of an input, the steps a {@link Mutant} is made of. Positions are taken modulo the input's length, so
 * that any edit applies to any input (and shrinks towards the start). Every edit keeps its output within
 * {@link #MAX_BYTES}: a fuzzed input is hostile, not large; the receivers' size limits have tests of their own.
 */
public sealed interface Mutation {
  /** The largest input an edit produces. */
  int MAX_BYTES = 256 * 1024;

  byte[] apply(byte[] input);

  /** XOR of one byte with a mask (bit flips). */
  record FlipBits(int position, int mask) implements Mutation {
    @Override
    public byte[] apply(byte[] input) {
      if (input.length == 0) {
        return input;
      }
      byte[] out = input.clone();
      int at = Math.floorMod(position, out.length);
      out[at] = (byte) (out[at] ^ (mask == 0 ? 1 : mask));
      return out;
    }
  }

  /** Cut the input short (a torn body). */
  record Truncate(int position) implements Mutation {
    @Override
    public byte[] apply(byte[] input) {
      return input.length == 0
          ? input
          : Arrays.copyOf(input, Math.floorMod(position, input.length));
    }
  }

  /** Remove {@code length} bytes at a position. */
  record Delete(int position, int length) implements Mutation {
    @Override
    public byte[] apply(byte[] input) {
      if (input.length == 0) {
        return input;
      }
      int from = Math.floorMod(position, input.length);
      int to = Math.min(input.length, from + Math.max(1, length));
      byte[] out = new byte[input.length - (to - from)];
      System.arraycopy(input, 0, out, 0, from);
      System.arraycopy(input, to, out, from, input.length - to);
      return out;
    }
  }

  /**
   * Insert {@code bytes} {@code times} times at a position: hostile values (huge numbers, lengths, invalid UTF-8,
   * a target's tokens) once, or many times for deep nesting and long runs.
   */
  record Insert(int position, byte[] bytes, int times) implements Mutation {
    @Override
    public byte[] apply(byte[] input) {
      int at = input.length == 0 ? 0 : Math.floorMod(position, input.length + 1);
      int copies =
          Math.max(1, Math.min(times, (MAX_BYTES - input.length) / Math.max(1, bytes.length)));
      if (input.length + (long) bytes.length * copies > MAX_BYTES) {
        return input;
      }
      byte[] out = new byte[input.length + bytes.length * copies];
      System.arraycopy(input, 0, out, 0, at);
      for (int i = 0; i < copies; i++) {
        System.arraycopy(bytes, 0, out, at + i * bytes.length, bytes.length);
      }
      System.arraycopy(input, at, out, at + bytes.length * copies, input.length - at);
      return out;
    }

    @Override
    public String toString() {
      return "Insert[position=%d, bytes=%s, times=%d]"
          .formatted(position, HexFormat.of().formatHex(bytes), times);
    }
  }

  /** Repeat a slice of the input in place (duplicated fields, nesting grown from the input itself). */
  record Repeat(int position, int length, int times) implements Mutation {
    @Override
    public byte[] apply(byte[] input) {
      if (input.length == 0) {
        return input;
      }
      int from = Math.floorMod(position, input.length);
      int to = Math.min(input.length, from + Math.max(1, length));
      return new Insert(from, Arrays.copyOfRange(input, from, to), times).apply(input);
    }
  }

  /** Replace the input's tail from a position with another seed's tail (a splice of two valid inputs). */
  record Splice(int position, byte[] other, int otherPosition) implements Mutation {
    @Override
    public byte[] apply(byte[] input) {
      int at = input.length == 0 ? 0 : Math.floorMod(position, input.length);
      int from = other.length == 0 ? 0 : Math.floorMod(otherPosition, other.length);
      byte[] out = Arrays.copyOf(input, Math.min(MAX_BYTES, at + other.length - from));
      System.arraycopy(other, from, out, at, out.length - at);
      return out;
    }

    @Override
    public String toString() {
      return "Splice[position=%d, other=%d bytes, otherPosition=%d]"
          .formatted(position, other.length, otherPosition);
    }
  }
}
