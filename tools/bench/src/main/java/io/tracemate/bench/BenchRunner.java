package io.tracemate.bench;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Runs a bench against a running server: one ingest phase per protocol, then the query probes,
 * then the storage measurement. Every phase is bounded in count and time.
 */
public final class BenchRunner {

  static final String STORAGE_BYTES = "tracemate_storage_bytes";
  static final String STORAGE_SPANS = "tracemate_storage_spans";
  static final String PROCESS_CPU = "process_cpu_seconds_total";

  private static final int TEMPLATES = 8;
  private static final int TRACE_ID_SAMPLE = 10_000;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final BenchOptions options;
  private final PrintWriter progress;

  public BenchRunner(BenchOptions options, PrintWriter progress) {
    this.options = options;
    this.progress = progress;
  }

  public BenchReport run() throws InterruptedException {
    ClientFactory factory =
        ClientFactory.builder()
            .maxNumEventLoopsPerEndpoint(options.connections())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    try {
      return run(factory);
    } finally {
      factory.close();
    }
  }

  private BenchReport run(ClientFactory factory) throws InterruptedException {
    BlockingWebClient httpPort =
        WebClient.builder(options.baseUri(options.httpPort()))
            .factory(factory)
            .responseTimeout(REQUEST_TIMEOUT)
            .addHeaders(options.headers().entrySet())
            .build()
            .blocking();
    BlockingWebClient queryPort =
        WebClient.builder(options.baseUri(options.queryPort()))
            .factory(factory)
            .responseTimeout(REQUEST_TIMEOUT)
            .addHeaders(options.headers().entrySet())
            .maxResponseLength(256L * 1024 * 1024)
            .build()
            .blocking();
    IdAllocator ids = new IdAllocator();
    TraceIdSample sample = new TraceIdSample(ids, TRACE_ID_SAMPLE);
    Workload workload =
        Workload.build(options.batchSpans(), TEMPLATES, options.seed(), options.mix());
    CpuSource cpu = cpuSource(httpPort);
    Long dataDirBytesBefore = options.dataDir() == null ? null : du(options.dataDir());
    say(
        "Workload: %d templates of %d spans (avg %.1f spans/trace, %.1f attributes/span); CPU from %s%n",
        TEMPLATES,
        workload.otlp().getFirst().spans(),
        workload.spansPerTrace(),
        workload.attributesPerSpan(),
        cpu.describe());

    long startMicros = Instant.now().toEpochMilli() * 1_000 - 60_000_000L;
    List<BenchReport.Ingest> ingest = new ArrayList<>();
    for (Protocol protocol : options.protocols()) {
      String base = options.baseUri(options.ingestPort(protocol));
      BatchSender sender = sender(protocol, factory);
      List<BatchTemplate> templates = workload.templates(protocol);
      say(
          "Ingest %s to %s for at most %s or %,d spans ...%n",
          protocol, base, seconds(options.duration()), options.maxSpans());
      Double cpuBefore = cpu.read();
      BenchReport.Ingest phase =
          new IngestPhase(protocol, sender, templates, ids, sample, options).run();
      Thread.sleep(options.settle().toMillis());
      Double cpuAfter = cpu.read();
      ingest.add(withCpu(phase, cpuBefore, cpuAfter));
      say(
          "  %,d spans accepted in %.1f s (%,.0f spans/s)%s%n",
          phase.spansAccepted(),
          phase.seconds(),
          phase.acceptedSpansPerSecond(),
          phase.firstError() == null ? "" : "; first error: " + phase.firstError());
    }
    long endMicros = Instant.now().toEpochMilli() * 1_000 + 60_000_000L;

    List<BenchReport.Query> queries = new ArrayList<>();
    if (options.querySamples() > 0) {
      QueryProbe probe = new QueryProbe(queryPort, options.queryApi());
      say(
          "Queries (%s API on %s): %d samples each ...%n",
          options.queryApi().name().toLowerCase(),
          options.baseUri(options.queryPort()),
          options.querySamples());
      long deadline = System.nanoTime() + options.duration().toNanos();
      queries.add(probe.traceById(sample.traceIds(), options.querySamples(), deadline));
      deadline = System.nanoTime() + options.duration().toNanos();
      queries.add(probe.search(options.querySamples(), startMicros, endMicros, deadline));
      Protocol first = options.protocols().getFirst();
      say("Ack-to-visible (%s, then trace by ID until found) ...%n", first);
      deadline = System.nanoTime() + options.duration().toNanos();
      BatchTemplate probeBatch = workload.templates(first).getFirst();
      queries.add(
          probe.ackToVisible(
              sender(first, factory), probeBatch, ids, options.querySamples(), deadline));
      say("Ack-to-visible (%s, then a search until found) ...%n", first);
      deadline = System.nanoTime() + options.duration().toNanos();
      queries.add(
          probe.ackToVisibleBySearch(
              sender(first, factory), probeBatch, ids, options.querySamples(), deadline));
    }

    long accepted = ingest.stream().mapToLong(BenchReport.Ingest::spansAccepted).sum();
    BenchReport.Storage storage = storage(httpPort, dataDirBytesBefore, accepted);
    return new BenchReport(
        options.target(),
        (int) Math.round(workload.spansPerTrace()),
        (int) Math.round(workload.attributesPerSpan()),
        options.batchSpans(),
        options.connections(),
        cpu.describe(),
        ingest,
        queries,
        storage);
  }

  private BatchSender sender(Protocol protocol, ClientFactory factory) {
    String base = options.baseUri(options.ingestPort(protocol));
    return switch (protocol) {
      case OTLP_GRPC -> new OtlpGrpcSender(base, factory, REQUEST_TIMEOUT, options.headers());
      case OTLP_HTTP -> HttpBatchSender.otlpHttp(base, factory, REQUEST_TIMEOUT, options.headers());
      case OTLP_JSON -> HttpBatchSender.otlpJson(base, factory, REQUEST_TIMEOUT, options.headers());
      case ZIPKIN_JSON ->
          HttpBatchSender.zipkinJson(base, factory, REQUEST_TIMEOUT, options.headers());
    };
  }

  private void say(String format, Object... args) {
    progress.printf(format, args);
    progress.flush();
  }

  private static String seconds(Duration duration) {
    return java.math.BigDecimal.valueOf(duration.toMillis())
            .movePointLeft(3)
            .stripTrailingZeros()
            .toPlainString()
        + "s";
  }

  private BenchReport.Ingest withCpu(BenchReport.Ingest phase, Double before, Double after) {
    if (before == null || after == null) {
      return phase;
    }
    double cpuSeconds = after - before;
    Double perMillion = phase.spansAccepted() > 0 ? cpuSeconds / phase.spansAccepted() * 1e6 : null;
    return new BenchReport.Ingest(
        phase.protocol(),
        phase.spansSent(),
        phase.spansAccepted(),
        phase.spansRejected(),
        phase.throttledResponses(),
        phase.failedRequests(),
        phase.seconds(),
        phase.acceptedSpansPerSecond(),
        phase.requestLatency(),
        cpuSeconds,
        perMillion,
        phase.firstError());
  }

  private CpuSource cpuSource(BlockingWebClient httpPort) {
    if (options.serverPid() != null) {
      return new CpuSource.ProcStatCpu(options.serverPid(), ProcStat.clockTicksPerSecond());
    }
    Map<String, Double> metrics = scrape(httpPort);
    if (metrics.containsKey(PROCESS_CPU)) {
      return new CpuSource.MetricsCpu(
          () -> scrape(httpPort), options.baseUri(options.httpPort()) + options.metricsPath());
    }
    return new CpuSource.None();
  }

  private BenchReport.Storage storage(
      BlockingWebClient httpPort, Long dataDirBytesBefore, long acceptedSpans) {
    Map<String, Double> metrics = scrape(httpPort);
    Double bytes = metrics.get(STORAGE_BYTES);
    Double spans = metrics.get(STORAGE_SPANS);
    if (bytes != null && spans != null && spans > 0) {
      return new BenchReport.Storage(
          bytes / spans, bytes, spans, STORAGE_BYTES + " / " + STORAGE_SPANS);
    }
    if (dataDirBytesBefore != null && acceptedSpans > 0) {
      long grown = du(options.dataDir()) - dataDirBytesBefore;
      return new BenchReport.Storage(
          grown / (double) acceptedSpans,
          (double) grown,
          (double) acceptedSpans,
          "growth of " + options.dataDir() + " / accepted spans");
    }
    return new BenchReport.Storage(
        null, null, null, "not measured (no " + STORAGE_BYTES + " gauge and no --data-dir)");
  }

  /** The server's Prometheus samples; empty when it exposes none (e.g. a Zipkin server). */
  private Map<String, Double> scrape(BlockingWebClient httpPort) {
    try {
      AggregatedHttpResponse response = httpPort.get(options.metricsPath());
      return response.status().code() == 200
          ? PrometheusText.samples(response.contentUtf8())
          : Map.of();
    } catch (RuntimeException e) {
      return Map.of();
    }
  }

  /** Bytes of the regular files under {@code dir}. */
  static long du(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              file -> {
                try {
                  return Files.size(file);
                } catch (IOException e) {
                  return 0; // deleted while walking (compaction): not on disk any more
                }
              })
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure --data-dir " + dir, e);
    }
  }

  /** The pre-encoded batches for every protocol, generated once from one seed. */
  record Workload(
      List<BatchTemplate> otlp,
      List<BatchTemplate> otlpJson,
      List<BatchTemplate> zipkin,
      double spansPerTrace,
      double attributesPerSpan) {

    /** The batches in the protocol's body format. */
    List<BatchTemplate> templates(Protocol protocol) {
      return switch (protocol) {
        case OTLP_GRPC, OTLP_HTTP -> otlp;
        case OTLP_JSON -> otlpJson;
        case ZIPKIN_JSON -> zipkin;
      };
    }

    static Workload build(int batchSpans, int templates, long seed, WorkloadMix mix) {
      SyntheticWorkload generator = new SyntheticWorkload(seed, mix);
      SplittableRandom placeholders = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
      long base = Instant.now().toEpochMilli() * 1_000_000L;
      List<BatchTemplate> otlp = new ArrayList<>(templates);
      List<BatchTemplate> otlpJson = new ArrayList<>(templates);
      List<BatchTemplate> zipkin = new ArrayList<>(templates);
      long spans = 0;
      long traces = 0;
      long attributes = 0;
      for (int i = 0; i < templates; i++) {
        List<TemplateSpan> batch = generator.batch(batchSpans);
        Placeholders ids = Placeholders.forBatch(batch, base, placeholders);
        otlp.add(BatchTemplate.otlp(batch, ids));
        otlpJson.add(BatchTemplate.otlpJson(batch, ids));
        zipkin.add(BatchTemplate.zipkinJson(batch, ids));
        spans += batch.size();
        traces += batch.getLast().traceIndex() + 1;
        attributes += batch.stream().mapToInt(span -> span.attributes().size()).sum();
      }
      return new Workload(
          otlp, otlpJson, zipkin, spans / (double) traces, attributes / (double) spans);
    }
  }
}
