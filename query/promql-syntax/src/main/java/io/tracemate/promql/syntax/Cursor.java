package io.tracemate.promql.syntax;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Position in the token list of one query, with the error helpers and depth guard. Not thread-safe. */
final class Cursor {
  private final String source;
  private final ParseLimits limits;
  private final List<Token> tokens;
  private int index;
  private int depth;

  /** @throws PromQLParseException when the query is longer than the limit, before it is lexed */
  Cursor(String source, ParseLimits limits) {
    this.source = source;
    this.limits = limits;
    int bytes = source.length() > limits.maxBytes() ? source.getBytes(StandardCharsets.UTF_8).length
        : utf8Length(source);
    if (bytes > limits.maxBytes()) {
      throw PromQLParseException.overLimit(source, 0, "the query is too long (" + bytes + " bytes, limit: "
          + limits.maxBytes() + " bytes) (" + ParseLimits.MAX_QUERY_SIZE + ")", ParseLimits.MAX_QUERY_SIZE);
    }
    this.tokens = Lexer.tokenize(source);
  }

  private static int utf8Length(String text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  String source() {
    return source;
  }

  ParseLimits limits() {
    return limits;
  }

  /** Enters one level of recursion, refusing to go deeper than the limit. */
  void descend() {
    if (++depth > limits.maxDepth()) {
      throw tooDeep(source, peek().offset(), limits.maxDepth());
    }
  }

  void ascend() {
    depth--;
  }

  static PromQLParseException tooDeep(String source, int offset, int maxDepth) {
    return PromQLParseException.overLimit(source, offset, "the query is nested too deeply (more than " + maxDepth
        + " levels of parentheses, calls, aggregations, operators or subqueries) (" + ParseLimits.MAX_QUERY_DEPTH
        + ")", ParseLimits.MAX_QUERY_DEPTH);
  }

  Token peek() {
    return tokens.get(index);
  }

  Token peek(int ahead) {
    return tokens.get(Math.min(index + ahead, tokens.size() - 1));
  }

  /** The token before the current one (the last consumed). */
  Token previous() {
    return tokens.get(Math.max(0, index - 1));
  }

  boolean at(TokenType type) {
    return peek().type() == type;
  }

  Token next() {
    Token token = peek();
    if (token.type() != TokenType.EOF) {
      index++;
    }
    return token;
  }

  boolean accept(TokenType type) {
    if (at(type)) {
      next();
      return true;
    }
    return false;
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
    return PromQLParseException.at(source, offset, detail);
  }

  PromQLParseException unsupported(int offset, String detail) {
    return PromQLParseException.unsupported(source, offset, detail);
  }
}
