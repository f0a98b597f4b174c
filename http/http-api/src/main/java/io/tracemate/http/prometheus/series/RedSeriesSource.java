package io.tracemate.http.prometheus.series;

import io.tracemate.common.Cancellation;
import io.tracemate.promql.engine.Labels;
import io.tracemate.promql.engine.SampleSeries;
import io.tracemate.promql.engine.SelectRequest;
import io.tracemate.promql.engine.SeriesMatcher;
import io.tracemate.promql.engine.SeriesSource;
import io.tracemate.promql.syntax.LabelMatcher;
import io.tracemate.red.RedSeriesStore;
import io.tracemate.red.SeriesKey;
import io.tracemate.servicegraph.ServiceGraphExposition;
import io.tracemate.spanmetrics.SpanMetricsExposition;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The span metrics and service graph series of the RED stores as a PromQL {@link SeriesSource}, named and labelled
 * as /metrics exposes them ({@code traces_span_metrics_calls_total}, {@code traces_span_metrics_duration_
 * milliseconds_bucket/_sum/_count}, {@code traces_service_graph_request_total}, {@code _request_failed_total},
 * {@code _request_server_seconds_*}, {@code _request_client_seconds_*}), so that {@code rate()}, {@code increase()}
 * and {@code histogram_quantile()} answer what a Prometheus scraping /metrics would.
 *
 * <h2>From slots to samples</h2>
 * A series' samples are the prefix sums of its store slots, one sample per slot at the slot's end (the slot that
 * holds the store's now: at now), at the store's resolution: 5 min before the roll-up boundary (about an hour ago),
 * 15 s after it. A series starts at the first slot of its retained data that increases it (so its counters count
 * from the start of the retention, 24 h, as if the server had started then) and goes on with flat samples while it
 * has no spans, as a counter on /metrics does, until {@code metrics_expiration} (span metrics only; 0 = never) has
 * passed without an increase: then a staleness marker, and the next increase starts it again from zero, as a series
 * /metrics dropped and made anew.
 *
 * <h2>What does not map exactly</h2>
 * <ul>
 *   <li>The store counts errors inside each series instead of keeping the status as a label: the calls counter
 *       has {@code status_code="STATUS_CODE_ERROR"} and {@code "STATUS_CODE_UNSET"} (OK and UNSET together), and the
 *       duration histogram has no {@code status_code} at all (its buckets cover every call).</li>
 *   <li>Buckets: the store keeps a fine logarithmic histogram (2 % relative accuracy); each of its buckets is counted
 *       in the first configured {@code le} its reported value is at most, so a span within 2 % of a bound may be
 *       counted on either side of it. Sums and counts are exact.</li>
 *   <li>Cardinality: the store keeps {@code red_series.max_series} span-metric series (default 4,000; /metrics
 *       keeps {@code aggregation_cardinality_limit}); spans of further label sets are counted in the series
 *       {@code {otel_metric_overflow="true"}}. The service graph's broker legs and its store's overflow are not on
 *       /metrics and not here.</li>
 *   <li>Before the roll-up boundary samples are 5 min apart: a {@code rate()} there needs a range of at least
 *       10 min to see two samples.</li>
 * </ul>
 *
 * <p>Bounded as the contract asks: series are read one at a time (each under its store lock only while its slots
 * are copied), the sink is called with no lock held, and the cancellation is checked per series and every few
 * thousand keys. Thread-safe; holds no state between selects.
 */
public final class RedSeriesSource implements SeriesSource {
  private static final int CHECK_EVERY = 4096;

  private final List<Family> families;
  private final Map<String, Metadata> metadata;

  /** What {@code /api/v1/metadata} says of a metric. */
  public record Metadata(String type, String help, String unit) {}

  private RedSeriesSource(List<Family> families, Map<String, Metadata> metadata) {
    this.families = List.copyOf(families);
    this.metadata = Map.copyOf(metadata);
  }

  /** The series of span metrics and the service graph; either may be null (off). */
  public static RedSeriesSource of(SpanMetricsExposition spans, ServiceGraphExposition graph) {
    return of(List.of(new Part(Map.of(), spans, graph)));
  }

  /**
   * One tenant's span metrics and service graph series, every series with {@code labels} on top (the tenant's label
   * in a read that names it; none in a read of the one tenant without it).
   *
   * @param spans null when span metrics are off
   * @param graph null when the service graph is off
   */
  public record Part(
      Map<String, String> labels, SpanMetricsExposition spans, ServiceGraphExposition graph) {
    public Part {
      labels = Map.copyOf(labels);
    }
  }

  /** The series of several parts (tenants) side by side, told apart by their labels. */
  public static RedSeriesSource of(List<Part> parts) {
    List<Family> families = new ArrayList<>();
    Map<String, Metadata> metadata = new LinkedHashMap<>();
    for (Part part : parts) {
      if (part.spans() != null) {
        addSpanMetrics(part.spans(), part.labels(), families, metadata);
      }
      if (part.graph() != null) {
        addServiceGraph(part.graph(), part.labels(), families, metadata);
      }
    }
    return new RedSeriesSource(families, metadata);
  }

  private static Map<String, String> plus(Map<String, String> base, Map<String, String> more) {
    if (base.isEmpty()) {
      return more;
    }
    Map<String, String> all = new TreeMap<>(more);
    all.putAll(base);
    return all;
  }

  private static void addSpanMetrics(
      SpanMetricsExposition spans,
      Map<String, String> partLabels,
      List<Family> families,
      Map<String, Metadata> metadata) {
    RedSeriesStore store = spans.store();
    long expiration = spans.expirationMillis();
    String calls = spans.callsName();
    ExposedLabels spanLabels = ExposedLabels.of(spans::labels, spans::label);
    if (spans.statusLabel()) {
      families.add(
          new Family(
              calls,
              store,
              spanLabels,
              plus(
                  partLabels,
                  Map.of(SpanMetricsExposition.STATUS_LABEL, SpanMetricsExposition.STATUS_UNSET)),
              Family.Figure.NON_ERRORS,
              null,
              1,
              expiration));
      families.add(
          new Family(
              calls,
              store,
              spanLabels,
              plus(
                  partLabels,
                  Map.of(SpanMetricsExposition.STATUS_LABEL, SpanMetricsExposition.STATUS_ERROR)),
              Family.Figure.ERRORS,
              null,
              1,
              expiration));
    } else {
      families.add(
          new Family(
              calls, store, spanLabels, partLabels, Family.Figure.CALLS, null, 1, expiration));
    }
    metadata.put(
        calls,
        new Metadata("counter", "Spans by service, span name, span kind and status code", ""));
    if (spans.histogramEnabled()) {
      String base = spans.durationName();
      addHistogram(
          families,
          base,
          store,
          spanLabels,
          partLabels,
          spans.bounds(),
          spans.nanosPerUnit(),
          expiration);
      metadata.put(
          base,
          new Metadata(
              "histogram",
              "Span durations by service, span name, span kind and status code",
              spans.nanosPerUnit() == 1e9 ? "seconds" : "milliseconds"));
    }
  }

  private static void addServiceGraph(
      ServiceGraphExposition graph,
      Map<String, String> partLabels,
      List<Family> families,
      Map<String, Metadata> metadata) {
    RedSeriesStore store = graph.store();
    ExposedLabels server = side(graph, ServiceGraphExposition.Side.SERVER);
    ExposedLabels client = side(graph, ServiceGraphExposition.Side.CLIENT);
    families.add(
        new Family(
            "traces_service_graph_request_total",
            store,
            server,
            partLabels,
            Family.Figure.CALLS,
            null,
            1,
            0));
    families.add(
        new Family(
            "traces_service_graph_request_failed_total",
            store,
            server,
            partLabels,
            Family.Figure.ERRORS,
            null,
            1,
            0));
    addHistogram(
        families,
        "traces_service_graph_request_server_seconds",
        store,
        server,
        partLabels,
        graph.boundsSeconds(),
        1e9,
        0);
    addHistogram(
        families,
        "traces_service_graph_request_client_seconds",
        store,
        client,
        partLabels,
        graph.boundsSeconds(),
        1e9,
        0);
    metadata.put(
        "traces_service_graph_request_total",
        new Metadata("counter", "Total count of requests between two nodes", ""));
    metadata.put(
        "traces_service_graph_request_failed_total",
        new Metadata("counter", "Total count of failed requests between two nodes", ""));
    metadata.put(
        "traces_service_graph_request_server_seconds",
        new Metadata(
            "histogram",
            "Time for a request between two nodes as seen from the server",
            "seconds"));
    metadata.put(
        "traces_service_graph_request_client_seconds",
        new Metadata(
            "histogram",
            "Time for a request between two nodes as seen from the client",
            "seconds"));
  }

  private static ExposedLabels side(
      ServiceGraphExposition graph, ServiceGraphExposition.Side side) {
    return key -> {
      ServiceGraphExposition.EdgeSeries edge = graph.edge(key);
      return edge == null || edge.side() != side ? null : edge.labels();
    };
  }

  private static void addHistogram(
      List<Family> families,
      String base,
      RedSeriesStore store,
      ExposedLabels labels,
      Map<String, String> partLabels,
      double[] bounds,
      double nanosPerUnit,
      long expiration) {
    families.add(
        new Family(
            base + "_bucket",
            store,
            labels,
            partLabels,
            Family.Figure.BUCKETS,
            bounds,
            nanosPerUnit,
            expiration));
    families.add(
        new Family(
            base + "_sum",
            store,
            labels,
            partLabels,
            Family.Figure.DURATION_SUM,
            null,
            nanosPerUnit,
            expiration));
    families.add(
        new Family(
            base + "_count",
            store,
            labels,
            partLabels,
            Family.Figure.CALLS,
            null,
            nanosPerUnit,
            expiration));
  }

  /** The metrics this source answers, by the name {@code /api/v1/metadata} lists them under. */
  public Map<String, Metadata> metadata() {
    return metadata;
  }

  @Override
  public void select(
      SelectRequest request, Cancellation cancellation, Consumer<SampleSeries> sink) {
    SeriesMatcher matcher = SeriesMatcher.of(request.matchers());
    SeriesMatcher nameMatcher =
        SeriesMatcher.of(
            request.matchers().stream()
                .filter(m -> m.name().equals(LabelMatcher.METRIC_NAME))
                .toList());
    Map<RedSeriesStore, Long> nows = new IdentityHashMap<>();
    for (Family family : families) {
      cancellation.check();
      if (!nameMatcher.matches(Labels.of(LabelMatcher.METRIC_NAME, family.name()))) {
        continue;
      }
      long now = nows.computeIfAbsent(family.store(), RedSeriesStore::nowMillis);
      Map<Labels, List<SeriesKey>> groups = group(family, matcher, cancellation);
      int[] boundOfBucket =
          family.figure() == Family.Figure.BUCKETS
              ? SlotTable.boundOfBucket(family.bounds(), family.nanosPerUnit())
              : null;
      for (Map.Entry<Labels, List<SeriesKey>> group : groups.entrySet()) {
        cancellation.check();
        SlotTable table = new SlotTable(boundOfBucket, family.bounds().length + 1);
        for (SeriesKey key : group.getValue()) {
          family.store().readSlots(key, now, table);
        }
        if (!table.isEmpty()) {
          CumulativeSeries.emit(family, group.getKey(), table, now, request, matcher, sink);
        }
      }
    }
  }

  /**
   * The family's keys by the labels of the series they make up, keeping only series the matchers may accept. Each
   * key is first tested on its exposed labels without building the series' {@link Labels} (a rule's selector names
   * one service among thousands of keys; a histogram makes one series per bound).
   */
  private static Map<Labels, List<SeriesKey>> group(
      Family family, SeriesMatcher matcher, Cancellation cancellation) {
    Map<Labels, List<SeriesKey>> groups = new TreeMap<>();
    Set<String> ignored =
        family.figure() == Family.Figure.BUCKETS ? Set.of(CumulativeSeries.LE) : Set.of();
    long visited = 0;
    for (SeriesKey key : family.store().keys()) {
      if (++visited % CHECK_EVERY == 0) {
        cancellation.check();
      }
      if (!matcher.matchesIgnoring(ignored, name -> labelValue(family, key, name))) {
        continue;
      }
      Map<String, String> exposed = family.labels().of(key);
      if (exposed == null) {
        continue;
      }
      Labels labels = labels(family, exposed);
      if (!CumulativeSeries.mayMatch(family, labels, matcher)) {
        continue;
      }
      groups.computeIfAbsent(labels, l -> new ArrayList<>()).add(key);
    }
    return groups;
  }

  /** A label of the series a key makes up, as {@link #labels(Family, Map)} builds them; "" when absent. */
  private static String labelValue(Family family, SeriesKey key, String name) {
    if (name.equals(LabelMatcher.METRIC_NAME)) {
      return family.name();
    }
    String value = family.extraLabels().get(name);
    if (value == null) {
      value = family.labels().label(key, name);
    }
    return value == null ? "" : value;
  }

  private static Labels labels(Family family, Map<String, String> exposed) {
    Map<String, String> all = new TreeMap<>(exposed);
    all.putAll(family.extraLabels());
    all.put(LabelMatcher.METRIC_NAME, family.name());
    return Labels.of(all);
  }
}
