package io.tracemate.promql.syntax;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A PromQL query could not be parsed, failed Prometheus' type checks, or uses something Tracemate does not
 * evaluate.
 *
 * <p>The message has Prometheus' shape, {@code 1:14: parse error: unexpected "}" in label matching, expected string},
 * so clients that show Prometheus errors show ours the same way (the HTTP API answers it as {@code bad_data}, 400).
 * The position is where the offending token or expression starts: the line is 1-based, the column 1-based in UTF-8
 * bytes as Prometheus counts, the offset 0-based in UTF-16 code units. {@link #unsupported()} tells a valid
 * Prometheus query Tracemate does not evaluate (native histograms, experimental features) from an invalid one; a
 * query over one of the {@link ParseLimits} names the limit in {@link #limit()}. Immutable.
 */
public final class PromQLParseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String detail;
  private final int line;
  private final int column;
  private final int offset;
  private final boolean unsupported;
  private final String limit;

  private PromQLParseException(String detail, int line, int column, int offset, boolean unsupported, String limit) {
    super(line + ":" + column + ": parse error: " + detail);
    this.detail = detail;
    this.line = line;
    this.column = column;
    this.offset = offset;
    this.unsupported = unsupported;
    this.limit = limit;
  }

  static PromQLParseException at(String source, int offset, String detail) {
    return create(source, offset, detail, false, null);
  }

  static PromQLParseException unsupported(String source, int offset, String detail) {
    return create(source, offset, detail, true, null);
  }

  static PromQLParseException overLimit(String source, int offset, String detail, String limit) {
    return create(source, offset, detail, false, limit);
  }

  private static PromQLParseException create(String source, int offset, String detail, boolean unsupported,
      String limit) {
    int end = Math.min(Math.max(offset, 0), source.length());
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < end; i++) {
      if (source.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int column = source.substring(lineStart, end).getBytes(StandardCharsets.UTF_8).length + 1;
    return new PromQLParseException(detail, line, column, end, unsupported, limit);
  }

  /** What is wrong, without the position prefix, e.g. {@code unexpected end of input}. */
  public String detail() {
    return detail;
  }

  /** 1-based line of the offending token. */
  public int line() {
    return line;
  }

  /** 1-based column of the offending token, in UTF-8 bytes (as Prometheus counts). */
  public int column() {
    return column;
  }

  /** 0-based offset of the offending token in the query, in UTF-16 code units. */
  public int offset() {
    return offset;
  }

  /** True when the query is valid Prometheus PromQL that Tracemate does not evaluate. */
  public boolean unsupported() {
    return unsupported;
  }

  /** The limit the query went over ({@code max_query_size}, {@code max_query_depth}); empty otherwise. */
  public Optional<String> limit() {
    return Optional.ofNullable(limit);
  }
}
