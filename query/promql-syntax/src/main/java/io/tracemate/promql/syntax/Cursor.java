package io.tracemate.promql.syntax;

import io.tracemate.querysupport.ParseLimits;
import io.tracemate.querysupport.TokenCursor;

/**
 * Position in the token list of one query ({@link TokenCursor}: the size and nesting limits, peek and consume),
 * with Prometheus' error phrasing, which the parser and the type checker share. Not thread-safe.
 */
final class Cursor extends TokenCursor<TokenType, Token, PromQLParseException> {

  /** @throws PromQLParseException when the query is longer than the limit, before it is lexed */
  Cursor(String source, ParseLimits limits) {
    super(
        source,
        limits,
        Lexer::tokenize,
        PromQLParseException::overLimit,
        "parentheses, calls, aggregations, operators or subqueries");
  }

  /** The next token, which must be of {@code type}; otherwise "unexpected X in context, expected Y". */
  Token expect(TokenType type, String context, String expected) {
    if (at(type)) {
      return next();
    }
    throw unexpected(context, expected);
  }

  /** Prometheus' {@code unexpected <token>[ in <context>][, expected <what>]} at the current token. */
  PromQLParseException unexpected(String context, String expected) {
    Token token = peek();
    StringBuilder detail = new StringBuilder("unexpected ").append(token.describe());
    if (context != null) {
      detail.append(" in ").append(context);
    }
    if (expected != null) {
      detail.append(", expected ").append(expected);
    }
    return error(token.offset(), detail.toString());
  }

  PromQLParseException error(int offset, String detail) {
    return PromQLParseException.at(source(), offset, detail);
  }

  PromQLParseException unsupported(int offset, String detail) {
    return PromQLParseException.unsupported(source(), offset, detail);
  }
}
