package io.tracemate.spanmetrics;

import io.tracemate.component.Connector;
import io.tracemate.component.SpanBatch;
import io.tracemate.model.Span;
import io.tracemate.red.RedSeriesStore;
import io.tracemate.red.SeriesKey;
import io.tracemate.spanmetrics.config.SpanMetricsConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Span metrics over 100 % of spans: per series (service, span name, span kind, status code and the configured
 * dimensions) a cumulative call counter and duration histogram with exemplars, exposed through
 * {@link SpanMetricsCollector}; and every span recorded into a {@link RedSeriesStore} at its end time (key:
 * service, span name, span kind and dimensions, see {@link RedLabels}; error = status ERROR), queried through
 * {@link RedQuery}.
 *
 * <p>Cardinality is bounded: beyond {@code aggregation_cardinality_limit} series, spans of new label sets go to
 * one series labelled {@code otel_metric_overflow="true"} (counted in {@link #overflowedSpans()}); each extra
 * dimension keeps at most {@code dimension_value_limit} distinct values, later ones become {@code "__other__"}
 * ({@link #dimensionOverflows()}); the internal store has its own bound ({@code red_series.max_series}).
 *
 * <p>With {@code instances} (on by default), each SERVER and CONSUMER span is also recorded under its service's
 * instance ({@link InstanceSeries}, {@link RedQuery#instances}): internal series only, never Prometheus labels.
 *
 * <p>With {@code metrics_expiration}, series without spans for that long are dropped at the next scrape (as in
 * the collector; their counters restart from zero when spans come back, which Prometheus treats as a reset).
 *
 * <p>Spans whose resource has no service.name are counted under Jaeger's name for them,
 * {@code OTLPResourceNoServiceName} (the collector skips them; here every span counts).
 *
 * <p>As a {@link Connector} it observes every span batch after the write-ahead log, before tail sampling.
 *
 * <p>Thread-safe: {@link #observe} from any number of ingest threads, snapshots from scrape threads.
 */
public final class SpanMetricsAggregator implements Connector<SpanBatch> {
  private final SpanMetricsConfig config;
  private final RedSeriesStore store;
  private final LabelSchema schema;
  private final double[] bounds;
  private final double nanosPerUnit;
  private final boolean exemplars;
  private final ConcurrentHashMap<SeriesIdentity, SpanSeries> series = new ConcurrentHashMap<>();
  private final AtomicInteger admitted = new AtomicInteger();
  private final SpanSeries overflow;
  private final LongAdder overflowed = new LongAdder();
  private final LongAdder expired = new LongAdder();
  private final Clock clock;
  private final long expirationMillis;
  private volatile int cardinalityLimit; // read only when a label set is new

  /** Null when {@code instances.attributes} is empty. */
  private final InstanceSeries instances;

  /** With its own internal store, sized by {@code red_series}; the clock decides what the store retains. */
  public SpanMetricsAggregator(SpanMetricsConfig config, Clock clock) {
    this(config, new RedSeriesStore(config.redSeriesConfig(), clock), clock);
  }

  /**
   * Recording into a given store. It may be shared with other recorders whose keys lack the span_name and
   * span_kind labels (the service graph's edge series): {@link RedFilter} only matches span-metric series. The
   * store's maxSeries is then shared too.
   */
  public SpanMetricsAggregator(SpanMetricsConfig config, RedSeriesStore store, Clock clock) {
    this.config = config;
    this.store = store;
    this.clock = clock;
    this.expirationMillis = config.metricsExpirationDuration().toMillis();
    this.schema = new LabelSchema(config);
    this.bounds = config.bucketBounds();
    this.nanosPerUnit = config.unitSeconds() ? 1e9 : 1e6;
    this.exemplars = config.exemplarsEnabled();
    this.cardinalityLimit = config.aggregationCardinalityLimit();
    this.overflow = new SpanSeries(LabelSchema.overflowLabels(), null, bounds.length + 1);
    this.instances =
        config.instances().enabled()
            ? new InstanceSeries(config.instances(), store.config().maxSeries())
            : null;
  }

  public SpanMetricsConfig config() {
    return config;
  }

  /**
   * Takes the series bounds of {@code bounds} from now on ({@code aggregation_cardinality_limit} and {@code
   * red_series.max_series}: a tenant's cap from the runtime overrides file). New label sets are admitted while
   * fewer series are held, the others go to the overflow series; series already held are kept when a bound is
   * lowered below their number (they leave through {@code metrics_expiration} and the store's retention).
   */
  public void limitSeries(SpanMetricsConfig bounds) {
    cardinalityLimit = bounds.aggregationCardinalityLimit();
    store.limitSeries(bounds.redSeriesConfig().maxSeries());
  }

  /** The bound on /metrics series in force ({@code aggregation_cardinality_limit}, or the last limitSeries). */
  public int cardinalityLimit() {
    return cardinalityLimit;
  }

  /** The internal time series; see {@link RedQuery}. */
  public RedSeriesStore redSeries() {
    return store;
  }

  @Override
  public void observe(SpanBatch batch) {
    observe(batch.spans());
  }

  /** Counts and records each span; never throws for span content. */
  public void observe(List<Span> spans) {
    long now = clock.millis();
    for (Span span : spans) {
      observe(span, now);
    }
  }

  private void observe(Span span, long now) {
    SeriesIdentity identity = schema.identify(span);
    long durationNanos = span.durationNanos();
    double value = durationNanos / nanosPerUnit;
    long endMillis = Math.floorDiv(span.endEpochNanos(), 1_000_000L);
    ExemplarSample exemplar =
        exemplars && span.traceId().isValid()
            ? new ExemplarSample(span.traceId(), span.spanId(), value, endMillis)
            : null;
    int bucket = bucketOf(value);
    SpanSeries target = seriesFor(identity);
    // A series retired by expiry between lookup and observe refuses the span; the next lookup makes
    // a new one.
    while (!target.observe(value, bucket, exemplar, now)) {
      target = seriesFor(identity);
    }
    SeriesKey redKey = target.redKey != null ? target.redKey : schema.redKey(identity);
    boolean error = span.status().isError();
    store.record(redKey, endMillis, durationNanos, error);
    SeriesKey instanceKey = instances == null ? null : instances.keyFor(span, now);
    if (instanceKey != null) {
      store.record(instanceKey, endMillis, durationNanos, error);
    }
  }

  /** Index of the first bound ≥ value ("le"), or the +Inf bucket. */
  private int bucketOf(double value) {
    int at = Arrays.binarySearch(bounds, value);
    return at >= 0 ? at : -at - 1;
  }

  private SpanSeries seriesFor(SeriesIdentity identity) {
    SpanSeries existing = series.get(identity);
    if (existing != null) {
      return existing;
    }
    SpanSeries created =
        series.computeIfAbsent(
            identity,
            id -> {
              if (admitted.incrementAndGet() <= cardinalityLimit) {
                return new SpanSeries(
                    schema.prometheusLabels(id), schema.redKey(id), bounds.length + 1);
              }
              admitted.decrementAndGet();
              return null;
            });
    if (created != null) {
      return created;
    }
    overflowed.increment();
    return overflow;
  }

  /** Live series, the overflow series included once it has spans. */
  public int seriesCount() {
    return series.size() + (overflowed.sum() > 0 ? 1 : 0);
  }

  /** Spans counted in the overflow series because the cardinality limit was reached. */
  public long overflowedSpans() {
    return overflowed.sum();
  }

  /**
   * Per extra dimension (attribute name): spans whose value was replaced by {@code "__other__"} because the
   * dimension already had {@code dimension_value_limit} distinct values.
   */
  public java.util.Map<String, Long> dimensionOverflows() {
    return schema.replacedValues();
  }

  /**
   * Entry spans counted under the instance {@code __other__} (or under none) because {@code instances.
   * max_per_service} or the store's series bound was reached.
   */
  public long instanceOverflows() {
    return instances == null ? 0 : instances.replaced();
  }

  /** Bucket upper bounds in the histogram's unit, without +Inf. */
  double[] bounds() {
    return bounds.clone();
  }

  /** Series dropped by {@code metrics_expiration} (their counters restart if their spans come back). */
  public long expiredSeries() {
    return expired.sum();
  }

  /** Drops series without spans for {@code metrics_expiration}; runs on each scrape. */
  void expireIdle() {
    if (expirationMillis <= 0) {
      return;
    }
    long cutoff = clock.millis() - expirationMillis;
    series.forEach(
        (identity, s) -> {
          if (s.retireIfIdleSince(cutoff) && series.remove(identity, s)) {
            admitted.decrementAndGet();
            expired.increment();
          }
        });
  }

  /**
   * Hands the exemplars observed in {@code [fromMillis, toMillis]} of every series whose /metrics labels {@code
   * wanted} accepts to {@code sink}: at most one per histogram bucket of each series (the latest it saw). Reads
   * only: spans being observed meanwhile wait at most for one series' exemplars to be copied. Empty when
   * exemplars are off.
   *
   * @param wanted sees each series' labels as /metrics has them (the calls counter's, with {@code status_code}) and
   *     answers what the sink is to get with its exemplars, or null to skip the series
   * @param sink gets each exemplar with what {@code wanted} answered for its series; called with no lock held
   */
  public <T> void visitExemplars(
      long fromMillis,
      long toMillis,
      java.util.function.Function<java.util.Map<String, String>, T> wanted,
      java.util.function.BiConsumer<T, ExemplarSample> sink) {
    if (!exemplars) {
      return;
    }
    List<ExemplarSample> copied = new ArrayList<>();
    for (SpanSeries s : series.values()) {
      T series = wanted.apply(LabelSchema.toMap(s.labels));
      if (series == null) {
        continue;
      }
      copied.clear();
      s.exemplarsBetween(fromMillis, toMillis, copied::add);
      for (ExemplarSample exemplar : copied) {
        sink.accept(series, exemplar);
      }
    }
  }

  /** A consistent copy of every series (each series is copied under its own lock), after expiry. */
  List<SeriesSnapshot> snapshot() {
    expireIdle();
    List<SeriesSnapshot> out = new ArrayList<>(series.size() + 1);
    for (SpanSeries s : series.values()) {
      out.add(s.snapshot());
    }
    if (overflowed.sum() > 0) {
      out.add(overflow.snapshot());
    }
    return out;
  }
}
