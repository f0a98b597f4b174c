package io.tracemate.logs.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Finds a needle in UTF-8 bytes, eight bytes per step: it looks for the needle's least common byte (by a fixed
 * ranking of what is frequent in logs) with a SWAR zero-byte test, then compares the whole needle. UTF-8 is
 * self-synchronizing, so a byte match of a valid UTF-8 needle is always a character match. Immutable,
 * thread-safe.
 */
final class ByteSearch {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /** Most frequent first: JSON/logfmt punctuation, lowercase letters, digits. Bytes not listed count as rare. */
  private static final String COMMON = " e\"tao:,inrsl0-1d2cuh_=.mp5g3f4y6789/{}bvwkTSEIAR";

  private final byte[] needle;
  private final int anchor;
  private final byte anchorByte;
  private final long anchorPattern;

  ByteSearch(byte[] needle) {
    this.needle = needle.clone();
    this.anchor = rarestByte(needle);
    this.anchorByte = needle.length == 0 ? 0 : needle[anchor];
    this.anchorPattern = (anchorByte & 0xFFL) * ONES;
  }

  int length() {
    return needle.length;
  }

  private static int rarestByte(byte[] needle) {
    int best = 0;
    int bestRank = -1;
    for (int i = 0; i < needle.length; i++) {
      int b = needle[i] & 0xFF;
      int rank = b < 0x80 && COMMON.indexOf(b) >= 0 ? COMMON.length() - COMMON.indexOf(b) : 1000;
      if (rank > bestRank) {
        bestRank = rank;
        best = i;
      }
    }
    return best;
  }

  /** Start of the first occurrence in {@code [from, to)}, or -1. */
  int indexOf(byte[] haystack, int from, int to) {
    int n = needle.length;
    if (n == 0) {
      return from <= to ? from : -1;
    }
    int lastAnchor = to - n + anchor;
    int i = from + anchor;
    while (i <= lastAnchor) {
      if (i + 8 <= to) {
        long word = (long) LONGS.get(haystack, i) ^ anchorPattern;
        long zeros = (word - ONES) & ~word & HIGHS;
        if (zeros == 0) {
          i += 8;
          continue;
        }
        i += Long.numberOfTrailingZeros(zeros) >>> 3;
        if (i > lastAnchor) {
          return -1;
        }
      } else if (haystack[i] != anchorByte) {
        i++;
        continue;
      }
      int start = i - anchor;
      if (Arrays.equals(haystack, start, start + n, needle, 0, n)) {
        return start;
      }
      i++;
    }
    return -1;
  }
}
