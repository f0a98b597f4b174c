package io.tracemate.promql.syntax;

import static io.tracemate.promql.syntax.TokenType.*;

import io.tracemate.promql.syntax.Expr.MatrixSelector;
import io.tracemate.promql.syntax.Expr.Subquery;
import io.tracemate.promql.syntax.Expr.VectorSelector;
import java.util.Locale;
import java.util.Optional;

/**
 * The postfix part of the grammar: {@code [range]} (range vector selector), {@code [range:step]} (subquery),
 * {@code offset <duration>} and {@code @ <time>|start()|end()}, with the checks Prometheus' grammar actions make
 * (what each may follow, not twice, positive ranges). Durations are a number of seconds or a Prometheus duration;
 * Prometheus' experimental duration arithmetic ({@code [5m+1m]}, {@code step()}) is refused as unsupported.
 */
final class Modifiers {
  private static final String SELECTOR_OR_SUBQUERY =
      "an instant vector selector or range vector selector or a subquery";

  private final Cursor cursor;
  private final Positions positions;

  Modifiers(Cursor cursor, Positions positions) {
    this.cursor = cursor;
    this.positions = positions;
  }

  /** {@code expr[range]} or {@code expr[range:step]}; the cursor is at the {@code [}. */
  Expr range(Expr target) {
    Token open = cursor.next();
    long range =
        positiveDuration("subquery or range selector", "number, duration, step(), or range()");
    if (cursor.accept(COLON)) {
      long step = 0;
      if (!cursor.at(RIGHT_BRACKET)) {
        step = positiveDuration("subquery selector", "number, duration, step(), range(), or \"]\"");
      }
      if (!cursor.at(RIGHT_BRACKET)) {
        refuseDurationExpression();
        throw cursor.unexpected("subquery selector", "\"]\"");
      }
      cursor.next();
      return positions.at(
          new Subquery(target, range, step, 0, Optional.empty()), positions.start(target));
    }
    if (!cursor.at(RIGHT_BRACKET)) {
      refuseDurationExpression();
      throw cursor.unexpected("subquery or range", "\":\" or \"]\"");
    }
    cursor.next();
    String problem = null;
    if (!(target instanceof VectorSelector vs)) {
      problem = "ranges only allowed for vector selectors";
    } else if (vs.offsetMillis() != 0) {
      problem = "no offset modifiers allowed before range";
    } else if (vs.at().isPresent()) {
      problem = "no @ modifiers allowed before range";
    }
    if (problem != null) {
      throw cursor.error(open.offset(), problem);
    }
    return positions.at(
        new MatrixSelector((VectorSelector) target, range), positions.start(target));
  }

  /** {@code expr offset [-]duration}; the cursor is at {@code offset}. */
  Expr offset(Expr target) {
    cursor.next();
    boolean negative = false;
    if (cursor.at(ADD) || cursor.at(SUB)) {
      negative = cursor.next().type() == SUB;
    }
    if (!cursor.at(NUMBER) && !cursor.at(DURATION)) {
      refuseDurationExpression();
      throw cursor.unexpected("offset", "number, duration, step(), or range()");
    }
    long millis = millis(cursor.next());
    long offset = negative ? -millis : millis;
    int start = positions.start(target);
    return switch (target) {
      case VectorSelector v -> {
        requireNoOffset(v.offsetMillis(), start);
        yield positions.at(new VectorSelector(v.name(), v.matchers(), offset, v.at()), start);
      }
      case MatrixSelector m -> {
        VectorSelector v = m.selector();
        requireNoOffset(v.offsetMillis(), start);
        yield positions.at(
            new MatrixSelector(
                new VectorSelector(v.name(), v.matchers(), offset, v.at()), m.rangeMillis()),
            start);
      }
      case Subquery s -> {
        requireNoOffset(s.offsetMillis(), start);
        yield positions.at(
            new Subquery(s.expr(), s.rangeMillis(), s.stepMillis(), offset, s.at()), start);
      }
      default ->
          throw cursor.error(start, "offset modifier must be preceded by " + SELECTOR_OR_SUBQUERY);
    };
  }

  private void requireNoOffset(long existing, int start) {
    if (existing != 0) {
      throw cursor.error(start, "offset may not be set multiple times");
    }
  }

  /** {@code expr @ <seconds>}, {@code @ start()}, {@code @ end()}; the cursor is at {@code @}. */
  Expr at(Expr target) {
    cursor.next();
    AtModifier at;
    if ((cursor.at(START) || cursor.at(END))
        && cursor.peek(1).type() == LEFT_PAREN
        && cursor.peek(2).type() == RIGHT_PAREN) {
      at =
          new AtModifier(
              cursor.next().type() == START ? AtModifier.Kind.START : AtModifier.Kind.END, 0);
      cursor.next();
      cursor.next();
    } else {
      boolean negative = false;
      if (cursor.at(ADD) || cursor.at(SUB)) {
        negative = cursor.next().type() == SUB;
      }
      if (!cursor.at(NUMBER) && !cursor.at(DURATION)) {
        throw cursor.unexpected("@", "timestamp");
      }
      Token number = cursor.next();
      double seconds = number.type() == NUMBER ? number.number() : number.durationMillis() / 1000.0;
      seconds = negative ? -seconds : seconds;
      if (Double.isNaN(seconds)
          || Double.isInfinite(seconds)
          || seconds >= 0x1p63
          || seconds <= -0x1p63) {
        throw cursor.error(
            positions.start(target), "timestamp out of bounds for @ modifier: " + goF(seconds));
      }
      at = AtModifier.at(Math.round(seconds * 1000));
    }
    int start = positions.start(target);
    Optional<AtModifier> value = Optional.of(at);
    return switch (target) {
      case VectorSelector v -> {
        requireNoAt(v.at(), start);
        yield positions.at(
            new VectorSelector(v.name(), v.matchers(), v.offsetMillis(), value), start);
      }
      case MatrixSelector m -> {
        VectorSelector v = m.selector();
        requireNoAt(v.at(), start);
        yield positions.at(
            new MatrixSelector(
                new VectorSelector(v.name(), v.matchers(), v.offsetMillis(), value),
                m.rangeMillis()),
            start);
      }
      case Subquery s -> {
        requireNoAt(s.at(), start);
        yield positions.at(
            new Subquery(s.expr(), s.rangeMillis(), s.stepMillis(), s.offsetMillis(), value),
            start);
      }
      default ->
          throw cursor.error(start, "@ modifier must be preceded by " + SELECTOR_OR_SUBQUERY);
    };
  }

  private void requireNoAt(Optional<AtModifier> existing, int start) {
    if (existing.isPresent()) {
      throw cursor.error(start, "@ <timestamp> may not be set multiple times");
    }
  }

  private long positiveDuration(String context, String expected) {
    Token token = cursor.peek();
    if (token.type() != NUMBER && token.type() != DURATION) {
      refuseDurationExpression();
      throw cursor.unexpected(context, expected);
    }
    cursor.next();
    long millis = millis(token);
    if (millis <= 0) {
      throw cursor.error(token.offset(), "duration must be greater than 0");
    }
    return millis;
  }

  /** Seconds (a number) or a duration, in milliseconds as Prometheus truncates nanoseconds. */
  private long millis(Token token) {
    if (token.type() == DURATION) {
      return token.durationMillis();
    }
    double seconds = token.number();
    if (Double.isNaN(seconds) || Math.abs(seconds) > 0x1p63 / 1e9) {
      throw cursor.error(token.offset(), "duration out of range");
    }
    return Math.round(seconds * 1e9) / 1_000_000L;
  }

  private void refuseDurationExpression() {
    Token token = cursor.peek();
    switch (token.type()) {
      case ADD, SUB, MUL, DIV, MOD, POW, LEFT_PAREN, STEP, RANGE, MIN_OF, MAX_OF ->
          throw cursor.unsupported(
              token.offset(),
              "duration expressions ("
                  + token.text().toLowerCase(Locale.ROOT)
                  + " in a range, offset or subquery step) are experimental in Prometheus and not supported");
      default -> {}
    }
  }

  /** Go's {@code %f}. */
  private static String goF(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return String.format(Locale.ROOT, "%f", value);
  }
}
