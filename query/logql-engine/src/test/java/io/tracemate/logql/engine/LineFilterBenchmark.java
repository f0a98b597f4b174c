package io.tracemate.logql.engine;

import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logs.Direction;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.model.LogStream;
import io.tracemate.logs.store.EmbeddedLogStore;
import io.tracemate.logs.store.EmbeddedLogStoreConfig;
import io.tracemate.testing.corpus.LogCorpus;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures line filter scans ({@code |=}, {@code |~}) through the engine over the embedded store holding
 * {@link LogCorpus}: MB of raw line text scanned per CPU-second of the one thread that runs the whole query
 * (decompression, the store's literal search, the engine's filters), and how many lines matched, which must be
 * the same before and after a change of the filters.
 *
 * <pre>
 * java -cp ... io.tracemate.logql.engine.LineFilterBenchmark [raw-MB=512] [dir] [runs=5] [timeout-s=300] [filters]
 * </pre>
 *
 * <p>With a directory that already holds the corpus, ingest is skipped and only the queries run. Each query is an
 * instant {@code sum(count_over_time({env="prod"} <filter> [24h]))} over every line; one unrecorded run, then
 * {@code runs} measured runs, of which the median CPU time is reported. A query that does not finish within the
 * time-out is reported as such and not run again. {@code filters} picks some of {@link #FILTERS} by their
 * 0-based indexes ({@code 4,5}); all by default.
 */
public final class LineFilterBenchmark {
  private static final String TENANT = "bench";
  private static final long START = 1_700_000_000_000_000_000L;
  private static final long NANOS_PER_LINE = 10_000_000L;

  /** The filters measured, from a plain literal to a regex no literal can pre-filter. */
  static final List<String> FILTERS =
      List.of(
          "|= `PaymentGatewayTimeout`",
          "|~ `PaymentGatewayTimeout`",
          "|~ `PaymentGateway(Timeout|Declined)`",
          "|~ `(?i)paymentgatewaytimeout`",
          "|~ `.*did not answer.*`",
          "|~ `timed out|connect error`",
          "|~ `status[=\":]+5[0-9]{2}`",
          "|~ `user[=_\":id]+u-4999[0-9]{2}\\b`",
          "|~ `[0-9]{4}\\.[0-9]{3}ms`",
          "!~ `level=(info|debug)|\"level\":\"(INFO|DEBUG)\"`");

  private LineFilterBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rawMb = args.length > 0 ? Long.parseLong(args[0]) : 512;
    Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("line-filter-bench");
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Duration timeout = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 300);
    List<String> filters = FILTERS;
    if (args.length > 4) {
      filters =
          Arrays.stream(args[4].split(","))
              .map(i -> FILTERS.get(Integer.parseInt(i.strip())))
              .toList();
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    EmbeddedLogStoreConfig config = EmbeddedLogStoreConfig.defaults(dir);
    boolean ingest = !Files.exists(dir.resolve("state"));
    try (EmbeddedLogStore store = EmbeddedLogStore.open(config)) {
      if (ingest) {
        LogCorpus corpus = new LogCorpus(42, 100, START, NANOS_PER_LINE);
        long sequence = 0;
        while (corpus.generatedBytes() < rawMb << 20) {
          List<LogStream> batch = corpus.next(1000);
          store.writer().write(++sequence, TENANT, batch);
        }
        store.writer().flush();
        System.out.printf(
            Locale.ROOT,
            "corpus: %,d lines, %.1f MB raw in %s%n",
            corpus.generatedLines(),
            corpus.generatedBytes() / 1e6,
            dir);
      }
      EngineLimits limits =
          new EngineLimits(5000, 500, 0, timeout, Duration.ofDays(30), Duration.ofHours(1), 1);
      LogQLEngine engine = new LogQLEngine(store.reader(), limits, Runnable::run);
      long end = START + Duration.ofHours(24).toNanos();
      System.out.printf(
          Locale.ROOT,
          "%-62s %12s %10s %12s %14s%n",
          "filter",
          "lines",
          "MB read",
          "CPU s (med)",
          "MB per CPU-s");
      for (String filter : filters) {
        String query = "sum(count_over_time({env=\"prod\"} " + filter + " [24h]))";
        LogQueryRequest request =
            new LogQueryRequest(
                TenantScope.parse(TENANT), query, end, end, 0, 0, Direction.FORWARD, 100, true);
        long[] cpu = new long[runs];
        double matched = 0;
        long bytes = 0;
        boolean finished = true;
        for (int run = -1; run < runs && finished; run++) {
          ScanStats stats = new ScanStats();
          long cpu0 = threads.getCurrentThreadCpuTime();
          try {
            QueryResult result = engine.execute(request, stats);
            matched =
                result instanceof VectorResult vector && !vector.samples().isEmpty()
                    ? vector.samples().getFirst().value()
                    : 0;
          } catch (QueryLimitException e) {
            finished = false;
          }
          long spent = threads.getCurrentThreadCpuTime() - cpu0;
          bytes = stats.bytes();
          if (run >= 0) {
            cpu[run] = spent;
          }
        }
        if (!finished) {
          System.out.printf(
              Locale.ROOT,
              "%-62s did not finish within the %d s time-out%n",
              filter,
              timeout.toSeconds());
          continue;
        }
        Arrays.sort(cpu);
        double median = cpu[runs / 2] / 1e9;
        System.out.printf(
            Locale.ROOT,
            "%-62s %,12.0f %10.1f %12.3f %,14.0f%n",
            filter,
            matched,
            bytes / 1e6,
            median,
            bytes / 1e6 / median);
      }
    }
  }
}
