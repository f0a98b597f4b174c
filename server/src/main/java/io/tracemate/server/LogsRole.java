package io.tracemate.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.server.ServerBuilder;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.common.CachedSupplier;
import io.tracemate.ingest.logs.DurableLogIngest;
import io.tracemate.ingest.logs.LogIngestConfig;
import io.tracemate.ingest.wal.WalConfig;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.logql.engine.LogQLEngine;
import io.tracemate.logql.syntax.ParseLimits;
import io.tracemate.logs.LogStore;
import io.tracemate.logs.LogStoreStats;
import io.tracemate.logs.store.EmbeddedLogStore;
import io.tracemate.logs.store.EmbeddedLogStoreConfig;
import io.tracemate.query.RunningQueries;
import io.tracemate.query.loki.LogTailHub;
import io.tracemate.query.loki.LokiQueryApi;
import io.tracemate.query.loki.QueryCostRecorder;
import io.tracemate.receivers.ReceiverLimits;
import io.tracemate.receivers.RequestBodyBudget;
import io.tracemate.receivers.logs.LogIngest;
import io.tracemate.receivers.logs.LogLimits;
import io.tracemate.receivers.logs.LokiPushService;
import io.tracemate.receivers.logs.OtlpGrpcLogsService;
import io.tracemate.receivers.logs.OtlpHttpLogsService;
import io.tracemate.server.config.TracemateConfig.LogQuerySettings;
import io.tracemate.server.config.TracemateConfig.LogsSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logs side of the server: the embedded log store, its durable ingest path (own WAL), the LogQL engine, the
 * Loki query API with live tail, and the OTLP-logs and Loki-push receivers. Built in the server's start order:
 * {@link #open} (store + WAL replay) before the receivers; {@link #close} after they stopped.
 */
final class LogsRole implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LogsRole.class);

  private final LogsSettings settings;
  private final LogStore store;
  private final LogTailHub tailHub;
  private final ExecutorService queryExecutor;
  private final LogQLEngine engine;
  private final EngineLimits engineLimits;
  private final DeferredLogSink sink;
  private final LogIngest receiving;
  private DurableLogIngest ingest;

  private LogsRole(LogsSettings settings, LogStore store, LogLimits limits, Duration retryAfter, Clock clock,
      PrometheusRegistry registry) {
    this.settings = settings;
    this.store = store;
    this.sink = new DeferredLogSink(retryAfter);
    this.receiving = new LogIngest(sink, limits, clock, registry);
    LogQuerySettings query = settings.query();
    this.tailHub = new LogTailHub(query.maxTails(), 10_000);
    this.engineLimits = new EngineLimits(query.maxEntries(), query.maxSeries(), query.maxBytesScanned(),
        query.timeout(), query.maxRange(), query.splitInterval(), query.parallelism(),
        new ParseLimits(Math.toIntExact(query.maxQuerySize()), query.maxQueryDepth()),
        Math.toIntExact(query.maxFormattedLineSize()), query.maxQueryMemory());
    this.queryExecutor = Executors.newFixedThreadPool(Math.max(2, query.parallelism()),
        Thread.ofPlatform().name("logql-", 0).daemon(true).factory());
    this.engine = new LogQLEngine(store.reader(), engineLimits, queryExecutor);
  }

  /**
   * Validates the settings and opens the store; nothing is accepted yet.
   *
   * @throws IllegalArgumentException naming the {@code logs.*} key that is wrong
   */
  static LogsRole open(LogsSettings settings, Path dataDir, Duration retryAfter, Clock clock,
      PrometheusRegistry registry) {
    LogLimits limits = parseLimits(settings.limits());
    EmbeddedLogStore store = EmbeddedLogStore.open(EmbeddedLogStoreConfig.defaults(dataDir.resolve("logs"))
        .withPartitionDuration(settings.partition()), clock);
    return new LogsRole(settings, store, limits, retryAfter, clock, registry);
  }

  private static LogLimits parseLimits(JsonNode node) {
    if (node == null || node.isNull()) {
      return LogLimits.DEFAULTS;
    }
    ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    try {
      return mapper.treeToValue(node, LogLimits.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      String message = cause instanceof JsonMappingException m ? m.getOriginalMessage() : cause.getMessage();
      throw new IllegalArgumentException("logs.limits: " + message, e);
    }
  }

  /** The Loki query API, live tail and our correlation endpoint, on the HTTP port (before the WAL replay). */
  void addQueryApi(ServerBuilder http, PrometheusRegistry registry, RunningQueries running, Clock clock) {
    QueryCostRecorder costs = new QueryCostRecorder();
    costs.register(registry);
    new LokiQueryApi(store.reader(), engine, engineLimits, tailHub, costs, running, clock).addTo(http);
    registerStoreMetrics(registry);
  }

  /** Replays the log WAL into the store (blocking), then accepts pushes. */
  void startIngest(Path dataDir, long walSegmentBytes, Duration retryAfter, PrometheusRegistry registry)
      throws IOException {
    ingest = DurableLogIngest.open(
        new WalConfig(dataDir.resolve("logs-wal"), walSegmentBytes, WalConfig.DEFAULT_MAX_RECORD_BYTES),
        new LogIngestConfig(settings.maxQueuedBytes(), 8L << 20, settings.flushInterval(), retryAfter),
        store.writer(), tailHub::publish, registry);
    sink.open(ingest);
  }

  void addGrpcReceiver(ServerBuilder grpc, ReceiverLimits receiverLimits, Clock clock) {
    grpc.service(OtlpGrpcLogsService.grpcService(receiving, receiverLimits, clock));
  }

  void addOtlpHttpReceiver(ServerBuilder otlpHttp, ReceiverLimits receiverLimits, Clock clock) {
    otlpHttp.service(new OtlpHttpLogsService(receiving, receiverLimits, clock));
  }

  /** Loki push on the HTTP port, under the receivers' request-body budget like the receiver ports. */
  void addLokiPushReceiver(ServerBuilder http, ReceiverLimits receiverLimits, RequestBodyBudget bodies) {
    http.service(new LokiPushService(receiving, receiverLimits), bodies.newDecorator());
  }

  void enforceRetention(Clock clock) {
    try {
      long dropped = store.enforceRetention(clock.instant().minus(settings.retention()));
      if (dropped > 0) {
        log.info("log retention deleted {} lines older than {}", dropped, settings.retention());
      }
    } catch (RuntimeException e) {
      log.warn("log retention run failed; will retry", e);
    }
  }

  DurableLogIngest ingest() {
    return ingest;
  }

  private void registerStoreMetrics(PrometheusRegistry registry) {
    Supplier<LogStoreStats> stats = CachedSupplier.of(store::stats, Duration.ofSeconds(1));
    GaugeWithCallback.builder().name("tracemate_log_store_bytes")
        .help("Bytes on disk of the log store").callback(cb -> cb.call(stats.get().bytesOnDisk()))
        .register(registry);
    GaugeWithCallback.builder().name("tracemate_log_store_lines")
        .help("Log lines in the log store").callback(cb -> cb.call(stats.get().entries())).register(registry);
    GaugeWithCallback.builder().name("tracemate_log_store_streams")
        .help("Log streams in the log store").callback(cb -> cb.call(stats.get().streams())).register(registry);
  }

  /** After the receivers stopped: drains and flushes the ingest path, then closes the store. */
  @Override
  public void close() {
    if (ingest != null) {
      ingest.close();
    }
    queryExecutor.shutdownNow();
    store.close();
  }
}
