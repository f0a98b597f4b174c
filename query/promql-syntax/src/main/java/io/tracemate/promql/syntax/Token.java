package io.tracemate.promql.syntax;

import io.tracemate.querysupport.Lexeme;

/**
 * One lexed token.
 *
 * @param type   its kind
 * @param text   the source text it was read from
 * @param offset 0-based offset (UTF-16 code units) of its first character
 * @param value  decoded value: the unquoted String for STRING, Double for NUMBER, Long milliseconds for DURATION,
 *               the lower-cased keyword for keywords and aggregators; null otherwise
 */
record Token(TokenType type, String text, int offset, Object value) implements Lexeme<TokenType> {

  /** How this token is named in "unexpected ..." messages, as Prometheus' {@code Item.desc()} does. */
  String describe() {
    return switch (type) {
      case EOF -> "end of input";
      case IDENTIFIER, METRIC_IDENTIFIER, NUMBER, DURATION ->
          type.display() + " " + GoStrings.goQuote(text);
      case STRING ->
          "string "
              + GoStrings.goQuote(text.length() > 10 ? text.substring(0, 10) : text)
              + (text.length() > 10 ? "..." : "");
      case AGGREGATOR -> "<aggr:" + text.toLowerCase(java.util.Locale.ROOT) + ">";
      default -> type.display();
    };
  }

  int end() {
    return offset + text.length();
  }

  String string() {
    return (String) value;
  }

  double number() {
    return (Double) value;
  }

  long durationMillis() {
    return (Long) value;
  }
}
