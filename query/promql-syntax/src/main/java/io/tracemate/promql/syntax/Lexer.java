package io.tracemate.promql.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits a PromQL query into tokens the way Prometheus' {@code lex.go} does: keywords are case-insensitive and only
 * outside braces (inside, every word is a label name); a number glued to a unit is a DURATION ({@code 5m},
 * {@code 1h30m}); {@code inf} and {@code nan} are numbers; strings are Go-quoted ({@code "..."}, {@code '...'}) or
 * raw ({@code `...`}); {@code #} starts a comment that runs to the end of the line. Not thread-safe; one per query.
 */
final class Lexer {
  private static final Map<String, TokenType> KEYWORDS =
      Map.ofEntries(
          Map.entry("and", TokenType.LAND),
          Map.entry("or", TokenType.LOR),
          Map.entry("unless", TokenType.LUNLESS),
          Map.entry("atan2", TokenType.ATAN2),
          Map.entry("offset", TokenType.OFFSET),
          Map.entry("by", TokenType.BY),
          Map.entry("without", TokenType.WITHOUT),
          Map.entry("on", TokenType.ON),
          Map.entry("ignoring", TokenType.IGNORING),
          Map.entry("group_left", TokenType.GROUP_LEFT),
          Map.entry("group_right", TokenType.GROUP_RIGHT),
          Map.entry("bool", TokenType.BOOL),
          Map.entry("start", TokenType.START),
          Map.entry("end", TokenType.END),
          Map.entry("step", TokenType.STEP),
          Map.entry("range", TokenType.RANGE),
          Map.entry("smoothed", TokenType.SMOOTHED),
          Map.entry("anchored", TokenType.ANCHORED),
          Map.entry("fill", TokenType.FILL),
          Map.entry("fill_left", TokenType.FILL_LEFT),
          Map.entry("fill_right", TokenType.FILL_RIGHT),
          Map.entry("max_of", TokenType.MAX_OF),
          Map.entry("min_of", TokenType.MIN_OF));

  private final String input;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;
  private int parenDepth;
  private boolean braceOpen;
  private boolean bracketOpen;

  private Lexer(String input) {
    this.input = input;
  }

  /** @throws PromQLParseException at the first character that does not form a token */
  static List<Token> tokenize(String input) {
    Lexer lexer = new Lexer(input);
    lexer.run();
    return lexer.tokens;
  }

  private void run() {
    while (true) {
      skipSpacesAndComments();
      if (pos >= input.length()) {
        if (braceOpen) {
          throw error(pos, "unexpected end of input inside braces");
        }
        if (parenDepth != 0) {
          throw error(pos, "unclosed left parenthesis");
        }
        if (bracketOpen) {
          throw error(pos, "unclosed left bracket");
        }
        tokens.add(new Token(TokenType.EOF, "", pos, null));
        return;
      }
      if (braceOpen) {
        insideBraces();
      } else {
        statement();
      }
    }
  }

  private void skipSpacesAndComments() {
    while (pos < input.length()) {
      char c = input.charAt(pos);
      if (isSpace(c)) {
        pos++;
      } else if (c == '#') {
        while (pos < input.length() && input.charAt(pos) != '\n' && input.charAt(pos) != '\r') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private void statement() {
    int start = pos;
    char c = input.charAt(pos);
    switch (c) {
      case ',' -> emit(TokenType.COMMA, start, 1);
      case '*' -> emit(TokenType.MUL, start, 1);
      case '/' -> emit(TokenType.DIV, start, 1);
      case '%' -> emit(TokenType.MOD, start, 1);
      case '+' -> emit(TokenType.ADD, start, 1);
      case '-' -> emit(TokenType.SUB, start, 1);
      case '^' -> emit(TokenType.POW, start, 1);
      case '@' -> emit(TokenType.AT, start, 1);
      case '=' -> {
        char next = peekAt(pos + 1);
        if (next == '=') {
          emit(TokenType.EQLC, start, 2);
        } else if (next == '~') {
          throw error(start, "unexpected character after '=': " + goRune(next));
        } else {
          emit(TokenType.EQL, start, 1);
        }
      }
      case '!' -> {
        char next = peekAt(pos + 1);
        if (next != '=') {
          throw error(start, "unexpected character after '!': " + goRune(next));
        }
        emit(TokenType.NEQ, start, 2);
      }
      case '<' -> {
        char next = peekAt(pos + 1);
        if (next == '=') {
          emit(TokenType.LTE, start, 2);
        } else if (next == '/') {
          emit(TokenType.TRIM_UPPER, start, 2);
        } else {
          emit(TokenType.LSS, start, 1);
        }
      }
      case '>' -> {
        char next = peekAt(pos + 1);
        if (next == '=') {
          emit(TokenType.GTE, start, 2);
        } else if (next == '/') {
          emit(TokenType.TRIM_LOWER, start, 2);
        } else {
          emit(TokenType.GTR, start, 1);
        }
      }
      case '"', '\'' -> string(c);
      case '`' -> rawString();
      case '(' -> {
        parenDepth++;
        emit(TokenType.LEFT_PAREN, start, 1);
      }
      case ')' -> {
        if (--parenDepth < 0) {
          throw error(start, "unexpected right parenthesis ')'");
        }
        emit(TokenType.RIGHT_PAREN, start, 1);
      }
      case '{' -> {
        braceOpen = true;
        emit(TokenType.LEFT_BRACE, start, 1);
      }
      case '}' -> throw error(start, "unexpected character: '}'");
      case '[' -> {
        if (bracketOpen) {
          throw error(start, "unexpected left bracket '['");
        }
        bracketOpen = true;
        emit(TokenType.LEFT_BRACKET, start, 1);
      }
      case ']' -> {
        if (!bracketOpen) {
          throw error(start, "unexpected right bracket ']'");
        }
        bracketOpen = false;
        emit(TokenType.RIGHT_BRACKET, start, 1);
      }
      case ':' -> {
        if (!bracketOpen) {
          word();
        } else {
          emit(TokenType.COLON, start, 1);
        }
      }
      default -> {
        if (isDigit(c) || (c == '.' && isDigit(peekAt(pos + 1)))) {
          numberOrDuration();
        } else if (isAlpha(c)) {
          if (bracketOpen) {
            bracketWord();
          } else {
            word();
          }
        } else {
          throw error(start, "unexpected character: " + goRune(c));
        }
      }
    }
  }

  private void insideBraces() {
    int start = pos;
    char c = input.charAt(pos);
    switch (c) {
      case ',' -> emit(TokenType.COMMA, start, 1);
      case '"', '\'' -> string(c);
      case '`' -> rawString();
      case '=' -> {
        if (peekAt(pos + 1) == '~') {
          emit(TokenType.EQL_REGEX, start, 2);
        } else {
          emit(TokenType.EQL, start, 1);
        }
      }
      case '!' -> {
        char next = peekAt(pos + 1);
        if (next == '~') {
          emit(TokenType.NEQ_REGEX, start, 2);
        } else if (next == '=') {
          emit(TokenType.NEQ, start, 2);
        } else {
          throw error(start, "unexpected character after '!' inside braces: " + goRune(next));
        }
      }
      case '{' -> throw error(start, "unexpected left brace '{'");
      case '}' -> {
        braceOpen = false;
        emit(TokenType.RIGHT_BRACE, start, 1);
      }
      default -> {
        if (isAlpha(c)) {
          int end = pos;
          while (end < input.length() && isAlphaNumeric(input.charAt(end))) {
            end++;
          }
          emit(TokenType.IDENTIFIER, start, end - start);
        } else {
          throw error(start, "unexpected character inside braces: " + goRune(c));
        }
      }
    }
  }

  /** An identifier, metric name (contains a colon) or keyword, outside braces. */
  private void word() {
    int start = pos;
    int end = pos;
    while (end < input.length()
        && (isAlphaNumeric(input.charAt(end)) || input.charAt(end) == ':')) {
      end++;
    }
    String text = input.substring(start, end);
    String lower = text.toLowerCase(Locale.ROOT);
    TokenType keyword = KEYWORDS.get(lower);
    if (lower.equals("inf") || lower.equals("nan")) {
      tokens.add(
          new Token(
              TokenType.NUMBER,
              text,
              start,
              lower.equals("inf") ? Double.POSITIVE_INFINITY : Double.NaN));
    } else if (AggregationOp.byName(lower) != null) {
      tokens.add(new Token(TokenType.AGGREGATOR, text, start, lower));
    } else if (keyword != null
        && (keyword != TokenType.FILL
                && keyword != TokenType.FILL_LEFT
                && keyword != TokenType.FILL_RIGHT
            || followedByLeftParen(end))) {
      tokens.add(new Token(keyword, text, start, lower));
    } else {
      tokens.add(
          new Token(
              text.indexOf(':') >= 0 ? TokenType.METRIC_IDENTIFIER : TokenType.IDENTIFIER,
              text,
              start,
              null));
    }
    pos = end;
  }

  /** Inside {@code [...]} only the duration-expression keywords are words. */
  private void bracketWord() {
    int start = pos;
    int end = pos;
    while (end < input.length() && isAlpha(input.charAt(end))) {
      end++;
    }
    String lower = input.substring(start, end).toLowerCase(Locale.ROOT);
    TokenType keyword = KEYWORDS.get(lower);
    if (keyword == TokenType.STEP
        || keyword == TokenType.RANGE
        || keyword == TokenType.MAX_OF
        || keyword == TokenType.MIN_OF) {
      tokens.add(new Token(keyword, input.substring(start, end), start, lower));
      pos = end;
      return;
    }
    throw error(start, "unexpected character: " + goRune(input.charAt(start)) + ", expected ':'");
  }

  private boolean followedByLeftParen(int from) {
    int i = from;
    while (i < input.length() && isSpace(input.charAt(i))) {
      i++;
    }
    return i < input.length() && input.charAt(i) == '(';
  }

  private void numberOrDuration() {
    int start = pos;
    int end = GoNumbers.scanNumber(input, start);
    if (end > start && (end >= input.length() || !isAlphaNumeric(input.charAt(end)))) {
      String text = input.substring(start, end);
      Double value = GoNumbers.parse(text);
      if (value == null) {
        throw error(start, "bad number or duration syntax: " + GoStrings.goQuote(text));
      }
      tokens.add(new Token(TokenType.NUMBER, text, start, value));
      pos = end;
      return;
    }
    int durationEnd = scanDuration(start);
    if (durationEnd < 0) {
      int bad = Math.max(end, start + 1);
      while (bad < input.length() && isAlphaNumeric(input.charAt(bad))) {
        bad++;
      }
      throw error(
          start,
          "bad number or duration syntax: " + GoStrings.goQuote(input.substring(start, bad)));
    }
    String text = input.substring(start, durationEnd);
    long millis;
    try {
      millis = Durations.parseMillis(text);
    } catch (IllegalArgumentException e) {
      throw error(start, e.getMessage());
    }
    tokens.add(new Token(TokenType.DURATION, text, start, millis));
    pos = durationEnd;
  }

  /** Digits followed by units ({@code 5m}, {@code 1h30m}, {@code 100ms}); -1 when the text is no duration. */
  private int scanDuration(int start) {
    int i = start;
    boolean any = false;
    while (i < input.length()) {
      int digits = i;
      while (i < input.length() && (isDigit(input.charAt(i)) || input.charAt(i) == '.')) {
        i++;
      }
      if (i == digits) {
        break;
      }
      int unit = i;
      while (i < input.length() && "smhdwy".indexOf(input.charAt(i)) >= 0) {
        i++;
      }
      if (i == unit) {
        return -1;
      }
      any = true;
    }
    if (!any || (i < input.length() && isAlphaNumeric(input.charAt(i)))) {
      return -1;
    }
    return i;
  }

  private void string(char quote) {
    int start = pos;
    int i = pos + 1;
    while (true) {
      if (i >= input.length() || input.charAt(i) == '\n') {
        throw error(start, "unterminated quoted string");
      }
      char c = input.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == quote) {
        break;
      }
      i++;
    }
    String text = input.substring(start, i + 1);
    String value;
    try {
      value = GoStrings.unquote(text);
    } catch (IllegalArgumentException e) {
      throw error(start, e.getMessage());
    }
    tokens.add(new Token(TokenType.STRING, text, start, value));
    pos = i + 1;
  }

  private void rawString() {
    int start = pos;
    int close = input.indexOf('`', pos + 1);
    if (close < 0) {
      throw error(start, "unterminated raw string");
    }
    String text = input.substring(start, close + 1);
    tokens.add(new Token(TokenType.STRING, text, start, text.substring(1, text.length() - 1)));
    pos = close + 1;
  }

  private void emit(TokenType type, int start, int length) {
    tokens.add(new Token(type, input.substring(start, start + length), start, null));
    pos = start + length;
  }

  private char peekAt(int index) {
    return index < input.length() ? input.charAt(index) : '\0';
  }

  private PromQLParseException error(int offset, String detail) {
    return PromQLParseException.at(input, offset, detail);
  }

  /** Go's {@code %q} for a rune. */
  static String goRune(char c) {
    if (c == '\0') {
      return "U+0000";
    }
    if (c == '\'') {
      return "'\\''";
    }
    String quoted = GoStrings.goQuote(String.valueOf(c));
    return "'" + quoted.substring(1, quoted.length() - 1) + "'";
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isAlpha(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isAlphaNumeric(char c) {
    return isAlpha(c) || isDigit(c);
  }
}
