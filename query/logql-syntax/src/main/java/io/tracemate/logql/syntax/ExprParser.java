package io.tracemate.logql.syntax;

import static io.tracemate.logql.syntax.TokenType.*;

import io.tracemate.logql.syntax.SampleExpr.BinaryOperation;
import io.tracemate.logql.syntax.SampleExpr.Literal;
import io.tracemate.querysupport.BinaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The expression half of the grammar: precedence climbing for binary operators ({@link BinaryOp} holds the
 * table), recursive descent for aggregations, literals, {@code vector()} and {@code label_replace()}. Applies the
 * validation Loki performs while parsing (unwrap/grouping/parameter rules, bool and set-operator rules).
 */
final class ExprParser {
  private final Cursor cursor;
  private final PipelineParser pipelines;

  ExprParser(Cursor cursor) {
    this.cursor = cursor;
    this.pipelines = new PipelineParser(cursor);
  }

  /** The whole query: one expression, then end of input. */
  Expr query() {
    Expr expr = expression(0);
    if (!cursor.at(EOF)) {
      throw cursor.unexpected(cursor.peek(), EOF.display());
    }
    // Loops build left-deep chains without recursing; everything after the parser walks them
    // recursively.
    if (QueryDepth.exceeding(expr, cursor.limits().maxDepth()) > 0) {
      throw cursor.tooDeep(0);
    }
    return expr;
  }

  private Expr expression(int minPrecedence) {
    cursor.descend();
    try {
      return operators(minPrecedence);
    } finally {
      cursor.ascend();
    }
  }

  private Expr operators(int minPrecedence) {
    Expr left = primary();
    while (true) {
      Token opToken = cursor.peek();
      BinaryOp op = binaryOp(opToken.type());
      if (op == null || op.precedence() < minPrecedence) {
        return left;
      }
      if (left instanceof LogSelectorExpr) {
        throw cursor.error(
            opToken,
            "syntax error: unexpected "
                + opToken.describe()
                + ", binary operations need metric expressions on both sides");
      }
      cursor.next();
      BinaryModifier modifier = modifier();
      Token rightStart = cursor.peek();
      int rightMinPrecedence = op.rightAssociative() ? op.precedence() : op.precedence() + 1;
      SampleExpr right = sample(expression(rightMinPrecedence), rightStart);
      left = binary(opToken, op, (SampleExpr) left, right, modifier);
    }
  }

  private static BinaryOp binaryOp(TokenType type) {
    return switch (type) {
      case OR -> BinaryOp.OR;
      case AND -> BinaryOp.AND;
      case UNLESS -> BinaryOp.UNLESS;
      case CMP_EQ -> BinaryOp.EQUAL;
      case NEQ -> BinaryOp.NOT_EQUAL;
      case GT -> BinaryOp.GREATER;
      case GTE -> BinaryOp.GREATER_OR_EQUAL;
      case LT -> BinaryOp.LESS;
      case LTE -> BinaryOp.LESS_OR_EQUAL;
      case ADD -> BinaryOp.ADD;
      case SUB -> BinaryOp.SUB;
      case MUL -> BinaryOp.MUL;
      case DIV -> BinaryOp.DIV;
      case MOD -> BinaryOp.MOD;
      case POW -> BinaryOp.POW;
      default -> null;
    };
  }

  private Expr primary() {
    Token token = cursor.peek();
    return switch (token.type()) {
      case NUMBER, ADD, SUB -> new Literal(cursor.signedNumber());
      case OPEN_PARENTHESIS -> {
        cursor.next();
        Expr inner = expression(0);
        cursor.expect(CLOSE_PARENTHESIS);
        yield inner;
      }
      case OPEN_BRACE -> pipelines.logQuery();
      case RANGE_OP -> rangeAggregation();
      case VECTOR_OP -> vectorAggregation();
      case VECTOR -> {
        cursor.next();
        cursor.expect(OPEN_PARENTHESIS);
        double value = cursor.signedNumber();
        cursor.expect(CLOSE_PARENTHESIS);
        yield new SampleExpr.VectorLiteral(value);
      }
      case LABEL_REPLACE -> labelReplace();
      default -> throw cursor.unexpected(token, "{ or ( or NUMBER or a function");
    };
  }

  private SampleExpr sample(Expr expr, Token start) {
    if (expr instanceof SampleExpr sample) {
      return sample;
    }
    throw cursor.error(start, "syntax error: unexpected log query, expecting a metric expression");
  }

  private SampleExpr rangeAggregation() {
    Token opToken = cursor.next();
    RangeOp op = RangeOp.fromSymbol(opToken.string());
    cursor.expect(OPEN_PARENTHESIS);
    OptionalDouble parameter = OptionalDouble.empty();
    int numberAhead = cursor.at(ADD) || cursor.at(SUB) ? 1 : 0;
    if (cursor.peek(numberAhead).type() == NUMBER && cursor.peek(numberAhead + 1).type() == COMMA) {
      parameter = OptionalDouble.of(cursor.signedNumber());
      cursor.next();
    }
    LogRange range = pipelines.logRange();
    cursor.expect(CLOSE_PARENTHESIS);
    Optional<Grouping> grouping = optionalGrouping();

    String name = op.symbol();
    if (parameter.isPresent() && !op.takesParameter()) {
      throw cursor.error(
          opToken,
          "parameter "
              + Printer.number(parameter.getAsDouble())
              + " not supported for operation "
              + name);
    }
    if (parameter.isEmpty() && op.takesParameter()) {
      throw cursor.error(opToken, "parameter required for operation " + name);
    }
    if (grouping.isPresent() && !op.allowsGrouping()) {
      throw cursor.error(opToken, "grouping not allowed for " + name + " aggregation");
    }
    if (range.unwrap().isPresent() && !op.allowsUnwrap()) {
      throw cursor.error(opToken, "invalid aggregation " + name + " with unwrap");
    }
    if (range.unwrap().isEmpty() && op.requiresUnwrap()) {
      throw cursor.error(opToken, "invalid aggregation " + name + " without unwrap");
    }
    return new SampleExpr.RangeAggregation(op, range, parameter, grouping);
  }

  private SampleExpr vectorAggregation() {
    Token opToken = cursor.next();
    VectorOp op = VectorOp.fromSymbol(opToken.string());
    Optional<Grouping> grouping = optionalGrouping();
    cursor.expect(OPEN_PARENTHESIS);
    Token parameterToken = cursor.peek();
    boolean hasParameter = parameterToken.type() == NUMBER && cursor.peek(1).type() == COMMA;
    if (hasParameter) {
      cursor.next();
      cursor.next();
    }
    Token innerStart = cursor.peek();
    SampleExpr inner = sample(expression(0), innerStart);
    cursor.expect(CLOSE_PARENTHESIS);
    if (grouping.isEmpty()) {
      grouping = optionalGrouping();
    }

    String name = op.symbol();
    OptionalInt parameter = OptionalInt.empty();
    if (hasParameter) {
      if (!op.takesParameter()) {
        throw cursor.error(
            parameterToken,
            "unsupported parameter for operation " + name + "(" + parameterToken.text() + ",");
      }
      parameter = OptionalInt.of(positiveInteger(name, parameterToken));
    } else if (op.takesParameter()) {
      throw cursor.error(opToken, "parameter required for operation " + name);
    }
    if (grouping.isPresent() && !op.allowsGrouping()) {
      throw cursor.error(opToken, "grouping not allowed for " + name + " aggregation");
    }
    return new SampleExpr.VectorAggregation(op, inner, parameter, grouping);
  }

  private int positiveInteger(String operation, Token token) {
    try {
      int value = Integer.parseInt(token.text());
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw cursor.error(
        token,
        "invalid parameter "
            + operation
            + "("
            + token.text()
            + ",: must be an integer greater than 0");
  }

  private SampleExpr labelReplace() {
    cursor.next();
    cursor.expect(OPEN_PARENTHESIS);
    Token innerStart = cursor.peek();
    SampleExpr inner = sample(expression(0), innerStart);
    List<String> arguments = new ArrayList<>();
    Token regex = null;
    for (int i = 0; i < 4; i++) {
      cursor.expect(COMMA);
      regex = cursor.expect(STRING);
      arguments.add(regex.string());
    }
    RegexChecks.labelReplace(cursor, regex, regex.string());
    cursor.expect(CLOSE_PARENTHESIS);
    return new SampleExpr.LabelReplace(
        inner, arguments.get(0), arguments.get(1), arguments.get(2), arguments.get(3));
  }

  private Optional<Grouping> optionalGrouping() {
    if (!cursor.at(BY) && !cursor.at(WITHOUT)) {
      return Optional.empty();
    }
    boolean without = cursor.next().type() == WITHOUT;
    return Optional.of(new Grouping(without, labelList()));
  }

  /** {@code ( [label {, label}] )}. */
  private List<String> labelList() {
    cursor.expect(OPEN_PARENTHESIS);
    List<String> labels = new ArrayList<>();
    if (!cursor.at(CLOSE_PARENTHESIS)) {
      do {
        labels.add(cursor.expect(IDENTIFIER).text());
      } while (cursor.accept(COMMA));
    }
    cursor.expect(CLOSE_PARENTHESIS, labels.isEmpty() ? "IDENTIFIER or )" : ") or ,");
    return labels;
  }

  private BinaryModifier modifier() {
    boolean returnBool = cursor.accept(BOOL);
    boolean on = false;
    List<String> matchingLabels = List.of();
    BinaryModifier.Cardinality cardinality = BinaryModifier.Cardinality.ONE_TO_ONE;
    List<String> include = List.of();
    if (cursor.at(ON) || cursor.at(IGNORING)) {
      on = cursor.next().type() == ON;
      matchingLabels = labelList();
      if (cursor.at(GROUP_LEFT) || cursor.at(GROUP_RIGHT)) {
        cardinality =
            cursor.next().type() == GROUP_LEFT
                ? BinaryModifier.Cardinality.MANY_TO_ONE
                : BinaryModifier.Cardinality.ONE_TO_MANY;
        if (startsIncludeList()) {
          include = labelList();
        }
      }
    }
    return new BinaryModifier(returnBool, on, matchingLabels, cardinality, include);
  }

  /** After group_left, '(' opens its label list only when labels (or nothing) follow; else the right operand. */
  private boolean startsIncludeList() {
    if (!cursor.at(OPEN_PARENTHESIS)) {
      return false;
    }
    TokenType first = cursor.peek(1).type();
    TokenType second = cursor.peek(2).type();
    return first == CLOSE_PARENTHESIS
        || (first == IDENTIFIER && (second == COMMA || second == CLOSE_PARENTHESIS));
  }

  private SampleExpr binary(
      Token opToken, BinaryOp op, SampleExpr left, SampleExpr right, BinaryModifier modifier) {
    if (modifier.returnBool() && !op.isComparison()) {
      throw cursor.error(opToken, "bool modifier can only be used on comparison operators");
    }
    boolean scalars = left instanceof Literal || right instanceof Literal;
    if (op.isSetOperator() && scalars) {
      throw cursor.error(
          opToken, "set operator " + op.symbol() + " not allowed in binary scalar expression");
    }
    if (op.isSetOperator() && modifier.cardinality() != BinaryModifier.Cardinality.ONE_TO_ONE) {
      throw cursor.error(opToken, "no grouping allowed for \"" + op.symbol() + "\" operation");
    }
    if (op.isComparison()
        && !modifier.returnBool()
        && left instanceof Literal
        && right instanceof Literal) {
      throw cursor.error(opToken, "comparisons between scalars must use BOOL modifier");
    }
    return new BinaryOperation(op, left, right, modifier);
  }
}
