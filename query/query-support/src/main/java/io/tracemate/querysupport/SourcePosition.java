package io.tracemate.querysupport;

import java.nio.charset.StandardCharsets;

/**
 * Where in a query something went wrong, as the language's own server reports it: a 1-based line, a 1-based
 * column and the 0-based offset (UTF-16 code units) into the query. The column's unit is the language's: Loki
 * counts characters, Prometheus counts UTF-8 bytes. Immutable.
 *
 * @param line   1-based line
 * @param column 1-based column, in the unit of the factory that made it
 * @param offset 0-based offset in UTF-16 code units
 */
public record SourcePosition(int line, int column, int offset) {

  /** The position of {@code offset} in {@code source}, its column counted in characters (UTF-16), as Loki does. */
  public static SourcePosition countingChars(String source, int offset) {
    int lineStart = lineStart(source, Math.min(offset, source.length()));
    return new SourcePosition(
        lineOf(source, Math.min(offset, source.length())), offset - lineStart + 1, offset);
  }

  /**
   * The position of {@code offset} (clamped to the query) in {@code source}, its column counted in UTF-8 bytes, as
   * Prometheus does.
   */
  public static SourcePosition countingUtf8Bytes(String source, int offset) {
    int end = Math.min(Math.max(offset, 0), source.length());
    int lineStart = lineStart(source, end);
    int column = source.substring(lineStart, end).getBytes(StandardCharsets.UTF_8).length + 1;
    return new SourcePosition(lineOf(source, end), column, end);
  }

  private static int lineOf(String source, int end) {
    int line = 1;
    for (int i = 0; i < end; i++) {
      if (source.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static int lineStart(String source, int end) {
    int start = 0;
    for (int i = 0; i < end; i++) {
      if (source.charAt(i) == '\n') {
        start = i + 1;
      }
    }
    return start;
  }
}
