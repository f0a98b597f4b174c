package io.tracemate.logql.syntax;

import io.tracemate.common.units.ByteSizes;
import io.tracemate.common.units.PrometheusDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Turns LogQL text into tokens the way Loki's lex.go does: keywords are case-insensitive; function names
 * ({@code rate}, {@code sum}, {@code vector}, {@code bytes} ...) are keywords only when a call follows ({@code (}, or
 * {@code by (} / {@code without (}), so they stay usable as label names; a number with a unit is one DURATION or
 * BYTES token (durations win: {@code 5m} is minutes, {@code 5M} megabytes); {@code [...]} is one RANGE token; and
 * {@code #} starts a comment. Not thread-safe: one instance per query, used through {@link #tokenize}.
 */
final class Lexer {
  private static final Map<String, TokenType> KEYWORDS =
      Map.ofEntries(
          Map.entry("by", TokenType.BY),
          Map.entry("without", TokenType.WITHOUT),
          Map.entry("bool", TokenType.BOOL),
          Map.entry("offset", TokenType.OFFSET),
          Map.entry("on", TokenType.ON),
          Map.entry("ignoring", TokenType.IGNORING),
          Map.entry("group_left", TokenType.GROUP_LEFT),
          Map.entry("group_right", TokenType.GROUP_RIGHT),
          Map.entry("or", TokenType.OR),
          Map.entry("and", TokenType.AND),
          Map.entry("unless", TokenType.UNLESS),
          Map.entry("json", TokenType.JSON),
          Map.entry("regexp", TokenType.REGEXP),
          Map.entry("logfmt", TokenType.LOGFMT),
          Map.entry("unpack", TokenType.UNPACK),
          Map.entry("pattern", TokenType.PATTERN),
          Map.entry("label_format", TokenType.LABEL_FMT),
          Map.entry("line_format", TokenType.LINE_FMT),
          Map.entry("ip", TokenType.IP),
          Map.entry("decolorize", TokenType.DECOLORIZE),
          Map.entry("drop", TokenType.DROP),
          Map.entry("keep", TokenType.KEEP),
          Map.entry("unwrap", TokenType.UNWRAP),
          Map.entry("label_replace", TokenType.LABEL_REPLACE));
  private static final Map<String, TokenType> FUNCTIONS = functions();
  private static final Map<String, TokenType> TWO_CHAR_OPERATORS =
      Map.of(
          "!=",
          TokenType.NEQ,
          "=~",
          TokenType.RE,
          "!~",
          TokenType.NRE,
          "!>",
          TokenType.NPA,
          "|=",
          TokenType.PIPE_EXACT,
          "|~",
          TokenType.PIPE_MATCH,
          "|>",
          TokenType.PIPE_PATTERN,
          "==",
          TokenType.CMP_EQ,
          ">=",
          TokenType.GTE,
          "<=",
          TokenType.LTE);
  private static final Map<Character, TokenType> ONE_CHAR_OPERATORS =
      Map.ofEntries(
          Map.entry('{', TokenType.OPEN_BRACE),
          Map.entry('}', TokenType.CLOSE_BRACE),
          Map.entry('(', TokenType.OPEN_PARENTHESIS),
          Map.entry(')', TokenType.CLOSE_PARENTHESIS),
          Map.entry(',', TokenType.COMMA),
          Map.entry('=', TokenType.EQ),
          Map.entry('|', TokenType.PIPE),
          Map.entry('+', TokenType.ADD),
          Map.entry('-', TokenType.SUB),
          Map.entry('*', TokenType.MUL),
          Map.entry('/', TokenType.DIV),
          Map.entry('%', TokenType.MOD),
          Map.entry('^', TokenType.POW),
          Map.entry('>', TokenType.GT),
          Map.entry('<', TokenType.LT));
  private static final String DURATION_UNIT_CHARS = "nuµmshdwy";
  private static final String BYTES_UNIT_CHARS = "BikKMGTP";
  private static final Set<String> PARSER_FLAGS = Set.of("--strict", "--keep-empty");

  private final String source;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;

  private Lexer(String source) {
    this.source = source;
  }

  /** All tokens of {@code source}, ending with EOF; throws {@link LogQLParseException} on a lexical error. */
  static List<Token> tokenize(String source) {
    Lexer lexer = new Lexer(source);
    lexer.run();
    return List.copyOf(lexer.tokens);
  }

  private static Map<String, TokenType> functions() {
    Map<String, TokenType> functions = new HashMap<>();
    for (RangeOp op : RangeOp.values()) {
      functions.put(op.symbol(), TokenType.RANGE_OP);
    }
    for (VectorOp op : VectorOp.values()) {
      functions.put(op.symbol(), TokenType.VECTOR_OP);
    }
    for (UnwrapConversion conversion : UnwrapConversion.values()) {
      if (conversion != UnwrapConversion.NONE) {
        functions.put(conversion.symbol(), TokenType.CONVERSION);
      }
    }
    functions.put("vector", TokenType.VECTOR);
    return Map.copyOf(functions);
  }

  private void run() {
    while (true) {
      skipSpaceAndComments();
      if (pos >= source.length()) {
        tokens.add(new Token(TokenType.EOF, "", pos, null));
        return;
      }
      int start = pos;
      char c = source.charAt(pos);
      if (c == '"') {
        quoted(start);
      } else if (c == '`') {
        raw(start);
      } else if (isDigit(c) || (c == '.' && isDigit(charAt(pos + 1)))) {
        number(start);
      } else if (c == '[') {
        range(start);
      } else if (isIdentifierStart(c)) {
        word(start);
      } else if (!(c == '-' && charAt(pos + 1) == '-' && parserFlag(start))) {
        operator(start);
      }
    }
  }

  private void skipSpaceAndComments() {
    while (pos < source.length()) {
      char c = source.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '#') {
        while (pos < source.length() && source.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private void quoted(int start) {
    StringBuilder value = new StringBuilder();
    pos++;
    while (true) {
      if (pos >= source.length()) {
        throw error(start, "literal not terminated");
      }
      char c = source.charAt(pos++);
      if (c == '"') {
        break;
      }
      if (c == '\n') {
        throw error(start, "literal not terminated");
      }
      if (c == '\\') {
        escape(value);
      } else {
        value.append(c);
      }
    }
    add(TokenType.STRING, start, value.toString());
  }

  /** Go string escapes, as Loki unquotes with strconv. */
  private void escape(StringBuilder value) {
    int escapeStart = pos - 1;
    if (pos >= source.length()) {
      throw error(escapeStart, "literal not terminated");
    }
    char c = source.charAt(pos++);
    switch (c) {
      case 'a' -> value.append((char) 7);
      case 'b' -> value.append('\b');
      case 'f' -> value.append('\f');
      case 'n' -> value.append('\n');
      case 'r' -> value.append('\r');
      case 't' -> value.append('\t');
      case 'v' -> value.append((char) 11);
      case '\\', '"', '\'' -> value.append(c);
      case 'x' -> value.append((char) hexDigits(2, escapeStart));
      case 'u' -> value.appendCodePoint(hexDigits(4, escapeStart));
      case 'U' -> value.appendCodePoint(hexDigits(8, escapeStart));
      case '0', '1', '2', '3', '4', '5', '6', '7' -> {
        int code = c - '0';
        for (int i = 0; i < 2; i++) {
          char digit = charAt(pos++);
          if (digit < '0' || digit > '7') {
            throw error(escapeStart, "invalid octal escape sequence");
          }
          code = code * 8 + (digit - '0');
        }
        if (code > 255) {
          throw error(escapeStart, "invalid octal escape sequence");
        }
        value.append((char) code);
      }
      default -> throw error(escapeStart, "invalid escape sequence \\" + c);
    }
  }

  private int hexDigits(int count, int escapeStart) {
    if (pos + count > source.length()) {
      throw error(escapeStart, "invalid escape sequence");
    }
    try {
      int code = Integer.parseUnsignedInt(source.substring(pos, pos + count), 16);
      if (!Character.isValidCodePoint(code) || (code >= 0xD800 && code <= 0xDFFF)) {
        throw error(escapeStart, "escape sequence is an invalid Unicode code point");
      }
      pos += count;
      return code;
    } catch (NumberFormatException e) {
      throw error(escapeStart, "invalid escape sequence");
    }
  }

  private void raw(int start) {
    int end = source.indexOf('`', start + 1);
    if (end < 0) {
      throw error(start, "literal not terminated");
    }
    String value = source.substring(start + 1, end);
    pos = end + 1;
    add(TokenType.STRING, start, value);
  }

  private void number(int start) {
    pos = scan(pos, Lexer::isDigit);
    if (charAt(pos) == '.') {
      pos = scan(pos + 1, Lexer::isDigit);
    }
    char e = charAt(pos);
    if (e == 'e' || e == 'E') {
      int digitsAt = charAt(pos + 1) == '+' || charAt(pos + 1) == '-' ? pos + 2 : pos + 1;
      if (isDigit(charAt(digitsAt))) {
        pos = scan(digitsAt, Lexer::isDigit);
      }
    }
    if (unitSuffix(start, pos)) {
      return;
    }
    double value = Double.parseDouble(source.substring(start, pos));
    if (Double.isInfinite(value)) {
      throw error(start, "number out of range: " + source.substring(start, pos));
    }
    add(TokenType.NUMBER, start, value);
  }

  /**
   * Longest literal tried as a duration or byte size: a valid one is far shorter (seven units of at most 20 digits).
   * Without a bound, each number of {@code 1.5s1.5s1.5s...} scanned and copied the whole rest of the run, which made
   * lexing quadratic (found by fuzzing: 8 KB took 470 MB and 200 ms; a 128 KiB query would take about a minute).
   */
  static final int MAX_UNIT_LITERAL = 256;

  /** Tries a duration, then a byte size, on the number plus the unit characters glued to it. */
  private boolean unitSuffix(int start, int numberEnd) {
    int limit = Math.min(source.length(), start + MAX_UNIT_LITERAL + 1);
    int durationEnd =
        scan(
            numberEnd,
            limit,
            ch -> isDigit(ch) || ch == '.' || DURATION_UNIT_CHARS.indexOf(ch) >= 0);
    if (durationEnd > numberEnd && durationEnd - start <= MAX_UNIT_LITERAL) {
      Optional<Duration> duration = PrometheusDuration.parse(source.substring(start, durationEnd));
      if (duration.isPresent()) {
        pos = durationEnd;
        add(TokenType.DURATION, start, duration.get());
        return true;
      }
    }
    int bytesEnd =
        scan(numberEnd, limit, ch -> isDigit(ch) || ch == '.' || BYTES_UNIT_CHARS.indexOf(ch) >= 0);
    if (bytesEnd > numberEnd && bytesEnd - start <= MAX_UNIT_LITERAL) {
      OptionalLong bytes = bytes(source.substring(start, bytesEnd));
      if (bytes.isPresent()) {
        pos = bytesEnd;
        add(TokenType.BYTES, start, bytes.getAsLong());
        return true;
      }
    }
    return false;
  }

  /** A bytes literal as Loki reads it (go-humanize), or empty. */
  private static OptionalLong bytes(String text) {
    try {
      return OptionalLong.of(ByteSizes.parseHumanized(text));
    } catch (IllegalArgumentException e) {
      return OptionalLong.empty();
    }
  }

  private void range(int start) {
    int close = source.indexOf(']', start + 1);
    if (close < 0) {
      throw error(start, "missing closing ']' in duration");
    }
    String text = source.substring(start + 1, close);
    Duration duration =
        PrometheusDuration.parse(text.strip())
            .orElseThrow(() -> error(start + 1, "not a valid duration string: \"" + text + "\""));
    pos = close + 1;
    add(TokenType.RANGE, start, duration);
  }

  private void word(int start) {
    pos = scan(pos, Lexer::isIdentifierPart);
    String text = source.substring(start, pos);
    String lower = text.toLowerCase(Locale.ROOT);
    TokenType keyword = KEYWORDS.get(lower);
    if (keyword != null) {
      add(keyword, start, lower);
      return;
    }
    TokenType function = FUNCTIONS.get(lower);
    if (function != null && followedByCall(pos)) {
      add(function, start, lower);
      return;
    }
    add(TokenType.IDENTIFIER, start, text);
  }

  /** Loki's isFunction: the next non-space is '(' or the word by/without followed by '('. */
  private boolean followedByCall(int from) {
    int i = skipSpace(from);
    if (charAt(i) == '(') {
      return true;
    }
    int wordEnd = scan(i, Lexer::isIdentifierPart);
    String next = source.substring(i, wordEnd).toLowerCase(Locale.ROOT);
    return (next.equals("by") || next.equals("without")) && charAt(skipSpace(wordEnd)) == '(';
  }

  private boolean parserFlag(int start) {
    int end = scan(start + 2, ch -> Character.isLetter(ch) || ch == '-');
    if (end == start + 2) {
      return false;
    }
    String flag = source.substring(start, end);
    if (!PARSER_FLAGS.contains(flag)) {
      throw error(start, "unknown parser flag " + flag + ", expecting --strict or --keep-empty");
    }
    pos = end;
    add(TokenType.PARSER_FLAG, start, flag);
    return true;
  }

  private void operator(int start) {
    if (pos + 1 < source.length()) {
      TokenType twoChar = TWO_CHAR_OPERATORS.get(source.substring(pos, pos + 2));
      if (twoChar != null) {
        pos += 2;
        add(twoChar, start, null);
        return;
      }
    }
    TokenType oneChar = ONE_CHAR_OPERATORS.get(source.charAt(pos));
    if (oneChar == null) {
      throw error(start, "syntax error: unexpected character '" + source.charAt(pos) + "'");
    }
    pos++;
    add(oneChar, start, null);
  }

  private void add(TokenType type, int start, Object value) {
    tokens.add(new Token(type, source.substring(start, pos), start, value));
  }

  private int scan(int from, IntPredicate accepted) {
    return scan(from, source.length(), accepted);
  }

  /** As {@link #scan(int, IntPredicate)}, stopping at {@code end}. */
  private int scan(int from, int end, IntPredicate accepted) {
    int i = from;
    while (i < end && accepted.test(source.charAt(i))) {
      i++;
    }
    return i;
  }

  private int skipSpace(int from) {
    return scan(from, Character::isWhitespace);
  }

  private char charAt(int i) {
    return i < source.length() ? source.charAt(i) : '\0';
  }

  private LogQLParseException error(int offset, String detail) {
    return LogQLParseException.at(source, offset, detail);
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentifierStart(int c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isIdentifierPart(int c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
