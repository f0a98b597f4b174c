package io.tracemate.logql.syntax;

import io.tracemate.querysupport.ParseLimits;
import io.tracemate.querysupport.TokenCursor;

/**
 * Position in the token list of one query ({@link TokenCursor}: the size and nesting limits, peek and consume),
 * with LogQL's expectations and Loki's error phrasing, which every parser of the grammar shares. Not thread-safe.
 */
final class Cursor extends TokenCursor<TokenType, Token, LogQLParseException> {

  /** @throws LogQLParseException when the query is longer than the limit, before it is lexed */
  Cursor(String source, ParseLimits limits) {
    super(
        source,
        limits,
        Lexer::tokenize,
        LogQLParseException::overLimit,
        "parentheses, aggregations, binary or label filter operators, or regex groups");
  }

  Token expect(TokenType type) {
    return expect(type, type.display());
  }

  Token expect(TokenType type, String expecting) {
    if (at(type)) {
      return next();
    }
    throw unexpected(peek(), expecting);
  }

  /** A NUMBER with an optional sign, as Loki's literalExpr reads it. */
  double signedNumber() {
    boolean negative = false;
    if (at(TokenType.ADD) || at(TokenType.SUB)) {
      negative = next().type() == TokenType.SUB;
    }
    double value = expect(TokenType.NUMBER).number();
    return negative ? -value : value;
  }

  LogQLParseException unexpected(Token token, String expecting) {
    String detail = "syntax error: unexpected " + token.describe();
    return error(token, expecting == null ? detail : detail + ", expecting " + expecting);
  }

  LogQLParseException error(Token token, String detail) {
    return LogQLParseException.at(source(), token.offset(), detail);
  }
}
