package io.tracemate.http.support;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many queries are being worked on now, per API, as {@code tracemate_queries_running{api}}: a query counts from
 * the moment a thread starts on it until the last thread working on it (parallel parts included) has stopped, not
 * until its response is sent. It shows at once a query that burns CPU for nobody, and it is how tests see that a
 * timed-out or abandoned query really stopped. Thread-safe and lock-free.
 */
public final class RunningQueries {
  /** LogQL queries and the other blocking Loki endpoints. */
  public static final String LOKI = "loki";

  /** Jaeger v1 and v3 endpoints. */
  public static final String JAEGER = "jaeger";

  /** {@code /api/analysis/traces/{id}}. */
  public static final String ANALYSIS = "analysis";

  /** PromQL queries and the other Prometheus API endpoints, Jaeger's SPM included. */
  public static final String PROMETHEUS = "prometheus";

  /** Rule previews ({@code /api/rules/preview}). */
  public static final String RULES = "rules";

  /** Live tails' history queries and pipelines (the tails themselves are {@code LogTailHub#subscribers()}). */
  public static final String TAIL = "tail";

  private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

  /** Work on one query of {@code api} begins; close the returned handle when the work has stopped. */
  public Running start(String api) {
    AtomicInteger count = running.computeIfAbsent(api, a -> new AtomicInteger());
    count.incrementAndGet();
    return new Running(count);
  }

  /** Queries of {@code api} being worked on now. */
  public int running(String api) {
    AtomicInteger count = running.get(api);
    return count == null ? 0 : count.get();
  }

  /** Registers {@code tracemate_queries_running{api}} (read at scrape time). */
  public void register(PrometheusRegistry registry) {
    for (String api : new String[] {LOKI, JAEGER, ANALYSIS, TAIL, RULES}) {
      running.computeIfAbsent(api, a -> new AtomicInteger());
    }
    GaugeWithCallback.builder()
        .name("tracemate_queries_running")
        .help("Queries a thread is working on now (until all their parallel parts stopped), by API")
        .labelNames("api")
        .callback(cb -> running.forEach((api, count) -> cb.call(count.get(), api)))
        .register(registry);
  }

  /** One query being worked on; closing it twice counts once. */
  public static final class Running implements AutoCloseable {
    private final AtomicInteger count;
    private boolean closed;

    private Running(AtomicInteger count) {
      this.count = count;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        count.decrementAndGet();
      }
    }
  }
}
