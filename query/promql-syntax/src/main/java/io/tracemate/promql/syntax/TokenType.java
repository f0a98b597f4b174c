package io.tracemate.promql.syntax;

/** Kinds of PromQL tokens, named after Prometheus' lexer items so messages read the same. */
enum TokenType {
  EOF("end of input"),
  IDENTIFIER("identifier"),
  METRIC_IDENTIFIER("metric identifier"),
  STRING("string"),
  NUMBER("number"),
  DURATION("duration"),

  LEFT_PAREN("\"(\""),
  RIGHT_PAREN("\")\""),
  LEFT_BRACE("\"{\""),
  RIGHT_BRACE("\"}\""),
  LEFT_BRACKET("\"[\""),
  RIGHT_BRACKET("\"]\""),
  COMMA("\",\""),
  EQL("\"=\""),
  COLON("\":\""),
  AT("\"@\""),

  // Operators.
  ADD("<op:+>"),
  SUB("<op:->"),
  MUL("<op:*>"),
  DIV("<op:/>"),
  MOD("<op:%>"),
  POW("<op:^>"),
  EQLC("<op:==>"),
  NEQ("<op:!=>"),
  LSS("<op:<>"),
  LTE("<op:<=>"),
  GTR("<op:>>"),
  GTE("<op:>=>"),
  EQL_REGEX("<op:=~>"),
  NEQ_REGEX("<op:!~>"),
  TRIM_UPPER("<op:</>"),
  TRIM_LOWER("<op:>/>"),
  LAND("<op:and>"),
  LOR("<op:or>"),
  LUNLESS("<op:unless>"),
  ATAN2("<op:atan2>"),

  // Aggregators: the token's text is the operator's name.
  AGGREGATOR("aggregator"),

  // Keywords.
  OFFSET("<offset>"),
  BY("<by>"),
  WITHOUT("<without>"),
  ON("<on>"),
  IGNORING("<ignoring>"),
  GROUP_LEFT("<group_left>"),
  GROUP_RIGHT("<group_right>"),
  BOOL("<bool>"),
  START("<start>"),
  END("<end>"),
  STEP("<step>"),
  RANGE("<range>"),
  SMOOTHED("<smoothed>"),
  ANCHORED("<anchored>"),
  FILL("<fill>"),
  FILL_LEFT("<fill_left>"),
  FILL_RIGHT("<fill_right>"),
  MAX_OF("<max_of>"),
  MIN_OF("<min_of>");

  private final String display;

  TokenType(String display) {
    this.display = display;
  }

  /** How Prometheus names this kind of token in "unexpected ..." messages. */
  String display() {
    return display;
  }

  /** Keywords that Prometheus' grammar also accepts as a metric name or label name. */
  boolean isNameLike() {
    return switch (this) {
      case IDENTIFIER,
          METRIC_IDENTIFIER,
          AGGREGATOR,
          LAND,
          LOR,
          LUNLESS,
          ATAN2,
          OFFSET,
          BY,
          WITHOUT,
          ON,
          IGNORING,
          GROUP_LEFT,
          GROUP_RIGHT,
          BOOL,
          START,
          END,
          STEP,
          RANGE,
          SMOOTHED,
          ANCHORED,
          FILL,
          FILL_LEFT,
          FILL_RIGHT,
          MAX_OF,
          MIN_OF ->
          true;
      default -> false;
    };
  }
}
