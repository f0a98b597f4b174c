package io.tracemate.logql.syntax;

/** Kinds of LogQL tokens. Names follow Loki's grammar and punctuation displays as itself, as in Loki's errors. */
enum TokenType {
  IDENTIFIER,
  STRING,
  NUMBER,
  DURATION,
  BYTES,
  RANGE,
  PARSER_FLAG,
  OPEN_BRACE("{"),
  CLOSE_BRACE("}"),
  OPEN_PARENTHESIS("("),
  CLOSE_PARENTHESIS(")"),
  COMMA(","),
  EQ("="),
  NEQ("!="),
  RE("=~"),
  NRE("!~"),
  CMP_EQ("=="),
  GT(">"),
  GTE(">="),
  LT("<"),
  LTE("<="),
  PIPE("|"),
  PIPE_EXACT("|="),
  PIPE_MATCH("|~"),
  PIPE_PATTERN("|>"),
  NPA("!>"),
  ADD("+"),
  SUB("-"),
  MUL("*"),
  DIV("/"),
  MOD("%"),
  POW("^"),
  BY,
  WITHOUT,
  BOOL,
  OFFSET,
  ON,
  IGNORING,
  GROUP_LEFT,
  GROUP_RIGHT,
  OR,
  AND,
  UNLESS,
  JSON,
  REGEXP,
  LOGFMT,
  UNPACK,
  PATTERN,
  LABEL_FMT,
  LINE_FMT,
  IP,
  DECOLORIZE,
  DROP,
  KEEP,
  UNWRAP,
  LABEL_REPLACE,
  /** A range aggregation name directly followed by a call ({@code rate(}, {@code count_over_time(} ...). */
  RANGE_OP,
  /** A vector aggregation name followed by a call or by {@code by (}/{@code without (}. */
  VECTOR_OP,
  VECTOR,
  /** {@code bytes}, {@code duration} or {@code duration_seconds} followed by {@code (} inside unwrap. */
  CONVERSION,
  EOF("end of input");

  private final String display;

  TokenType() {
    this.display = null;
  }

  TokenType(String display) {
    this.display = display;
  }

  /** How the token kind appears in error messages. */
  String display() {
    return display != null ? display : name();
  }
}
