package io.tracemate.logql.syntax;

import static io.tracemate.logql.syntax.TokenType.*;

import io.tracemate.querysupport.MatchType;

/**
 * Label filter expressions: {@code or} of conjunctions, where {@code and}, {@code ,} and plain juxtaposition all
 * mean "and" (Loki's grammar), over string, {@code ip()}, numeric, duration and bytes comparisons.
 */
final class LabelFilterParser {
  private final Cursor cursor;

  LabelFilterParser(Cursor cursor) {
    this.cursor = cursor;
  }

  /** {@code or} of conjunctions. */
  LabelFilter parse() {
    cursor.descend();
    try {
      LabelFilter left = labelFilterConjunction();
      while (cursor.accept(OR)) {
        left = new LabelFilter.Or(left, labelFilterConjunction());
      }
      return left;
    } finally {
      cursor.ascend();
    }
  }

  /** {@code and}, {@code ,} and plain juxtaposition all mean "and" in Loki's grammar. */
  private LabelFilter labelFilterConjunction() {
    LabelFilter left = labelFilterPrimary();
    while (true) {
      if (cursor.accept(AND)
          || cursor.accept(COMMA)
          || cursor.at(IDENTIFIER)
          || cursor.at(OPEN_PARENTHESIS)) {
        left = new LabelFilter.And(left, labelFilterPrimary());
      } else {
        return left;
      }
    }
  }

  private LabelFilter labelFilterPrimary() {
    if (cursor.accept(OPEN_PARENTHESIS)) {
      LabelFilter inner = parse();
      cursor.expect(CLOSE_PARENTHESIS, ") or AND or OR");
      return inner;
    }
    String label = cursor.expect(IDENTIFIER, "IDENTIFIER or (").text();
    Token op = cursor.peek();
    MatchType matchType = PipelineParser.matchType(op);
    ComparisonOp comparison = comparison(op.type());
    if (matchType == null && comparison == null) {
      throw cursor.unexpected(op, "a comparison operator");
    }
    cursor.next();
    Token value = cursor.peek();
    switch (value.type()) {
      case STRING -> {
        if (matchType == null) {
          throw cursor.unexpected(value, "NUMBER or DURATION or BYTES");
        }
        cursor.next();
        if (matchType == MatchType.REGEX || matchType == MatchType.NOT_REGEX) {
          RegexChecks.matcher(cursor, value, value.string());
        }
        return new LabelFilter.StringMatch(new LabelMatcher(label, matchType, value.string()));
      }
      case IP -> {
        if (op.type() != EQ && op.type() != NEQ) {
          throw cursor.unexpected(value, "STRING");
        }
        cursor.next();
        cursor.expect(OPEN_PARENTHESIS);
        String pattern = cursor.expect(STRING).string();
        cursor.expect(CLOSE_PARENTHESIS);
        return new LabelFilter.IpMatch(label, op.type() == NEQ, pattern);
      }
      case DURATION, BYTES, NUMBER, ADD, SUB -> {
        if (comparison == null) {
          throw cursor.unexpected(value, "STRING");
        }
        if (value.type() == DURATION) {
          return new LabelFilter.DurationCompare(label, comparison, cursor.next().duration());
        }
        if (value.type() == BYTES) {
          return new LabelFilter.BytesCompare(label, comparison, cursor.next().bytes());
        }
        return new LabelFilter.NumericCompare(label, comparison, cursor.signedNumber());
      }
      default -> throw cursor.unexpected(value, "STRING or NUMBER or DURATION or BYTES or IP");
    }
  }

  private static ComparisonOp comparison(TokenType type) {
    return switch (type) {
      case EQ, CMP_EQ -> ComparisonOp.EQUAL;
      case NEQ -> ComparisonOp.NOT_EQUAL;
      case GT -> ComparisonOp.GREATER;
      case GTE -> ComparisonOp.GREATER_OR_EQUAL;
      case LT -> ComparisonOp.LESS;
      case LTE -> ComparisonOp.LESS_OR_EQUAL;
      default -> null;
    };
  }
}
