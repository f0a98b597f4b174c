package io.tracemate.promql.syntax;

import static io.tracemate.promql.syntax.TokenType.*;

import io.tracemate.promql.syntax.Expr.Aggregation;
import io.tracemate.promql.syntax.Expr.Binary;
import io.tracemate.promql.syntax.Expr.Call;
import io.tracemate.promql.syntax.Expr.NumberLiteral;
import io.tracemate.promql.syntax.Expr.Paren;
import io.tracemate.promql.syntax.Expr.StringLiteral;
import io.tracemate.promql.syntax.Expr.Unary;
import io.tracemate.querysupport.BinaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The expression grammar of Prometheus' {@code generated_parser.y}, by recursive descent: precedence climbing for
 * binary operators ({@link BinaryOp} holds the table), unary minus binding like {@code *}, postfix modifiers
 * ({@code [range]}, {@code [range:step]}, {@code offset}, {@code @}) binding tightest, and the errors Prometheus'
 * grammar actions raise while parsing. Type checks run afterwards ({@link TypeChecker}), as in Prometheus.
 */
final class ExprParser {
  /** Unary minus and plus bind like {@code *}: {@code -a * b} is {@code (-a) * b}, {@code -a ^ b} is {@code -(a ^ b)}. */
  private static final int UNARY_PRECEDENCE = BinaryOp.MUL.precedence();

  private final Cursor cursor;
  private final Positions positions;
  private final SelectorParser selectors;
  private final Modifiers modifiers;

  ExprParser(Cursor cursor, Positions positions) {
    this.cursor = cursor;
    this.positions = positions;
    this.selectors = new SelectorParser(cursor, positions);
    this.modifiers = new Modifiers(cursor, positions);
  }

  /** The whole query: one expression, then end of input. */
  Expr query() {
    if (cursor.at(EOF)) {
      throw cursor.error(0, "no expression found in input");
    }
    Expr expr = expression(0);
    if (!cursor.at(EOF)) {
      throw cursor.unexpected(null, null);
    }
    return expr;
  }

  private Expr expression(int minPrecedence) {
    cursor.descend();
    try {
      Expr left = unary();
      while (true) {
        Token opToken = cursor.peek();
        if (opToken.type() == TRIM_UPPER || opToken.type() == TRIM_LOWER) {
          throw cursor.unsupported(
              opToken.offset(),
              "operator "
                  + GoStrings.goQuote(opToken.text())
                  + " trims native histograms, which Tracemate does not keep");
        }
        BinaryOp op = binaryOp(opToken.type());
        if (op == null || op.precedence() < minPrecedence) {
          return left;
        }
        cursor.next();
        BinaryModifiers mods = binaryModifiers();
        int rightMin = op.rightAssociative() ? op.precedence() : op.precedence() + 1;
        Expr right = expression(rightMin);
        Optional<VectorMatching> matching = matching(op, mods, left, right);
        Binary binary =
            positions.at(
                new Binary(op, left, right, matching, mods.returnBool()), positions.start(left));
        positions.operator(binary, opToken.offset());
        left = binary;
      }
    } finally {
      cursor.ascend();
    }
  }

  private Expr unary() {
    Token sign = cursor.peek();
    if (sign.type() != ADD && sign.type() != SUB) {
      return postfix(primary());
    }
    cursor.next();
    cursor.descend();
    try {
      Expr operand = expression(UNARY_PRECEDENCE + 1);
      boolean negate = sign.type() == SUB;
      if (operand instanceof NumberLiteral n) {
        return positions.at(
            new NumberLiteral(negate ? -n.value() : n.value(), n.duration()), sign.offset());
      }
      return positions.at(new Unary(negate, operand), sign.offset());
    } finally {
      cursor.ascend();
    }
  }

  private Expr postfix(Expr expr) {
    Expr current = expr;
    while (true) {
      switch (cursor.peek().type()) {
        case LEFT_BRACKET -> current = modifiers.range(current);
        case OFFSET -> current = modifiers.offset(current);
        case AT -> current = modifiers.at(current);
        case SMOOTHED, ANCHORED ->
            throw cursor.unsupported(
                cursor.peek().offset(),
                "the "
                    + cursor.peek().text().toLowerCase(java.util.Locale.ROOT)
                    + " modifier is experimental in Prometheus and not supported");
        default -> {
          return current;
        }
      }
    }
  }

  private Expr primary() {
    Token token = cursor.peek();
    switch (token.type()) {
      case NUMBER -> {
        cursor.next();
        return positions.at(new NumberLiteral(token.number()), token.offset());
      }
      case DURATION -> {
        cursor.next();
        return positions.at(
            new NumberLiteral(token.durationMillis() / 1000.0, true), token.offset());
      }
      case STRING -> {
        cursor.next();
        return positions.at(new StringLiteral(token.string()), token.offset());
      }
      case LEFT_PAREN -> {
        cursor.next();
        Expr inner = expression(0);
        cursor.expect(RIGHT_PAREN, "paren expression", "\")\"");
        return positions.at(new Paren(inner), token.offset());
      }
      case LEFT_BRACE -> {
        return selectors.vectorSelector(null);
      }
      case AGGREGATOR -> {
        TokenType next = cursor.peek(1).type();
        if (next == LEFT_PAREN || next == BY || next == WITHOUT) {
          return aggregation();
        }
        return selectors.vectorSelector(cursor.next());
      }
      case IDENTIFIER -> {
        if (cursor.peek(1).type() == LEFT_PAREN) {
          return call();
        }
        return selectors.vectorSelector(cursor.next());
      }
      case START, END, STEP, RANGE, MAX_OF, MIN_OF -> {
        if (cursor.peek(1).type() == LEFT_PAREN) {
          return call();
        }
        return selectors.vectorSelector(cursor.next());
      }
      case METRIC_IDENTIFIER,
          BY,
          WITHOUT,
          OFFSET,
          LAND,
          LOR,
          LUNLESS,
          SMOOTHED,
          ANCHORED,
          FILL,
          FILL_LEFT,
          FILL_RIGHT -> {
        return selectors.vectorSelector(cursor.next());
      }
      default -> throw cursor.unexpected(null, null);
    }
  }

  private Expr call() {
    Token name = cursor.next();
    Function function = Function.byName(name.text());
    if (function == null) {
      throw cursor.error(
          name.offset(), "unknown function with name " + GoStrings.goQuote(name.text()));
    }
    switch (function.support()) {
      case NATIVE_HISTOGRAMS ->
          throw cursor.unsupported(
              name.offset(),
              "function "
                  + GoStrings.goQuote(function.promqlName())
                  + " works on native histograms, which Tracemate does not "
                  + "keep (its histograms are classic: one series per bucket with an \"le\" label)");
      case EXPERIMENTAL ->
          throw cursor.unsupported(
              name.offset(),
              "function "
                  + GoStrings.goQuote(function.promqlName())
                  + " is experimental in Prometheus and not supported");
      case SUPPORTED -> {}
    }
    List<Expr> args = callArguments();
    return positions.at(new Call(function, args), name.offset());
  }

  private List<Expr> callArguments() {
    cursor.expect(LEFT_PAREN, null, "\"(\"");
    List<Expr> args = new ArrayList<>();
    if (cursor.accept(RIGHT_PAREN)) {
      return args;
    }
    while (true) {
      args.add(expression(0));
      if (cursor.accept(RIGHT_PAREN)) {
        return args;
      }
      Token comma = cursor.expect(COMMA, "function call", "\",\" or \")\"");
      if (cursor.at(RIGHT_PAREN)) {
        throw cursor.error(comma.offset(), "trailing commas not allowed in function call args");
      }
    }
  }

  private Expr aggregation() {
    Token opToken = cursor.next();
    AggregationOp op = AggregationOp.byName(opToken.string());
    if (!op.supported()) {
      throw cursor.unsupported(
          opToken.offset(), op.promqlName() + "() is experimental in Prometheus and not supported");
    }
    List<String> grouping = List.of();
    boolean without = false;
    boolean groupingBefore = cursor.at(BY) || cursor.at(WITHOUT);
    if (groupingBefore) {
      without = cursor.next().type() == WITHOUT;
      grouping = groupingLabels();
    }
    if (!cursor.at(LEFT_PAREN)) {
      throw cursor.unexpected("aggregation", null);
    }
    List<Expr> args = callArguments();
    if (!groupingBefore && (cursor.at(BY) || cursor.at(WITHOUT))) {
      without = cursor.next().type() == WITHOUT;
      grouping = groupingLabels();
    }
    if (args.isEmpty()) {
      throw cursor.error(opToken.offset(), "no arguments for aggregate expression provided");
    }
    int wanted = op.parameterType() == null ? 1 : 2;
    if (args.size() != wanted) {
      throw cursor.error(
          opToken.offset(),
          "wrong number of arguments for aggregate expression provided, expected "
              + wanted
              + ", got "
              + args.size());
    }
    Optional<Expr> param = wanted == 2 ? Optional.of(args.get(0)) : Optional.empty();
    return positions.at(
        new Aggregation(op, args.get(wanted - 1), param, grouping, without), opToken.offset());
  }

  /** {@code (a, b, "c.d")} after by, without, on, ignoring, group_left, group_right. */
  List<String> groupingLabels() {
    if (!cursor.at(LEFT_PAREN)) {
      throw cursor.unexpected("grouping opts", "\"(\"");
    }
    cursor.next();
    List<String> labels = new ArrayList<>();
    while (!cursor.accept(RIGHT_PAREN)) {
      Token label = cursor.peek();
      String name;
      if (label.type() == STRING) {
        name = label.string();
      } else if (label.type().isNameLike()) {
        name = label.text();
      } else {
        throw cursor.unexpected("grouping opts", labels.isEmpty() ? "label" : "\",\" or \")\"");
      }
      if (!GoStrings.isValidLabelName(name)) {
        throw cursor.error(
            label.offset(), "invalid label name for grouping: " + GoStrings.goQuote(name));
      }
      cursor.next();
      labels.add(name);
      if (!cursor.at(RIGHT_PAREN)) {
        cursor.expect(COMMA, "grouping opts", "\",\" or \")\"");
      }
    }
    return labels;
  }

  private BinaryModifiers binaryModifiers() {
    boolean returnBool = cursor.accept(BOOL);
    List<String> matchingLabels = List.of();
    boolean on = false;
    boolean hasMatching = false;
    VectorMatching.Cardinality cardinality = VectorMatching.Cardinality.ONE_TO_ONE;
    List<String> include = List.of();
    if (cursor.at(ON) || cursor.at(IGNORING)) {
      hasMatching = true;
      on = cursor.next().type() == ON;
      matchingLabels = groupingLabels();
      if (cursor.at(GROUP_LEFT) || cursor.at(GROUP_RIGHT)) {
        cardinality =
            cursor.next().type() == GROUP_LEFT
                ? VectorMatching.Cardinality.MANY_TO_ONE
                : VectorMatching.Cardinality.ONE_TO_MANY;
        if (cursor.at(LEFT_PAREN)) {
          include = groupingLabels();
        }
      }
    }
    if (cursor.at(FILL) || cursor.at(FILL_LEFT) || cursor.at(FILL_RIGHT)) {
      throw cursor.unsupported(
          cursor.peek().offset(),
          "the "
              + cursor.peek().string()
              + " modifier is experimental in Prometheus and not supported");
    }
    return new BinaryModifiers(returnBool, hasMatching, on, matchingLabels, cardinality, include);
  }

  /**
   * Vector matching exists only between two instant vectors (Prometheus drops it otherwise, and refuses on/ignoring
   * labels there); set operators match many-to-many.
   */
  private Optional<VectorMatching> matching(
      BinaryOp op, BinaryModifiers mods, Expr left, Expr right) {
    if (positions.type(left) != ValueType.VECTOR || positions.type(right) != ValueType.VECTOR) {
      if (!mods.matchingLabels().isEmpty()) {
        throw cursor.error(
            positions.start(left), "vector matching only allowed between instant vectors");
      }
      return Optional.empty();
    }
    VectorMatching.Cardinality cardinality = mods.cardinality();
    if (op.isSetOperator() && cardinality == VectorMatching.Cardinality.ONE_TO_ONE) {
      cardinality = VectorMatching.Cardinality.MANY_TO_MANY;
    }
    return Optional.of(
        new VectorMatching(cardinality, mods.matchingLabels(), mods.on(), mods.include()));
  }

  private record BinaryModifiers(
      boolean returnBool,
      boolean hasMatching,
      boolean on,
      List<String> matchingLabels,
      VectorMatching.Cardinality cardinality,
      List<String> include) {}

  private static BinaryOp binaryOp(TokenType type) {
    return switch (type) {
      case LOR -> BinaryOp.OR;
      case LAND -> BinaryOp.AND;
      case LUNLESS -> BinaryOp.UNLESS;
      case EQLC -> BinaryOp.EQUAL;
      case NEQ -> BinaryOp.NOT_EQUAL;
      case GTR -> BinaryOp.GREATER;
      case LSS -> BinaryOp.LESS;
      case GTE -> BinaryOp.GREATER_OR_EQUAL;
      case LTE -> BinaryOp.LESS_OR_EQUAL;
      case ADD -> BinaryOp.ADD;
      case SUB -> BinaryOp.SUB;
      case MUL -> BinaryOp.MUL;
      case DIV -> BinaryOp.DIV;
      case MOD -> BinaryOp.MOD;
      case ATAN2 -> BinaryOp.ATAN2;
      case POW -> BinaryOp.POW;
      default -> null;
    };
  }
}
