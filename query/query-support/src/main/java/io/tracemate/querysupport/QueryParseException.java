package io.tracemate.querysupport;

import java.util.Optional;

/**
 * A query could not be parsed or broke a rule its language checks at parse time. Each language subclasses it to
 * phrase the message the way its own server does ({@code LogQLParseException}: Loki's {@code parse error at line 1,
 * col 17: ...}; {@code PromQLParseException}: Prometheus' {@code 1:14: parse error: ...}), so clients show ours as
 * they show theirs; what the exception carries is the same for both. A query over one of the {@link ParseLimits}
 * names the limit in {@link #limit()}. Immutable.
 */
public abstract class QueryParseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String detail;
  private final SourcePosition position;
  private final String limit;

  /**
   * @param message  the whole message, in the language's shape
   * @param detail   what is wrong, without the position
   * @param position where the offending token or expression starts
   * @param limit    the limit the query went over, or null for any other error
   */
  protected QueryParseException(
      String message, String detail, SourcePosition position, String limit) {
    super(message);
    this.detail = detail;
    this.position = position;
    this.limit = limit;
  }

  /** What is wrong, without the position prefix, e.g. {@code syntax error: unexpected IDENTIFIER}. */
  public String detail() {
    return detail;
  }

  /** 1-based line of the offending token. */
  public int line() {
    return position.line();
  }

  /** 1-based column of the offending token, in the unit its language counts (see the subclass). */
  public int column() {
    return position.column();
  }

  /** 0-based offset of the offending token in the query, in UTF-16 code units. */
  public int offset() {
    return position.offset();
  }

  /** The limit the query went over ({@code max_query_depth}, {@code max_query_size}); empty for any other error. */
  public Optional<String> limit() {
    return Optional.ofNullable(limit);
  }
}
