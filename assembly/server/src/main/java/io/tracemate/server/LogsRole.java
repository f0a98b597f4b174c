package io.tracemate.server;

import com.linecorp.armeria.server.ServerBuilder;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.common.CachedSupplier;
import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.RetentionPolicy;
import io.tracemate.component.BatchConsumer;
import io.tracemate.component.DeferredConsumer;
import io.tracemate.component.LogBatch;
import io.tracemate.component.ProcessingConsumer;
import io.tracemate.component.ProcessorChain;
import io.tracemate.http.loki.LogTailHub;
import io.tracemate.http.loki.LokiQueryApi;
import io.tracemate.http.loki.QueryCostRecorder;
import io.tracemate.http.support.RunningQueries;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.logql.engine.LogQLEngine;
import io.tracemate.logql.engine.TenantQueryLimits;
import io.tracemate.logs.FreshLogReader;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.LogStore;
import io.tracemate.logs.LogStoreStats;
import io.tracemate.logs.store.EmbeddedLogStore;
import io.tracemate.logs.store.EmbeddedLogStoreConfig;
import io.tracemate.pipeline.PipelineFactory;
import io.tracemate.querysupport.ParseLimits;
import io.tracemate.queue.DurableQueue;
import io.tracemate.queue.QueueBinding;
import io.tracemate.queue.QueueMetrics;
import io.tracemate.queue.QueueSettings;
import io.tracemate.queue.logs.LogQueueBinding;
import io.tracemate.receivers.ReceiverLimits;
import io.tracemate.receivers.exchange.RequestBodyBudget;
import io.tracemate.receivers.logs.LogIntake;
import io.tracemate.receivers.logs.LokiPushService;
import io.tracemate.receivers.logs.OtlpGrpcLogsService;
import io.tracemate.receivers.logs.OtlpHttpLogsService;
import io.tracemate.receivers.logs.TenantLogLimits;
import io.tracemate.server.config.LogPipelineSettings;
import io.tracemate.server.config.TracemateConfig.LogQuerySettings;
import io.tracemate.server.config.TracemateConfig.LogsSettings;
import io.tracemate.storage.opensearch.OpenSearchStorageConfig;
import io.tracemate.storage.opensearch.logs.OpenSearchLogStore;
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
 * The logs side of the server: the log store (embedded, or on OpenSearch with {@code storage.logs-backend}), its durable ingest path (own WAL), the LogQL engine, the
 * Loki query API with live tail, and the OTLP-logs and Loki-push receivers. Built in the server's start order:
 * {@link #open} (store + WAL replay) before the receivers; {@link #close} after they stopped.
 */
final class LogsRole implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LogsRole.class);

  private final LogsSettings settings;
  private final LogStore store; // null for a receiver alone: it stores nothing
  private final LogReader reader; // the store's, waiting for acknowledged lines with fresh reads on
  private final Duration freshReadMaxWait; // null: reads do not wait for acknowledged lines
  private final LogTailHub tailHub;
  private final ExecutorService queryExecutor;
  private final LogQLEngine engine;
  private final EngineLimits engineLimits;
  private final DeferredConsumer<LogBatch> consumer;
  private final ProcessorChain<LogBatch> processors;

  /** What the receivers hand their batches to: the processors, then the WAL (or the WAL alone, without any). */
  private final BatchConsumer<LogBatch> ingest;

  private final LogIntake intake;
  private volatile DurableQueue<LogBatch> queue;

  private LogsRole(
      LogsSettings settings,
      ProcessorChain<LogBatch> processors,
      LogStore store,
      Duration retryAfter,
      TenantLogLimits tenantLimits,
      TenantQueryLimits tenantQueryLimits,
      Duration freshReadMaxWait,
      Clock clock,
      PrometheusRegistry registry) {
    this.settings = settings;
    this.store = store;
    this.freshReadMaxWait = freshReadMaxWait;
    this.reader =
        store == null || freshReadMaxWait == null
            ? (store == null ? null : store.reader())
            : new FreshLogReader(store.reader(), this::awaitStored);
    this.consumer = new DeferredConsumer<>("the log write-ahead log is being replayed", retryAfter);
    this.processors = processors;
    // Without processors the receivers hand straight to the WAL: no cost at all.
    this.ingest = processors.isEmpty() ? consumer : new ProcessingConsumer<>(processors, consumer);
    this.intake = new LogIntake(settings.limits(), tenantLimits, clock, registry);
    LogQuerySettings query = settings.query();
    this.tailHub = new LogTailHub(query.maxTails(), 10_000);
    this.engineLimits = engineLimits(query);
    this.queryExecutor =
        Executors.newFixedThreadPool(
            Math.max(2, query.parallelism()),
            Thread.ofPlatform().name("logql-", 0).daemon(true).factory());
    this.engine =
        store == null
            ? null
            : new LogQLEngine(reader, engineLimits, tenantQueryLimits, queryExecutor, clock);
  }

  /**
   * A read waits (at most {@code query.fresh-reads.max-wait}, at most its own deadline) until the log store has
   * every line acknowledged before it: the store shows a line once written, so only the applier's lag is left.
   * Nothing to wait for before the local queue opens, nor with Kafka (another process acknowledges).
   */
  private void awaitStored(Cancellation cancellation) {
    DurableQueue<LogBatch> local = queue;
    if (local == null) {
      return;
    }
    long wait = Math.min(freshReadMaxWait.toNanos(), Math.max(0, cancellation.remainingNanos()));
    try {
      local.awaitAcknowledgedStored(Duration.ofNanos(wait));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The configured query limits: what a tenant without overrides gets. */
  /** The LogQL engine of the Loki API (the ruler runs LogQL rules on it, under the same limits). */
  LogQLEngine engine() {
    return engine;
  }

  static EngineLimits engineLimits(LogQuerySettings query) {
    return new EngineLimits(
        query.maxEntries(),
        query.maxSeries(),
        query.maxBytesScanned(),
        query.timeout(),
        query.maxRange(),
        query.splitInterval(),
        query.parallelism(),
        new ParseLimits(Math.toIntExact(query.maxQuerySize()), query.maxQueryDepth()),
        Math.toIntExact(query.maxFormattedLineSize()),
        query.maxQueryMemory(),
        query.maxLookback());
  }

  /**
   * Builds the logs pipeline's processors (a bad config fails here, before any data is touched) and opens the
   * store; nothing is accepted yet.
   */
  static LogsRole open(
      LogsSettings settings,
      LogPipelineSettings pipeline,
      Path dataDir,
      boolean withStore,
      OpenSearchStorageConfig opensearch,
      Duration retryAfter,
      TenantLogLimits tenantLimits,
      TenantQueryLimits tenantQueryLimits,
      Duration freshReadMaxWait,
      Clock clock,
      PrometheusRegistry registry) {
    LogStore store = withStore ? openStore(settings, dataDir, opensearch, clock) : null;
    ProcessorChain<LogBatch> processors;
    try {
      processors = PipelineFactory.createForLogs(pipeline.processors());
      processors.start();
    } catch (RuntimeException e) {
      if (store != null) {
        store.close();
      }
      throw e;
    }
    processors.registerMetrics(registry, "log_lines", "tracemate_processor_log_events_total");
    return new LogsRole(
        settings,
        processors,
        store,
        retryAfter,
        tenantLimits,
        tenantQueryLimits,
        freshReadMaxWait,
        clock,
        registry);
  }

  /**
   * The embedded log store in {@code data-dir/logs}, or, with {@code opensearch}, the cluster's daily log indices
   * (the persisted WAL sequence then stays in {@code data-dir/logs-opensearch}, beside the WAL it refers to).
   */
  private static LogStore openStore(
      LogsSettings settings, Path dataDir, OpenSearchStorageConfig opensearch, Clock clock) {
    if (opensearch != null) {
      return OpenSearchLogStore.open(opensearch, dataDir.resolve("logs-opensearch"));
    }
    return EmbeddedLogStore.open(
        EmbeddedLogStoreConfig.defaults(dataDir.resolve("logs"))
            .withPartitionDuration(settings.partition()),
        clock);
  }

  /** What keeps the log store from working, for /ready (an unreachable OpenSearch cluster); null if nothing. */
  String storeProblem() {
    if (store instanceof OpenSearchLogStore opensearch && !opensearch.reachable()) {
      return "OpenSearch unreachable";
    }
    return null;
  }

  /** The Loki query API, live tail and our correlation endpoint, on the HTTP port (before the WAL replay). */
  void addQueryApi(
      ServerBuilder http, PrometheusRegistry registry, RunningQueries running, Clock clock) {
    QueryCostRecorder costs = new QueryCostRecorder();
    costs.register(registry);
    new LokiQueryApi(reader, engine, engineLimits, tailHub, costs, running, clock).addTo(http);
    registerStoreMetrics(registry);
  }

  /** Replays the log WAL into the store (blocking), then accepts pushes; new lines are published to live tails. */
  void startIngest(
      Path dataDir, QueueSettings queueSettings, Duration retryAfter, QueueMetrics metrics)
      throws IOException {
    queue =
        DurableQueue.open(
            dataDir.resolve("logs-wal"),
            queueSettings,
            retryAfter,
            LogQueueBinding.of(store.writer())
                .withOnDurable(batch -> tailHub.publish(batch.tenant(), batch.streams())),
            metrics);
    consumer.open(queue);
  }

  /**
   * The store's end of the logs path, for an ingester consuming Kafka: the log store, one record per write with its
   * sequence; stored lines are published to live tails.
   */
  QueueBinding<LogBatch> storeBinding() {
    return LogQueueBinding.of(store.writer())
        .withOnDurable(batch -> tailHub.publish(batch.tenant(), batch.streams()));
  }

  /** Sends what the receivers take to {@code sink} (Kafka) instead of the local write-ahead log. */
  void routeTo(BatchConsumer<LogBatch> sink) {
    consumer.open(sink);
  }

  void addGrpcReceiver(ServerBuilder grpc, ReceiverLimits receiverLimits, Clock clock) {
    grpc.service(OtlpGrpcLogsService.grpcService(ingest, intake, receiverLimits, clock));
  }

  void addOtlpHttpReceiver(ServerBuilder otlpHttp, ReceiverLimits receiverLimits, Clock clock) {
    otlpHttp.service(new OtlpHttpLogsService(ingest, intake, receiverLimits, clock));
  }

  /** Loki push on the HTTP port, under the receivers' request-body budget like the receiver ports. */
  void addLokiPushReceiver(
      ServerBuilder http, ReceiverLimits receiverLimits, RequestBodyBudget bodies) {
    http.service(new LokiPushService(ingest, intake, receiverLimits), bodies.newDecorator());
  }

  /** One retention run of the log store under {@code policy} (the configured retention and the tenants' own). */
  void enforceRetention(RetentionPolicy policy) {
    if (store == null) {
      return;
    }
    try {
      long dropped = store.enforceRetention(policy);
      if (dropped > 0) {
        log.info(
            "log retention deleted {} lines ({} by default, {} tenant(s) with their own)",
            dropped,
            settings.retention(),
            policy.cutoffByTenant().size());
      }
    } catch (RuntimeException e) {
      log.warn("log retention run failed; will retry", e);
    }
  }

  private void registerStoreMetrics(PrometheusRegistry registry) {
    Supplier<LogStoreStats> stats = CachedSupplier.of(store::stats, Duration.ofSeconds(1));
    GaugeWithCallback.builder()
        .name("tracemate_log_store_bytes")
        .help("Bytes on disk of the log store")
        .callback(cb -> cb.call(stats.get().bytesOnDisk()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tracemate_log_store_lines")
        .help("Log lines in the log store")
        .callback(cb -> cb.call(stats.get().entries()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tracemate_log_store_streams")
        .help("Log streams in the log store")
        .callback(cb -> cb.call(stats.get().streams()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tracemate_log_store_damaged_partitions")
        .help(
            "Log store partitions found damaged at start-up and moved to the store's corrupt/ folder (no longer"
                + " read)")
        .callback(cb -> cb.call(stats.get().damagedPartitions()))
        .register(registry);
  }

  /** After the receivers stopped: drains and flushes the ingest path, then closes the store. */
  @Override
  public void close() {
    if (queue != null) {
      queue.close();
    }
    processors.shutdown();
    queryExecutor.shutdownNow();
    if (store != null) {
      store.close();
    }
  }
}
