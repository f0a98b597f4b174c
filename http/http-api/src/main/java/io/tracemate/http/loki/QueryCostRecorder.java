package io.tracemate.http.loki;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-tenant query cost: bytes and lines the store scanned for a tenant's queries, and the number of queries
 * per tenant, endpoint and HTTP status. {@link #register} exposes them as
 * {@code tracemate_log_query_bytes_scanned_total{tenant}}, {@code tracemate_log_query_lines_scanned_total{tenant}}
 * and {@code tracemate_log_queries_total{tenant,endpoint,status}}.
 *
 * <p>Thread-safe and lock-free on the recording path. Memory grows with the number of distinct tenants (label
 * values are tenants, endpoints and status codes, all bounded in practice).
 */
public final class QueryCostRecorder {

  /** Totals of one tenant. */
  public record TenantCost(String tenant, long bytesScanned, long linesScanned) {}

  /** Queries of one tenant to one endpoint that ended with one status code. */
  public record QueryCount(String tenant, String endpoint, int status, long count) {}

  private record Scan(LongAdder bytes, LongAdder lines) {}

  private record QueryKey(String tenant, String endpoint, int status) {}

  private final Map<String, Scan> scans = new ConcurrentHashMap<>();
  private final Map<QueryKey, LongAdder> queries = new ConcurrentHashMap<>();

  public void recordScan(String tenant, long bytes, long lines) {
    Scan scan = scans.computeIfAbsent(tenant, t -> new Scan(new LongAdder(), new LongAdder()));
    scan.bytes().add(bytes);
    scan.lines().add(lines);
  }

  public void recordQuery(String tenant, String endpoint, int status) {
    queries
        .computeIfAbsent(new QueryKey(tenant, endpoint, status), k -> new LongAdder())
        .increment();
  }

  /** A snapshot, sorted by tenant. */
  public List<TenantCost> costs() {
    List<TenantCost> result = new ArrayList<>();
    scans.forEach(
        (tenant, scan) ->
            result.add(new TenantCost(tenant, scan.bytes().sum(), scan.lines().sum())));
    result.sort(Comparator.comparing(TenantCost::tenant));
    return result;
  }

  /** A snapshot, sorted by tenant, endpoint, status. */
  public List<QueryCount> queryCounts() {
    List<QueryCount> result = new ArrayList<>();
    queries.forEach(
        (key, count) ->
            result.add(new QueryCount(key.tenant(), key.endpoint(), key.status(), count.sum())));
    result.sort(
        Comparator.comparing(QueryCount::tenant)
            .thenComparing(QueryCount::endpoint)
            .thenComparingInt(QueryCount::status));
    return result;
  }

  /** Registers the three counters (read at scrape time) with {@code registry}. */
  public void register(PrometheusRegistry registry) {
    CounterWithCallback.builder()
        .name("tracemate_log_query_bytes_scanned_total")
        .help("UTF-8 bytes of log lines the store read to answer a tenant's queries")
        .labelNames("tenant")
        .callback(cb -> costs().forEach(c -> cb.call(c.bytesScanned(), c.tenant())))
        .register(registry);
    CounterWithCallback.builder()
        .name("tracemate_log_query_lines_scanned_total")
        .help("Log lines the store read to answer a tenant's queries")
        .labelNames("tenant")
        .callback(cb -> costs().forEach(c -> cb.call(c.linesScanned(), c.tenant())))
        .register(registry);
    CounterWithCallback.builder()
        .name("tracemate_log_queries_total")
        .help("Log API requests by tenant, endpoint and HTTP status")
        .labelNames("tenant", "endpoint", "status")
        .callback(
            cb ->
                queryCounts()
                    .forEach(
                        q ->
                            cb.call(
                                q.count(), q.tenant(), q.endpoint(), Integer.toString(q.status()))))
        .register(registry);
  }
}
