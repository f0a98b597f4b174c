package io.tracemate.http.loki;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryCostRecorderTest {

  @Test
  void sumsPerTenant() {
    QueryCostRecorder costs = new QueryCostRecorder();
    costs.recordScan("b", 100, 3);
    costs.recordScan("a", 10, 1);
    costs.recordScan("b", 5, 2);
    costs.recordQuery("b", "query_range", 200);
    costs.recordQuery("b", "query_range", 200);
    costs.recordQuery("b", "query_range", 400);
    assertThat(costs.costs())
        .containsExactly(
            new QueryCostRecorder.TenantCost("a", 10, 1),
            new QueryCostRecorder.TenantCost("b", 105, 5));
    assertThat(costs.queryCounts())
        .containsExactly(
            new QueryCostRecorder.QueryCount("b", "query_range", 200, 2),
            new QueryCostRecorder.QueryCount("b", "query_range", 400, 1));
  }

  @Test
  void exposedAsPrometheusCounters() {
    QueryCostRecorder costs = new QueryCostRecorder();
    PrometheusRegistry registry = new PrometheusRegistry();
    costs.register(registry);
    costs.recordScan("team-a", 2048, 16);
    costs.recordQuery("team-a", "labels", 200);

    MetricSnapshots snapshots = registry.scrape();
    assertThat(counter(snapshots, "tracemate_log_query_bytes_scanned"))
        .isEqualTo(List.of("tenant=team-a 2048.0"));
    assertThat(counter(snapshots, "tracemate_log_query_lines_scanned"))
        .isEqualTo(List.of("tenant=team-a 16.0"));
    assertThat(counter(snapshots, "tracemate_log_queries"))
        .isEqualTo(List.of("endpoint=labels,status=200,tenant=team-a 1.0"));
  }

  private static List<String> counter(MetricSnapshots snapshots, String name) {
    for (MetricSnapshot snapshot : snapshots) {
      if (snapshot.getMetadata().getName().equals(name)) {
        return ((CounterSnapshot) snapshot)
            .getDataPoints().stream()
                .map(
                    p ->
                        String.join(
                                ",",
                                p.getLabels().stream()
                                    .map(l -> l.getName() + "=" + l.getValue())
                                    .toList())
                            + " "
                            + p.getValue())
                .toList();
      }
    }
    throw new AssertionError("no metric " + name);
  }
}
