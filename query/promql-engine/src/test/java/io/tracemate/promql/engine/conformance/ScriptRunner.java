package io.tracemate.promql.engine.conformance;

import io.tracemate.common.Cancellation;
import io.tracemate.promql.engine.EngineSettings;
import io.tracemate.promql.engine.InMemorySeriesSource;
import io.tracemate.promql.engine.Labels;
import io.tracemate.promql.engine.PromQLEngine;
import io.tracemate.promql.engine.QueryResult;
import io.tracemate.promql.syntax.Expr;
import io.tracemate.promql.syntax.PromQLParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Runs a promqltest script against Tracemate's engine the way Prometheus' {@code promqltest/test.go} runs it
 * against its own: loads go into an in-memory source (times from the Unix epoch), each eval is compared with its
 * expectations with a relative tolerance of 1e-6, an instant query is also run as a range query around its time
 * and, pinned with {@code @} on every selector, at other times (the step-invariance check). Warning and info
 * annotations are not produced by Tracemate, so their expectations are not checked.
 *
 * <p>An eval that needs something Tracemate does not support (a query the parser refuses as unsupported, native
 * histogram data or results) is skipped with the reason, never counted as passed.
 */
final class ScriptRunner {
  private static final Pattern QUERY_CONTEXT_FUNCTIONS =
      Pattern.compile("(start|end|range|step)\\(\\)");

  private final PromQLEngine engine;
  private final InMemorySeriesSource source = new InMemorySeriesSource();
  private final Map<Labels, TreeMap<Long, Double>> data = new HashMap<>();

  /** Native histogram series the script loaded (and Tracemate cannot): queries reading them are skipped. */
  private final List<Labels> nativeHistograms = new ArrayList<>();

  private String unsupportedData;

  ScriptRunner(EngineSettings settings) {
    this.engine = new PromQLEngine(source, settings);
  }

  /** promqltest's engine: 5m lookback, 10,000 samples, 1m default subquery step, a generous timeout. */
  static EngineSettings testSettings() {
    return EngineSettings.defaults()
        .withLimits(10_000, 100_000)
        .withTimeout(Duration.ofSeconds(100));
  }

  /** Runs the script, returning the outcome of each eval command in order. */
  LinkedHashMap<TestScript.Eval, Outcome> run(List<TestScript.Command> commands) {
    LinkedHashMap<TestScript.Eval, Outcome> outcomes = new LinkedHashMap<>();
    for (TestScript.Command command : commands) {
      switch (command) {
        case TestScript.Clear c -> {
          data.clear();
          source.clear();
          nativeHistograms.clear();
          unsupportedData = null;
        }
        case TestScript.Load l -> load(l);
        case TestScript.Eval e -> outcomes.put(e, evalOrSkip(e));
      }
    }
    return outcomes;
  }

  private void load(TestScript.Load load) {
    if (!load.errors().isEmpty()) {
      unsupportedData =
          "load at line "
              + load.line()
              + " has series lines Tracemate's runner cannot read ("
              + load.errors().get(0)
              + ")";
    }
    for (SeriesDescription s : load.series()) {
      if (s.histogram()) {
        nativeHistograms.add(s.labels());
        continue;
      }
      if (load.withNhcb()) {
        nhcbSeries(s.labels()).ifPresent(nativeHistograms::add);
      }
      TreeMap<Long, Double> points = data.computeIfAbsent(s.labels(), k -> new TreeMap<>());
      for (int i = 0; i < s.values().size(); i++) {
        Double v = s.values().get(i);
        if (v != null) {
          points.put(i * load.intervalMillis(), v);
        }
      }
    }
    source.clear();
    data.forEach((labels, points) -> points.forEach((t, v) -> source.append(labels, t, v)));
  }

  private Outcome evalOrSkip(TestScript.Eval e) {
    if (e.parseError() != null) {
      return Outcome.fail(e.parseError());
    }
    if (e.histogramExpected()) {
      return Outcome.skip("expects native histogram results");
    }
    Outcome outcome;
    try {
      outcome = eval(e);
    } catch (PromQLParseException ex) {
      outcome =
          ex.unsupported()
              ? Outcome.skip("unsupported: " + ex.detail())
              : Outcome.fail(ex.getMessage());
    } catch (RuntimeException ex) {
      outcome = Outcome.fail(ex.toString());
    }
    if (outcome.status() == Outcome.Status.FAIL) {
      if (unsupportedData != null) {
        return Outcome.skip(unsupportedData);
      }
      if (readsNativeHistograms(e.expr())) {
        return Outcome.skip(
            "reads native histograms the script loaded (Tracemate keeps classic histograms only)");
      }
    }
    return outcome;
  }

  /** The native histogram with custom buckets that {@code load_with_nhcb} makes of a classic series, if any. */
  private static Optional<Labels> nhcbSeries(Labels classic) {
    String name = classic.get("__name__");
    for (String suffix : List.of("_bucket", "_sum", "_count")) {
      if (name.endsWith(suffix)) {
        return Optional.of(
            classic
                .without(java.util.Set.of("le"))
                .with("__name__", name.substring(0, name.length() - suffix.length())));
      }
    }
    return Optional.empty();
  }

  private boolean readsNativeHistograms(String query) {
    if (nativeHistograms.isEmpty()) {
      return false;
    }
    try {
      return selectors(engine.parse(query)).stream()
          .anyMatch(
              vs -> {
                io.tracemate.promql.engine.SeriesMatcher m =
                    io.tracemate.promql.engine.SeriesMatcher.of(vs.allMatchers());
                return nativeHistograms.stream().anyMatch(m::matches);
              });
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static List<Expr.VectorSelector> selectors(Expr e) {
    List<Expr.VectorSelector> out = new ArrayList<>();
    java.util.ArrayDeque<Expr> todo = new java.util.ArrayDeque<>(List.of(e));
    while (!todo.isEmpty()) {
      switch (todo.pop()) {
        case Expr.VectorSelector v -> out.add(v);
        case Expr.MatrixSelector m -> out.add(m.selector());
        case Expr.Subquery s -> todo.push(s.expr());
        case Expr.Call c -> c.args().forEach(todo::push);
        case Expr.Aggregation a -> {
          todo.push(a.expr());
          a.param().ifPresent(todo::push);
        }
        case Expr.Binary b -> {
          todo.push(b.lhs());
          todo.push(b.rhs());
        }
        case Expr.Unary u -> todo.push(u.expr());
        case Expr.Paren p -> todo.push(p.expr());
        case Expr.NumberLiteral n -> {}
        case Expr.StringLiteral s -> {}
      }
    }
    return out;
  }

  private Outcome eval(TestScript.Eval e) {
    Expr expr;
    try {
      expr = engine.parse(e.expr());
    } catch (PromQLParseException ex) {
      if (ex.unsupported() || !e.expectFail()) {
        throw ex;
      }
      return checkFailure(e, ex);
    }
    if (e.range()) {
      return query(
          e,
          () -> engine.rangeQuery(expr, e.start(), e.end(), e.step(), Cancellation.none()),
          e.start(),
          e.step(),
          e.end());
    }
    List<long[]> times = new ArrayList<>();
    List<Expr> exprs = new ArrayList<>();
    exprs.add(expr);
    times.add(new long[] {e.time()});
    Optional<Expr> pinned = AtPinning.pin(expr, e.time());
    if (pinned.isPresent()) {
      Expr reparsed = engine.parse(pinned.get().toString());
      if (!reparsed.equals(pinned.get())) {
        return Outcome.fail(
            "printing the @-pinned query and parsing it again changed it: " + pinned.get());
      }
      long ts = e.time();
      long[] others =
          ts == 0 ? new long[] {-1000, 0, 1000} : new long[] {-10 * ts, 0, ts / 5, ts, 10 * ts};
      for (long t : others) {
        exprs.add(reparsed);
        times.add(new long[] {t});
      }
    }
    for (int i = 0; i < exprs.size(); i++) {
      Expr q = exprs.get(i);
      long t = times.get(i)[0];
      Outcome o =
          query(
              e,
              () -> engine.instantQuery(q, t, Cancellation.none()),
              e.start(),
              e.step(),
              e.end());
      if (o.status() != Outcome.Status.PASS) {
        return i == 0
            ? o
            : Outcome.fail(o.message() + " (with every selector pinned: " + q + " at " + t + "ms)");
      }
      if (e.expectFail()
          || e.rangeVector()
          || e.expectedString() != null
          || e.ordered()
          || QUERY_CONTEXT_FUNCTIONS.matcher(q.toString()).find()) {
        continue;
      }
      Outcome rangeMode = rangeMode(e, q, t);
      if (rangeMode.status() != Outcome.Status.PASS) {
        return Outcome.fail(rangeMode.message() + " (range mode of " + q + " at " + t + "ms)");
      }
    }
    return Outcome.pass();
  }

  private Outcome query(
      TestScript.Eval e,
      java.util.function.Supplier<QueryResult> run,
      long start,
      long step,
      long end) {
    QueryResult result;
    try {
      result = run.get();
    } catch (PromQLParseException ex) {
      throw ex;
    } catch (RuntimeException ex) {
      if (e.expectFail()) {
        return checkFailure(e, ex);
      }
      return Outcome.fail("error evaluating query: " + ex.getMessage());
    }
    if (e.expectFail()) {
      return Outcome.fail("expected an error, got " + result);
    }
    return ResultComparison.compare(e, result, start, step, end);
  }

  /** The instant query as a range query from t-1m to t+1m: its point at t must equal the instant result. */
  private Outcome rangeMode(TestScript.Eval e, Expr q, long t) {
    QueryResult result;
    try {
      result = engine.rangeQuery(q, t - 60_000, t + 60_000, 60_000, Cancellation.none());
    } catch (RuntimeException ex) {
      return Outcome.fail("error evaluating query in range mode: " + ex.getMessage());
    }
    List<QueryResult.Sample> vector = new ArrayList<>();
    for (QueryResult.Series s : ((QueryResult.Matrix) result).series()) {
      for (QueryResult.Point p : s.points()) {
        if (p.timestampMillis() == t) {
          vector.add(new QueryResult.Sample(s.labels(), t, p.value()));
        }
      }
    }
    QueryResult asInstant =
        e.scalar() != null && !vector.isEmpty()
            ? new QueryResult.Scalar(t, vector.get(0).value())
            : new QueryResult.Vector(vector);
    return ResultComparison.compare(e, asInstant, e.start(), e.step(), e.end());
  }

  private static Outcome checkFailure(TestScript.Eval e, RuntimeException error) {
    String message = error.getMessage();
    if (e.failMessage() != null && !e.failMessage().equals(message)) {
      return Outcome.fail("expected error \"" + e.failMessage() + "\", got \"" + message + "\"");
    }
    if (e.failRegex() != null
        && !com.google.re2j.Pattern.compile(e.failRegex()).matcher(message).find()) {
      return Outcome.fail(
          "expected error matching \"" + e.failRegex() + "\", got \"" + message + "\"");
    }
    return Outcome.pass();
  }
}
