package io.tracemate.alerting.rules;

import io.tracemate.alerting.model.AlertBatch;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.promql.engine.EngineSettings;
import io.tracemate.promql.engine.InMemorySeriesSource;
import io.tracemate.promql.engine.Labels;
import io.tracemate.testing.MutableClock;
import io.tracemate.testing.TemporaryFolder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ruler's cost per evaluation round, for the lead's benchmark figures (not a test: it asserts nothing and runs
 * only when started): 1,000 alerting rules in 100 groups of 10 over 10,000 counter series (100 services × 100
 * operations, a sample every 15 s for an hour), each rule a {@code rate()} ratio over one service's series, as a
 * per-service error-rate rule is. Prints CPU per round (the evaluating thread's), wall time per round (mean, p50,
 * p99) and the p99 of one group's evaluation. The series are in the engine's in-memory source, so the figures are
 * the evaluator's and the engine's, not the RED store's.
 *
 * <p>Run: {@code mvn -q -pl alerting/rules -am test-compile} then {@code java -cp <test classpath>
 * io.tracemate.alerting.rules.RulerBench [rounds]}.
 */
public final class RulerBench {
  private static final int SERVICES = 100;
  private static final int OPERATIONS = 100;
  private static final int GROUPS = 100;
  private static final int RULES_PER_GROUP = 10;

  private RulerBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    Instant now = Instant.parse("2026-12-07T12:00:00Z");
    InMemorySeriesSource series = new InMemorySeriesSource();
    long start = now.minus(Duration.ofHours(1)).toEpochMilli();
    for (int s = 0; s < SERVICES; s++) {
      for (int o = 0; o < OPERATIONS; o++) {
        Labels calls =
            Labels.of("__name__", "calls_total", "service", "s" + s, "operation", "o" + o);
        double value = 0;
        for (long t = start; t <= now.toEpochMilli(); t += 15_000) {
          value += 10 + (s + o) % 7;
          series.append(calls, t, value);
        }
      }
    }
    AtomicInteger batches = new AtomicInteger();
    List<Long> groupNanos = new ArrayList<>();
    MutableClock clock = new MutableClock(now);
    try (TemporaryFolder folder = TemporaryFolder.create("ruler-bench");
        Ruler ruler =
            new Ruler(
                RulerSettings.defaults(folder.path()).withEvaluationDelay(Duration.ZERO),
                scope -> series,
                EngineSettings.defaults(),
                null,
                (AlertBatch batch) -> batches.incrementAndGet(),
                clock,
                new RulerMetrics(null))) {
      ruler.load();
      for (int g = 0; g < GROUPS; g++) {
        StringBuilder yaml = new StringBuilder("name: g" + g + "\nkind: promql\nrules:\n");
        for (int r = 0; r < RULES_PER_GROUP; r++) {
          int service = (g * RULES_PER_GROUP + r) % SERVICES;
          yaml.append("  - alert: A")
              .append(r)
              .append("\n    expr: sum by (service) (rate(calls_total{service=\"s")
              .append(service)
              .append("\"}[5m])) > ")
              .append(r % 2 == 0 ? "0.5" : "1e9")
              .append("\n    for: 5m\n");
        }
        ruler.setGroup(
            TenantId.DEFAULT, "bench", ruler.parser().parseGroup("bench", yaml.toString()));
      }
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long[] wall = new long[rounds];
      long[] cpu = new long[rounds];
      for (int i = -3; i < rounds; i++) { // three rounds to warm up
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long before = System.nanoTime();
        ruler.evaluateAll();
        long elapsed = System.nanoTime() - before;
        if (i >= 0) {
          wall[i] = elapsed;
          cpu[i] = threads.getCurrentThreadCpuTime() - cpuBefore;
          for (GroupStatus group : ruler.status(io.tracemate.common.tenant.TenantScope.DEFAULT)) {
            groupNanos.add(group.evaluationTime().toNanos());
          }
        }
      }
      Arrays.sort(wall);
      long cpuTotal = Arrays.stream(cpu).sum();
      long[] groups = groupNanos.stream().mapToLong(Long::longValue).sorted().toArray();
      System.out.printf(
          Locale.ROOT,
          "%d rules in %d groups over %d series, %d rounds:%n"
              + "  CPU per round: %.1f ms (mean)%n"
              + "  wall per round: mean %.1f ms, p50 %.1f ms, p99 %.1f ms%n"
              + "  one group's evaluation: p50 %.2f ms, p99 %.2f ms%n"
              + "  alert batches: %d%n",
          GROUPS * RULES_PER_GROUP,
          GROUPS,
          SERVICES * OPERATIONS,
          rounds,
          cpuTotal / 1e6 / rounds,
          Arrays.stream(wall).sum() / 1e6 / rounds,
          wall[rounds / 2] / 1e6,
          wall[Math.min(rounds - 1, (int) Math.ceil(rounds * 0.99) - 1)] / 1e6,
          groups[groups.length / 2] / 1e6,
          groups[Math.min(groups.length - 1, (int) Math.ceil(groups.length * 0.99) - 1)] / 1e6,
          batches.get());
    }
  }
}
