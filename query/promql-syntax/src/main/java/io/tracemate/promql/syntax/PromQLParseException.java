package io.tracemate.promql.syntax;

import io.tracemate.querysupport.ParseLimits;
import io.tracemate.querysupport.QueryParseException;
import io.tracemate.querysupport.SourcePosition;

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
public final class PromQLParseException extends QueryParseException {
  private static final long serialVersionUID = 1L;

  private final boolean unsupported;

  private PromQLParseException(
      String detail, SourcePosition position, boolean unsupported, String limit) {
    super(
        position.line() + ":" + position.column() + ": parse error: " + detail,
        detail,
        position,
        limit);
    this.unsupported = unsupported;
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

  private static PromQLParseException create(
      String source, int offset, String detail, boolean unsupported, String limit) {
    return new PromQLParseException(
        detail, SourcePosition.countingUtf8Bytes(source, offset), unsupported, limit);
  }

  /** True when the query is valid Prometheus PromQL that Tracemate does not evaluate. */
  public boolean unsupported() {
    return unsupported;
  }
}
