package io.tracemate.logs.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code requiredSubstrings} pushdown. On a decoded chunk it searches the longest needle over the whole
 * contiguous line region instead of line by line, maps each hit to its line with the line-start column, and
 * checks the other needles only inside that line; lines without a hit are never turned into Strings.
 * Immutable, thread-safe.
 */
final class LineFilter {
  private final List<String> needles;
  private final ByteSearch primary;
  private final List<ByteSearch> others;

  LineFilter(List<String> requiredSubstrings) {
    List<String> nonEmpty = new ArrayList<>();
    for (String needle : requiredSubstrings) {
      if (!needle.isEmpty() && !nonEmpty.contains(needle)) {
        nonEmpty.add(needle);
      }
    }
    nonEmpty.sort(
        Comparator.comparingInt((String s) -> s.getBytes(StandardCharsets.UTF_8).length)
            .reversed());
    this.needles = List.copyOf(nonEmpty);
    List<ByteSearch> searches = new ArrayList<>();
    for (String needle : needles) {
      searches.add(new ByteSearch(needle.getBytes(StandardCharsets.UTF_8)));
    }
    this.primary = searches.isEmpty() ? null : searches.get(0);
    this.others =
        searches.isEmpty() ? List.of() : List.copyOf(searches.subList(1, searches.size()));
  }

  boolean isEmpty() {
    return primary == null;
  }

  boolean matches(String line) {
    for (String needle : needles) {
      if (!line.contains(needle)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes the ascending indexes in {@code [from, to)} whose line contains every needle into {@code out}.
   *
   * @return how many were written
   */
  int select(DecodedChunk chunk, int from, int to, int[] out) {
    if (primary == null) {
      for (int i = from; i < to; i++) {
        out[i - from] = i;
      }
      return to - from;
    }
    int[] lineStart = chunk.lineStart;
    byte[] bytes = chunk.payload;
    int count = 0;
    int position = lineStart[from];
    int end = lineStart[to];
    int line = from;
    while (position < end) {
      int hit = primary.indexOf(bytes, position, end);
      if (hit < 0) {
        break;
      }
      while (lineStart[line + 1] <= hit) {
        line++;
      }
      int lineEnd = lineStart[line + 1];
      if (hit + primary.length() > lineEnd) {
        position = hit + 1;
        continue;
      }
      if (othersMatch(bytes, lineStart[line], lineEnd)) {
        out[count++] = line;
      }
      position = lineEnd;
      line++;
    }
    return count;
  }

  private boolean othersMatch(byte[] bytes, int start, int end) {
    for (ByteSearch other : others) {
      if (other.indexOf(bytes, start, end) < 0) {
        return false;
      }
    }
    return true;
  }
}
