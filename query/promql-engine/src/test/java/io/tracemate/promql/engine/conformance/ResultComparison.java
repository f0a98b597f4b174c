package io.tracemate.promql.engine.conformance;

import io.tracemate.promql.engine.Almost;
import io.tracemate.promql.engine.Labels;
import io.tracemate.promql.engine.QueryResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** promqltest's {@code compareResult}: the result against an eval's expectations, values within 1e-6 (relative). */
final class ResultComparison {
  private static final double EPSILON = 0.000001;

  private ResultComparison() {}

  static Outcome compare(TestScript.Eval e, QueryResult result, long start, long step, long end) {
    Map<Labels, TestScript.ExpectedSeries> expected = new HashMap<>();
    for (TestScript.ExpectedSeries s : e.series()) {
      expected.put(s.description().labels(), s);
    }
    return switch (result) {
      case QueryResult.Matrix m -> matrix(e, m, expected, start, step, end);
      case QueryResult.Vector v -> vector(e, v, expected);
      case QueryResult.Scalar s -> {
        if (e.scalar() == null) {
          yield Outcome.fail("expected vector or matrix result, but got scalar " + s.value());
        }
        yield equal(e.scalar(), s.value())
            ? Outcome.pass()
            : Outcome.fail("expected scalar " + e.scalar() + " but got " + s.value());
      }
      case QueryResult.StringValue s ->
          s.value().equals(e.expectedString())
              ? Outcome.pass()
              : Outcome.fail(
                  "expected string \"" + e.expectedString() + "\" but got \"" + s.value() + "\"");
    };
  }

  private static Outcome matrix(
      TestScript.Eval e,
      QueryResult.Matrix m,
      Map<Labels, TestScript.ExpectedSeries> expected,
      long start,
      long step,
      long end) {
    if (e.ordered()) {
      return Outcome.fail("expected ordered result, but query returned a matrix");
    }
    if (e.scalar() != null) {
      return Outcome.fail("expected scalar result, but got matrix " + m);
    }
    for (int i = 1; i < m.series().size(); i++) {
      if (m.series().get(i - 1).labels().compareTo(m.series().get(i).labels()) > 0) {
        return Outcome.fail("matrix results should always be sorted by labels");
      }
    }
    Set<Labels> seen = new HashSet<>();
    for (QueryResult.Series s : m.series()) {
      TestScript.ExpectedSeries exp = expected.get(s.labels());
      if (exp == null) {
        return Outcome.fail("unexpected metric " + s.labels() + " in result, has " + s.points());
      }
      seen.add(s.labels());
      List<QueryResult.Point> want = new ArrayList<>();
      List<Double> values = exp.description().values();
      for (int i = 0; i < values.size(); i++) {
        long t = start + i * step;
        if (t > end) {
          return Outcome.fail(
              "expected "
                  + values.size()
                  + " points for "
                  + s.labels()
                  + ", but query time range cannot return this many points");
        }
        if (values.get(i) != null) {
          want.add(new QueryResult.Point(t, values.get(i)));
        }
      }
      if (want.size() != s.points().size()) {
        return Outcome.fail(
            "expected " + want.size() + " points for " + s.labels() + ", got " + s.points());
      }
      for (int i = 0; i < want.size(); i++) {
        QueryResult.Point w = want.get(i);
        QueryResult.Point g = s.points().get(i);
        if (w.timestampMillis() != g.timestampMillis()) {
          return Outcome.fail(
              "expected point "
                  + i
                  + " of "
                  + s.labels()
                  + " at "
                  + w.timestampMillis()
                  + ", got "
                  + s.points());
        }
        if (!equal(w.value(), g.value())) {
          return Outcome.fail(
              "expected value at t="
                  + g.timestampMillis()
                  + " for "
                  + s.labels()
                  + " to be "
                  + w.value()
                  + ", got "
                  + g.value()
                  + " (result has "
                  + s.points()
                  + ")");
        }
      }
    }
    for (Labels l : expected.keySet()) {
      if (!seen.contains(l)) {
        return Outcome.fail("expected metric " + l + " not found");
      }
    }
    return Outcome.pass();
  }

  private static Outcome vector(
      TestScript.Eval e, QueryResult.Vector v, Map<Labels, TestScript.ExpectedSeries> expected) {
    if (e.scalar() != null) {
      return Outcome.fail("expected scalar result, but got vector " + v.samples());
    }
    Set<Labels> seen = new HashSet<>();
    for (int pos = 0; pos < v.samples().size(); pos++) {
      QueryResult.Sample s = v.samples().get(pos);
      TestScript.ExpectedSeries exp = expected.get(s.labels());
      if (exp == null) {
        return Outcome.fail(
            "unexpected metric " + s.labels() + " in result, has value " + s.value());
      }
      if (e.ordered() && exp.position() != pos + 1) {
        return Outcome.fail(
            "expected metric "
                + s.labels()
                + " at position "
                + exp.position()
                + " but was at "
                + (pos + 1));
      }
      Double want = exp.description().values().isEmpty() ? null : exp.description().values().get(0);
      if (want == null || !equal(want, s.value())) {
        return Outcome.fail("expected " + want + " for " + s.labels() + " but got " + s.value());
      }
      seen.add(s.labels());
    }
    for (Labels l : expected.keySet()) {
      if (!seen.contains(l)) {
        return Outcome.fail("expected metric " + l + " not found");
      }
    }
    return Outcome.pass();
  }

  /** Prometheus' {@code almost.Equal}, stale markers included. */
  static boolean equal(double a, double b) {
    boolean staleA = io.tracemate.promql.engine.StaleMarker.isStale(a);
    boolean staleB = io.tracemate.promql.engine.StaleMarker.isStale(b);
    if (staleA || staleB) {
      return staleA && staleB;
    }
    return Almost.equal(a, b, EPSILON);
  }
}
