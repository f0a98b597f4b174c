package io.tracemate.http.rules;

import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.model.AlertBatch;
import io.tracemate.alerting.model.AlertState;
import io.tracemate.alerting.rules.GroupStatus;
import io.tracemate.alerting.rules.Ruler;
import io.tracemate.alerting.rules.RulerMetrics;
import io.tracemate.alerting.rules.RulerSettings;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.component.SpanBatch;
import io.tracemate.component.tenant.TenantStateLimits;
import io.tracemate.http.prometheus.series.MetricSeries;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Status;
import io.tracemate.model.StatusCode;
import io.tracemate.model.TraceId;
import io.tracemate.promql.engine.EngineSettings;
import io.tracemate.spanmetrics.SpanMetricsConnector;
import io.tracemate.spanmetrics.config.RedStoreConfig;
import io.tracemate.spanmetrics.config.SpanMetricsConfig;
import io.tracemate.testing.MutableClock;
import io.tracemate.testing.TemporaryFolder;
import io.tracemate.testing.TestSpans;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ruler's cost per evaluation round over real span-metric series (not a test: it asserts nothing and runs only
 * when started, by {@code bin/benchmark-rules}): 10,000 span-metric series (100 services × 100 operations, SERVER
 * spans, 2 per series and simulated minute, one series in ten failing one call a minute) counted by the span
 * metrics connector into its RED store and read through {@link MetricSeries} as the Prometheus API and the ruler
 * read them; 1,000 alerting rules in 100 groups of 10, each service in 10 rules: half an error ratio ({@code
 * rate()} of its error calls over all its calls), half a p99 latency ({@code histogram_quantile} over its
 * duration buckets), so about one service in ten fires and gathers exemplar evidence. The clock is simulated: each
 * round is one minute later, its minute of spans counted first (not measured), then every group is evaluated once on
 * this thread with the default evaluation delay (1m).
 *
 * <p>Prints the CPU of one round (this thread's: evaluation runs on it), the wall time per round (mean, p50, p99),
 * one group's evaluation time (p50, p99), and what fired.
 *
 * <p>Run: {@code bin/benchmark-rules [ROUNDS]} (default 30), which builds the test classes and starts {@code java
 * -Xmx2g -cp <http-api test classpath> io.tracemate.http.rules.RulerBench ROUNDS}.
 */
public final class RulerBench {
  private static final int SERVICES = 100;
  private static final int OPERATIONS = 100;
  private static final int GROUPS = 100;
  private static final int RULES_PER_GROUP = 10;
  private static final int SPANS_PER_SERIES_MINUTE = 2;
  private static final int HISTORY_MINUTES = 60;
  private static final int WARM_UP_ROUNDS = 3;

  private static final String CALLS = "traces_span_metrics_calls_total";
  private static final String BUCKETS = "traces_span_metrics_duration_milliseconds_bucket";

  private final SplittableRandom random = new SplittableRandom(13);
  private final Resource[] resources = new Resource[SERVICES];
  private final MutableClock clock;
  private final SpanMetricsConnector spanMetrics;

  private RulerBench(Instant start) {
    clock = new MutableClock(start);
    spanMetrics =
        new SpanMetricsConnector(
            SpanMetricsConfig.builder()
                .aggregationCardinalityLimit(30_000)
                .redSeries(new RedStoreConfig(null, null, null, null, 12_000))
                .build(),
            TenantStateLimits.DEFAULTS,
            clock);
    for (int s = 0; s < SERVICES; s++) {
      resources[s] = TestSpans.resource("svc-" + s);
    }
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    Instant start = Instant.parse("2026-12-07T12:00:00Z");
    RulerBench bench = new RulerBench(start.minus(Duration.ofMinutes(HISTORY_MINUTES)));
    long loading = System.nanoTime();
    for (int minute = 0; minute < HISTORY_MINUTES; minute++) {
      bench.clock.advance(Duration.ofMinutes(1));
      bench.countMinute();
    }
    System.out.printf(
        Locale.ROOT,
        "%d span-metric series (%d on /metrics, by status too), %d minutes of history counted in %.1f s%n",
        SERVICES * OPERATIONS,
        bench.spanMetrics.aggregatorOrEmpty(TenantId.DEFAULT).seriesCount(),
        HISTORY_MINUTES,
        (System.nanoTime() - loading) / 1e9);
    bench.run(rounds);
  }

  /** One simulated minute of spans, ending at the clock's now, counted by the span metrics connector. */
  private void countMinute() {
    long minuteStart = clock.millis() - 60_000;
    List<Span> spans = new ArrayList<>(OPERATIONS * SPANS_PER_SERIES_MINUTE);
    for (int s = 0; s < SERVICES; s++) {
      spans.clear();
      for (int o = 0; o < OPERATIONS; o++) {
        for (int i = 0; i < SPANS_PER_SERIES_MINUTE; i++) {
          long endMillis = minuteStart + random.nextLong(60_000);
          long durationNanos = (5 + random.nextLong(200 + (s % 7) * 100)) * 1_000_000L;
          boolean fails = i == 0 && (s + o) % 10 == 0;
          spans.add(
              Span.builder()
                  .traceId(new TraceId(random.nextLong() | 1, random.nextLong() | 1))
                  .spanId(new SpanId(random.nextLong() | 1))
                  .parentSpanId(SpanId.NONE)
                  .name("op-" + o)
                  .kind(SpanKind.SERVER)
                  .startEpochNanos(endMillis * 1_000_000L - durationNanos)
                  .endEpochNanos(endMillis * 1_000_000L)
                  .status(fails ? new Status(StatusCode.ERROR, "failed") : Status.UNSET)
                  .resource(resources[s])
                  .build());
        }
      }
      spanMetrics.observe(SpanBatch.of(TenantId.DEFAULT, spans));
    }
  }

  private void run(int rounds) throws Exception {
    MetricSeries series = MetricSeries.perTenant(spanMetrics, null, false);
    AtomicInteger batches = new AtomicInteger();
    List<Alert> lastAlerts = new ArrayList<>();
    try (TemporaryFolder folder = TemporaryFolder.create("ruler-bench");
        Ruler ruler =
            new Ruler(
                RulerSettings.defaults(folder.path()),
                series::forScope,
                series::exemplars,
                EngineSettings.defaults(),
                null,
                (AlertBatch batch) -> {
                  batches.incrementAndGet();
                  lastAlerts.addAll(batch.alerts());
                },
                clock,
                new RulerMetrics(null))) {
      ruler.load();
      for (int g = 0; g < GROUPS; g++) {
        ruler.setGroup(TenantId.DEFAULT, "bench", ruler.parser().parseGroup("bench", group(g)));
      }
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long[] wall = new long[rounds];
      long[] cpu = new long[rounds];
      List<Long> groupNanos = new ArrayList<>();
      for (int i = -WARM_UP_ROUNDS; i < rounds; i++) {
        clock.advance(Duration.ofMinutes(1));
        countMinute();
        lastAlerts.clear();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long before = System.nanoTime();
        ruler.evaluateAll();
        long elapsed = System.nanoTime() - before;
        long roundCpu = threads.getCurrentThreadCpuTime() - cpuBefore;
        // Progress as it goes (a round may take long on a slow or busy machine).
        System.err.printf(
            Locale.ROOT,
            "round %d%s: CPU %.1f ms, wall %.1f ms%n",
            i,
            i < 0 ? " (warm-up)" : "",
            roundCpu / 1e6,
            elapsed / 1e6);
        if (i >= 0) {
          wall[i] = elapsed;
          cpu[i] = roundCpu;
          for (GroupStatus group : ruler.status(TenantScope.DEFAULT)) {
            groupNanos.add(group.evaluationTime().toNanos());
          }
        }
      }
      long[] sortedWall = wall.clone();
      Arrays.sort(sortedWall);
      long[] sortedCpu = cpu.clone();
      Arrays.sort(sortedCpu);
      long[] groups = groupNanos.stream().mapToLong(Long::longValue).sorted().toArray();
      long firing = lastAlerts.stream().filter(a -> a.state() == AlertState.FIRING).count();
      long pending = lastAlerts.stream().filter(a -> a.state() == AlertState.PENDING).count();
      long withTraces = lastAlerts.stream().filter(a -> !a.evidence().traceIds().isEmpty()).count();
      System.out.printf(
          Locale.ROOT,
          "%d rules in %d groups over %d span-metric series, %d rounds (one simulated minute apart) after %d"
              + " unrecorded:%n"
              + "  CPU per round: mean %.1f ms, p50 %.1f ms, p99 %.1f ms%n"
              + "  wall per round: mean %.1f ms, p50 %.1f ms, p99 %.1f ms%n"
              + "  one group's evaluation: p50 %.2f ms, p99 %.2f ms%n"
              + "  last round: %d firing and %d pending alerts, %d with exemplar trace IDs; %d alert"
              + " batches in all%n",
          GROUPS * RULES_PER_GROUP,
          GROUPS,
          SERVICES * OPERATIONS,
          rounds,
          WARM_UP_ROUNDS,
          Arrays.stream(cpu).sum() / 1e6 / rounds,
          percentile(sortedCpu, 0.50) / 1e6,
          percentile(sortedCpu, 0.99) / 1e6,
          Arrays.stream(wall).sum() / 1e6 / rounds,
          percentile(sortedWall, 0.50) / 1e6,
          percentile(sortedWall, 0.99) / 1e6,
          percentile(groups, 0.50) / 1e6,
          percentile(groups, 0.99) / 1e6,
          firing,
          pending,
          withTraces,
          batches.get());
    }
  }

  /** Nearest-rank percentile of sorted values. */
  private static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** Group {@code g}: ten rules, each over one service, alternately its error ratio and its p99 latency. */
  private static String group(int g) {
    StringBuilder yaml = new StringBuilder("name: g" + g + "\nkind: promql\nrules:\n");
    for (int r = 0; r < RULES_PER_GROUP; r++) {
      String service = "svc-" + (g * RULES_PER_GROUP + r) % SERVICES;
      String selector = "{service_name=\"" + service + "\"";
      if (r % 2 == 0) {
        yaml.append("  - alert: ErrorRate")
            .append(r)
            .append("\n    expr: sum by (service_name) (rate(")
            .append(CALLS)
            .append(selector)
            .append(", status_code=\"STATUS_CODE_ERROR\"}[5m])) / sum by (service_name) (rate(")
            .append(CALLS)
            .append(selector)
            .append("}[5m])) > 0.05\n");
      } else {
        yaml.append("  - alert: SlowP99")
            .append(r)
            .append("\n    expr: histogram_quantile(0.99, sum by (le, service_name) (rate(")
            .append(BUCKETS)
            .append(selector)
            .append("}[5m]))) > 600\n");
      }
      yaml.append("    for: 2m\n");
    }
    return yaml.toString();
  }
}
