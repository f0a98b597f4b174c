package io.tracemate.logql.syntax;

import io.tracemate.querysupport.Lexeme;
import java.time.Duration;
import java.util.Locale;

/**
 * One lexed token.
 *
 * @param type   its kind
 * @param text   the source text it was read from
 * @param offset 0-based offset of its first character
 * @param value  decoded value: unquoted String for STRING, lower-cased name for keywords and functions, Double for
 *               NUMBER, Duration for DURATION and RANGE, Long for BYTES, the flag for PARSER_FLAG; null otherwise
 */
record Token(TokenType type, String text, int offset, Object value) implements Lexeme<TokenType> {

  /** How this token is named in "unexpected ..." messages. */
  String describe() {
    return switch (type) {
      case RANGE_OP, VECTOR_OP, VECTOR -> text.toUpperCase(Locale.ROOT);
      case CONVERSION -> text.toUpperCase(Locale.ROOT) + "_CONV";
      default -> type.display();
    };
  }

  String string() {
    return (String) value;
  }

  double number() {
    return (Double) value;
  }

  Duration duration() {
    return (Duration) value;
  }

  long bytes() {
    return (Long) value;
  }
}
