package io.tracemate.logql.engine.template;

import java.time.ZonedDateTime;
import java.util.Map;

/** Conversions between template values, following Go templates and sprig's cast rules. Stateless. */
final class Values {
  private Values() {}

  /** Go's truth: false, 0, nil and "" are false. */
  static boolean truthy(Object value) {
    return switch (value) {
      case null -> false;
      case Boolean b -> b;
      case String s -> !s.isEmpty();
      case Long l -> l != 0;
      case Integer i -> i != 0;
      case Double d -> d != 0;
      case Map<?, ?> m -> !m.isEmpty();
      default -> true;
    };
  }

  /** The value as text, as sprig's functions take strings ("" for nil). */
  static String string(Object value) {
    return value == null ? "" : GoFormat.print(value);
  }

  /** sprig's toInt64: numbers truncate, strings parse (0 when they do not), booleans 1/0. */
  static long toLong(Object value) {
    return switch (value) {
      case null -> 0;
      case Long l -> l;
      case Integer i -> i;
      case Double d -> (long) (double) d;
      case Boolean b -> b ? 1 : 0;
      case String s -> {
        try {
          yield Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
          try {
            yield (long) Double.parseDouble(s.trim());
          } catch (NumberFormatException e2) {
            yield 0;
          }
        }
      }
      default -> 0;
    };
  }

  /** sprig's toFloat64. */
  static double toDouble(Object value) {
    return switch (value) {
      case null -> 0;
      case Number n -> n.doubleValue();
      case Boolean b -> b ? 1 : 0;
      case String s -> {
        try {
          yield Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
          yield 0;
        }
      }
      default -> 0;
    };
  }

  static ZonedDateTime time(Object value, String function) {
    if (value instanceof ZonedDateTime t) {
      return t;
    }
    throw new GoTemplate.ExecutionException(
        "error calling " + function + ": expected a time, got " + GoFormat.typeName(value));
  }

  /**
   * Go's eq/lt: numbers compare as numbers, strings as strings, booleans only for equality; other mixes are an
   * error ("incompatible types for comparison").
   */
  static int compare(Object a, Object b, String function) {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y);
    }
    if (a instanceof Boolean x
        && b instanceof Boolean y
        && (function.equals("eq") || function.equals("ne"))) {
      return x.equals(y) ? 0 : 1;
    }
    if (a == null || b == null) {
      if (function.equals("eq") || function.equals("ne")) {
        return a == b ? 0 : 1;
      }
    }
    throw new GoTemplate.ExecutionException(
        "error calling " + function + ": incompatible types for comparison");
  }
}
