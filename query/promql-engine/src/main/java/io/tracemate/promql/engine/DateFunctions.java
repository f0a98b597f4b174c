package io.tracemate.promql.engine;

import io.tracemate.promql.syntax.Expr.Call;
import io.tracemate.promql.syntax.Function;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Calendar functions (UTC): of each sample's value read as Unix seconds, or without an argument of the evaluation
 * time ({@code hour()} is the current hour).
 */
final class DateFunctions {
  private DateFunctions() {}

  static Value evaluate(Evaluator ev, Call call, Steps steps) {
    Function f = call.function();
    if (call.args().isEmpty()) {
      int count = (int) steps.count();
      ev.ctx.hold(count);
      StepSeries s = new StepSeries(Labels.EMPTY, false, count);
      for (int step = 0; step < count; step++) {
        long time = steps.time(step);
        s.add(time, component(f, time / 1000));
      }
      return new Value.VectorValue(List.of(s));
    }
    Value.VectorValue input = ev.vector(call.args().get(0), steps);
    List<StepSeries> out = new ArrayList<>(input.series().size());
    for (StepSeries s : input.series()) {
      StepSeries mapped = new StepSeries(s.labels, true, s.size());
      for (int i = 0; i < s.size(); i++) {
        double seconds = s.value(i);
        // Go converts with int64(f): truncation; NaN and out-of-range values become the minimum
        // int64.
        long whole =
            Double.isNaN(seconds) || Double.isInfinite(seconds) ? Long.MIN_VALUE : (long) seconds;
        mapped.add(s.time(i), component(f, whole));
      }
      out.add(mapped);
    }
    return new Value.VectorValue(out);
  }

  private static double component(Function f, long epochSeconds) {
    long bounded =
        Math.max(
            Instant.MIN.getEpochSecond(), Math.min(Instant.MAX.getEpochSecond(), epochSeconds));
    ZonedDateTime t = Instant.ofEpochSecond(bounded).atZone(ZoneOffset.UTC);
    return switch (f) {
      case DAYS_IN_MONTH -> t.toLocalDate().lengthOfMonth();
      case DAY_OF_MONTH -> t.getDayOfMonth();
      case DAY_OF_WEEK -> t.getDayOfWeek().getValue() % 7;
      case DAY_OF_YEAR -> t.getDayOfYear();
      case HOUR -> t.getHour();
      case MINUTE -> t.getMinute();
      case MONTH -> t.getMonthValue();
      case YEAR -> t.getYear();
      default -> throw new IllegalArgumentException(f + " is not a date function");
    };
  }
}
