package io.tracemate.logql.syntax;

import io.tracemate.querysupport.ParseLimits;
import io.tracemate.querysupport.QueryParseException;
import io.tracemate.querysupport.SourcePosition;

/**
 * A LogQL query could not be parsed or broke one of the syntactic validation rules Loki applies at parse time.
 *
 * <p>The message has Loki's shape, {@code parse error at line 1, col 17: syntax error: unexpected IDENTIFIER,
 * expecting STRING}, so clients that show Loki errors show ours the same way. The position is the first character
 * of the offending token: line and column are 1-based, the column counted in characters (UTF-16 code units), the
 * offset 0-based. A query over one of the {@link ParseLimits} fails the same way, with the limit's name in the
 * message and in {@link #limit()}. Immutable.
 */
public final class LogQLParseException extends QueryParseException {
  private static final long serialVersionUID = 1L;

  private LogQLParseException(String detail, SourcePosition position, String limit) {
    super(
        "parse error at line " + position.line() + ", col " + position.column() + ": " + detail,
        detail,
        position,
        limit);
  }

  /** Builds the exception for {@code offset} in {@code source}, computing line and column. */
  static LogQLParseException at(String source, int offset, String detail) {
    return new LogQLParseException(detail, SourcePosition.countingChars(source, offset), null);
  }

  /** A query over a limit: {@code limit} names it ({@link ParseLimits#MAX_QUERY_SIZE} ...). */
  static LogQLParseException overLimit(String source, int offset, String detail, String limit) {
    return new LogQLParseException(detail, SourcePosition.countingChars(source, offset), limit);
  }
}
