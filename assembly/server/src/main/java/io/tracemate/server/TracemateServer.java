package io.tracemate.server;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.alerting.model.AlertSink;
import io.tracemate.alerting.model.LiveAlerts;
import io.tracemate.alerting.notify.Notifier;
import io.tracemate.alerting.rules.DefaultRuleSet;
import io.tracemate.alerting.rules.DefaultRules;
import io.tracemate.alerting.rules.Ruler;
import io.tracemate.alerting.rules.RulerMetrics;
import io.tracemate.common.CachedSupplier;
import io.tracemate.common.tenant.RetentionPolicy;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.BatchConsumer;
import io.tracemate.component.DurableStage;
import io.tracemate.component.ProcessingConsumer;
import io.tracemate.component.ProcessorChain;
import io.tracemate.component.SpanBatch;
import io.tracemate.http.ApiErrorPages;
import io.tracemate.http.admin.AuditApi;
import io.tracemate.http.alerts.AlertsApi;
import io.tracemate.http.analysis.TraceAnalysisApi;
import io.tracemate.http.jaeger.JaegerQueryApi;
import io.tracemate.http.jaeger.QueryLimits;
import io.tracemate.http.prometheus.PrometheusApi;
import io.tracemate.http.prometheus.series.MetricSeries;
import io.tracemate.http.red.RedApi;
import io.tracemate.http.rules.PromRulesApi;
import io.tracemate.http.rules.RuleNamespacesApi;
import io.tracemate.http.rules.RulePreviewApi;
import io.tracemate.http.rules.RulerApi;
import io.tracemate.http.silences.SilencesApi;
import io.tracemate.http.spm.SpanMetricNames;
import io.tracemate.http.spm.SpmApi;
import io.tracemate.http.support.RunningQueries;
import io.tracemate.http.topology.TopologyApi;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.logql.engine.TenantQueryLimits;
import io.tracemate.queue.DurableQueue;
import io.tracemate.queue.QueueBinding;
import io.tracemate.queue.QueueMetrics;
import io.tracemate.queue.kafka.KafkaTopics;
import io.tracemate.queue.kafka.LogSplitter;
import io.tracemate.queue.kafka.SpanSplitter;
import io.tracemate.queue.logs.LogQueueBinding;
import io.tracemate.queue.spans.SpanQueueBinding;
import io.tracemate.receivers.OtlpGrpcTraceService;
import io.tracemate.receivers.OtlpHttpTraceService;
import io.tracemate.receivers.ReceiverLimits;
import io.tracemate.receivers.SpanRateLimiter;
import io.tracemate.receivers.ZipkinHttpService;
import io.tracemate.receivers.exchange.ReceiverMetrics;
import io.tracemate.receivers.exchange.RequestBodyBudget;
import io.tracemate.receivers.logs.TenantLogLimits;
import io.tracemate.server.access.AccessPolicy;
import io.tracemate.server.access.Envelope;
import io.tracemate.server.access.LoginEndpoints;
import io.tracemate.server.access.RouteTable;
import io.tracemate.server.config.DefaultRulesConfig;
import io.tracemate.server.config.MemoryLimit;
import io.tracemate.server.config.TlsSettings;
import io.tracemate.server.config.Toggled;
import io.tracemate.server.config.TracemateConfig;
import io.tracemate.server.overrides.RuntimeConfigApi;
import io.tracemate.server.overrides.RuntimeConfigWatcher;
import io.tracemate.server.tls.ReloadingTlsProvider;
import io.tracemate.servicegraph.HealthThresholds;
import io.tracemate.spanmetrics.SpanMetricsExposition;
import io.tracemate.storage.DependencyReader;
import io.tracemate.storage.StorageBackend;
import io.tracemate.storage.StorageStats;
import io.tracemate.storage.TraceReader;
import io.tracemate.storage.lucene.LuceneStorage;
import io.tracemate.storage.lucene.LuceneStorageConfig;
import io.tracemate.storage.opensearch.OpenSearchStorage;
import io.tracemate.ui.UiService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The all-in-one server: the only place where receivers, processors, the durable queues, connectors, the stores
 * and the query APIs are wired together. It only assembles: no batch ever passes through a class of this module.
 *
 * <p>Start-up order makes /ready truthful: the store opens, the HTTP port comes up answering 503, the
 * write-ahead log is replayed into the store, then the receiver ports open and /ready turns 200. {@link #close()}
 * reverses it: /ready turns 503, receivers stop taking requests and finish in-flight ones, the ingest path
 * drains into the store and flushes, and the HTTP port closes last.
 */
public final class TracemateServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TracemateServer.class);

  private final TracemateConfig config;
  private final Roles roles;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private volatile ServerPhase phase = ServerPhase.STARTING;
  private Server httpServer;
  private Server otlpGrpcServer;
  private Server otlpHttpServer;
  private Server zipkinServer;
  private StorageBackend storage;
  private Supplier<String> storeProblem; // null until the store is open; then null while it is fine
  private DurableQueue<SpanBatch> traces;
  private TraceProcessing processing;
  private LogsRole logs; // null when logs are off
  private Supplier<String> logsStoreProblem; // null without logs
  private KafkaRole kafka; // null without a kafka block: the local write-ahead log
  private FreshSpanReads
      freshSpans; // null unless the local span queue and the queries share this process
  private Ruler ruler; // null when ruler.enabled is false
  private RuntimeConfigWatcher runtimeConfig; // null without runtime-config.file
  private ScheduledExecutorService maintenance;
  private AccessPolicy access;
  private Notifier notifier;
  // Null where a port speaks plain text; the same object where two groups share server.tls.
  private ReloadingTlsProvider serverTls;
  private ReloadingTlsProvider receiversTls;
  private ReloadingTlsProvider queryTls;

  private TracemateServer(TracemateConfig config, Roles roles) {
    this.config = config;
    this.roles = roles;
  }

  /** Starts every role and returns once the server is ready. */
  public static TracemateServer start(TracemateConfig config) {
    return start(config, Roles.ALL);
  }

  /**
   * Starts {@code roles} and returns once the server is ready.
   *
   * @throws IllegalArgumentException when the roles cannot run with this configuration (roles apart without Kafka)
   */
  public static TracemateServer start(TracemateConfig config, Roles roles) {
    boolean spansShared =
        config.storage().backend() == TracemateConfig.StorageSettings.Backend.OPENSEARCH;
    boolean logsShared =
        !config.logs().enabled()
            || config.storage().logsBackend() == TracemateConfig.StorageSettings.Backend.OPENSEARCH;
    roles.checkAgainst(
        config.kafka() != null,
        spansShared && logsShared,
        spansShared
            ? "the log store is"
            : logsShared ? "the span store is" : "the span and log stores are");
    TracemateServer server = new TracemateServer(config, roles);
    try {
      server.startAll();
      return server;
    } catch (RuntimeException | IOException e) {
      server.close();
      if (e instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw (RuntimeException) e;
    }
  }

  private void startAll() throws IOException {
    long started = System.nanoTime();
    JvmMetrics.builder().register(registry);
    Clock clock = Clock.systemUTC();
    TracemateConfig.StorageSettings storageSettings = config.storage();
    Files.createDirectories(storageSettings.dataDir());
    startTls(clock);
    warnIfOpenToTheNetwork();
    config.warnings().forEach(warning -> log.warn("config: {}", warning));
    access =
        AccessPolicy.open(
            RouteTable.tracemate(),
            config.auth(),
            config.multitenancy().enabled(),
            config.auditEnabled() ? config.audit().logConfig(config.auditDirectory()) : null,
            clock,
            registry);
    TenantLogLimits tenantLogLimits = TenantLogLimits.fixed(config.logs().limits());
    EngineLimits queryLimits = LogsRole.engineLimits(config.logs().query());
    TenantQueryLimits tenantQueryLimits = TenantQueryLimits.fixed(queryLimits);
    TracemateConfig.RuntimeConfigSettings runtime = config.runtimeConfig();
    if (runtime.file() != null) {
      runtimeConfig =
          new RuntimeConfigWatcher(
              runtime.file(),
              runtime.period(),
              config.logs().limits(),
              queryLimits,
              config.logs().retention(),
              config.storage().retention(),
              config.pipeline().tailSampling(),
              clock,
              auditOverrides(access));
      runtimeConfig.register(registry);
      tenantLogLimits = runtimeConfig;
      tenantQueryLimits = runtimeConfig;
    }
    // The pipeline's per-tenant state reads its bounds and policies from the overrides file; a bad
    // processor config must stop the start before the queues and stores are touched. With Kafka,
    // span
    // metrics and the service graph are shared through it: ingesters export, queriers read every
    // ingester's deltas.
    processing =
        TraceProcessing.build(
            config.pipeline(), config.multitenancy(), runtimeConfig, clock, config.kafka() != null);
    processing.registerMetrics(registry);
    if (runtimeConfig != null) {
      TraceProcessing built = processing;
      runtimeConfig.onChange(built::overridesChanged);
    }

    boolean receiver = roles.has(Roles.Role.RECEIVER);
    boolean ingester = roles.has(Roles.Role.INGESTER);
    boolean querier = roles.has(Roles.Role.QUERIER);
    if (config.kafka() != null) {
      Set<String> topics = new java.util.TreeSet<>(Set.of("traces"));
      if (config.logs().enabled()) {
        topics.add("logs");
      }
      if (ingester || querier) {
        topics.add(KafkaTopics.METRICS);
      }
      kafka = KafkaRole.open(config.kafka().settings(), receiver, ingester, topics, registry);
    }
    if (ingester || querier) { // a receiver alone stores nothing: no data folder to share or lock
      storage = openStorage(storageSettings);
      registerStorageMetrics(storage);
      storeProblem = storeProblem();
    }
    if (kafka == null && querier && config.query().freshReads().enabled()) {
      freshSpans = new FreshSpanReads(config.query().freshReads().headLimits(), registry);
    }
    if (config.logs().enabled()) {
      logs =
          LogsRole.open(
              config.logs(),
              config.pipeline().logs(),
              storageSettings.dataDir(),
              ingester || querier,
              storageSettings.logsBackend() == TracemateConfig.StorageSettings.Backend.OPENSEARCH
                  ? storageSettings.opensearch().toStorageConfig()
                  : null,
              config.ingest().retryAfter(),
              tenantLogLimits,
              tenantQueryLimits,
              config.query().freshReads().enabled() ? config.query().freshReads().maxWait() : null,
              clock,
              registry);
      LogsRole opened = logs;
      logsStoreProblem = CachedSupplier.of(opened::storeProblem, Duration.ofSeconds(1));
    }

    notifier = startNotifier(clock);

    // The HTTP port comes up before the WAL replay so that /ready can say 503 while it runs.
    ServerBuilder http =
        newServer(config.query().httpPort(), queryTls)
            .errorHandler(new ApiErrorPages())
            .service("/ready", new ReadinessService(() -> phase, this::waitingFor))
            .service("/metrics", new MetricsService(registry, processing.tenantMetrics()));
    RunningQueries running = new RunningQueries();
    running.register(registry);
    new LoginEndpoints(access, queryTls != null).addTo(http);
    if (querier) {
      addQueryApis(http, running, clock);
    }
    ReceiverLimits limits =
        new ReceiverLimits(
            Math.toIntExact(config.receivers().maxRequestBytes()),
            config.receivers().maxSpanAge(),
            config.receivers().spanCreationGracePeriod(),
            config.receivers().maxRequestObjects());
    RequestBodyBudget bodies = requestBodyBudget();
    if (logs != null && receiver) {
      logs.addLokiPushReceiver(http, limits, bodies);
    }
    new RuntimeConfigApi(runtimeConfig).addTo(http);
    if (access.auditLog() != null) {
      new AuditApi(access.auditLog().directory(), config.multitenancy().enabled()).addTo(http);
    }
    // Query bodies (LogQL form POSTs, search bodies) are collected under the same budget as the
    // receivers' before a handler sees them; the access decorator checks the caller first.
    httpServer =
        http.decorator(bodies.newCollectingDecorator(Envelope.HTTP_API::retryLater))
            .decorator(access.decorator(Envelope.HTTP_API))
            .decorator(new HttpMetricsDecorator(registry))
            .build();
    awaitListening(httpServer.start(), "query.http-port", config.query().httpPort());

    // receivers → processors → durable queue (acknowledged here) → connectors, tail sampling →
    // store; with Kafka, receivers → processors → Kafka (acknowledged here) ... ingester →
    // connectors, tail sampling → store
    TracemateConfig.IngestSettings ingestSettings = config.ingest();
    BatchConsumer<SpanBatch> queued = null;
    if (kafka == null) {
      QueueMetrics queueMetrics = new QueueMetrics(registry);
      QueueBinding<SpanBatch> binding = SpanQueueBinding.of(storage.spanWriter());
      DurableStage<SpanBatch> stage = processing.storeStage();
      traces =
          DurableQueue.open(
              storageSettings.dataDir().resolve("wal"),
              ingestSettings.traces(),
              ingestSettings.retryAfter(),
              withFreshReads(stage == null ? binding : binding.withStage(stage)),
              queueMetrics);
      queued = traces;
      if (logs != null) {
        logs.startIngest(
            storageSettings.dataDir(),
            ingestSettings.logs(),
            ingestSettings.retryAfter(),
            queueMetrics);
      }
    } else {
      if (ingester) {
        QueueBinding<SpanBatch> binding = SpanQueueBinding.of(storage.spanWriter());
        DurableStage<SpanBatch> stage = processing.storeStage();
        kafka.startSpanIngester(
            stage == null ? binding : binding.withStage(stage),
            ingestSettings.traces().storeBatch(),
            storageSettings.dataDir(),
            processing::metricsSources,
            processing::exportingGraphs);
        if (logs != null) {
          kafka.startIngester(
              logs.storeBinding(), ingestSettings.logs().storeBatch(), storageSettings.dataDir());
        }
      }
      if (querier) {
        kafka.startMetricsReader(processing::readStore, processing::applyNode);
      }
      if (receiver) {
        queued =
            kafka.sink(
                "traces",
                SpanQueueBinding.codec(),
                SpanSplitter.INSTANCE,
                ingestSettings.retryAfter());
        if (logs != null) {
          logs.routeTo(
              kafka.sink(
                  "logs",
                  LogQueueBinding.codec(),
                  LogSplitter.INSTANCE,
                  ingestSettings.retryAfter()));
        }
      }
    }
    if (receiver) {
      startReceivers(queued, limits, bodies, clock);
    }

    if (ruler != null) {
      ruler.start();
    }
    if (storage != null) {
      maintenance =
          Executors.newSingleThreadScheduledExecutor(
              r -> Thread.ofPlatform().name("retention").daemon(true).unstarted(r));
      long every = storageSettings.retentionCheckInterval().toMillis();
      maintenance.scheduleWithFixedDelay(this::enforceRetention, 0, every, TimeUnit.MILLISECONDS);
    }

    phase = ServerPhase.READY;
    log.info(
        "Web UI: {} — Tracemate ready ({}{}) in {} ms: OTLP gRPC :{}, OTLP HTTP :{}, Zipkin :{},"
            + " query API :{}, data in {}",
        webUiUrl(),
        roles,
        kafka == null ? "" : ", Kafka at " + config.kafka().settings().brokers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        receiver ? otlpGrpcPort() : "-",
        receiver ? otlpHttpPort() : "-",
        receiver ? zipkinPort() : "-",
        httpPort(),
        storageSettings.dataDir().toAbsolutePath());
  }

  private QueueBinding<SpanBatch> withFreshReads(QueueBinding<SpanBatch> binding) {
    return freshSpans == null ? binding : freshSpans.feeding(binding, storage.spanWriter());
  }

  /** The query APIs and the web UI, on the HTTP port: what a querier serves from the store. */
  private void addQueryApis(ServerBuilder http, RunningQueries running, Clock clock) {
    TracemateConfig.StorageSettings storageSettings = config.storage();
    TraceReader traceReader =
        freshSpans == null ? storage.traceReader() : freshSpans.reader(storage.traceReader());
    DependencyReader dependencies =
        processing.serviceGraph() == null
            ? storage.dependencyReader()
            : new ServiceGraphDependencies(processing.serviceGraph());
    new JaegerQueryApi(traceReader, dependencies, clock, QueryLimits.DEFAULT, running).addTo(http);
    new TraceAnalysisApi(traceReader, running).addTo(http);
    UiService.addTo(http);
    if (processing.spanMetrics() != null) {
      new RedApi(
              processing.spanMetrics()::red,
              processing.serviceGraph() == null
                  ? HealthThresholds.defaults()
                  : processing.serviceGraph().config().health(),
              clock)
          .addTo(http);
    }
    MetricSeries metricSeries =
        MetricSeries.perTenant(
            processing.spanMetrics(), processing.serviceGraph(), config.multitenancy().enabled());
    if (config.ruler().enabled()) {
      // Rules read what the Prometheus and Loki APIs read, under the same limits; the Prometheus
      // API and SPM read the series recording rules write beside the span metrics.
      ruler =
          new Ruler(
              config.ruler().settings(storageSettings.dataDir(), externalUrl()),
              metricSeries::forScope,
              metricSeries::exemplars,
              config.query().promql().engineSettings(),
              logs == null ? null : logs.engine(),
              notifier,
              clock,
              new RulerMetrics(registry),
              defaultRules());
      metricSeries = metricSeries.withRecorded(ruler.recordedSeries()::forScope);
      // Loki's enable_api switches Loki's ruler API (and its Prometheus rules and alerts); the rule
      // preview and the namespace list are Tracemate's own and change nothing, so they stay (every
      // namespace read-only when the ruler API cannot change it).
      if (config.ruler().enableApi()) {
        new RulerApi(ruler).addTo(http);
        new PromRulesApi(ruler).addTo(http);
      }
      new RulePreviewApi(ruler, config.ruler().maxPreviewRange(), clock, running).addTo(http);
      new RuleNamespacesApi(ruler, config.ruler().enableApi()).addTo(http);
    }
    if (processing.serviceGraph() != null) {
      // A firing critical alert about a service turns its health ring red: read from the ruler's
      // live state.
      new TopologyApi(
              processing.serviceGraph()::graphOrEmpty,
              ruler == null ? LiveAlerts.NONE : ruler::latest,
              clock)
          .addTo(http);
    }
    new PrometheusApi(metricSeries, config.query().promql().engineSettings(), clock, running)
        .addTo(http);
    new SpmApi(
            metricSeries,
            processing.spanMetrics() == null
                ? null
                : SpanMetricNames.of(
                    // Names and units come from the configuration, the same for every tenant.
                    SpanMetricsExposition.of(
                        processing.spanMetrics().aggregatorOrEmpty(TenantId.DEFAULT))),
            config.query().promql().engineSettings(),
            clock,
            running)
        .addTo(http);
    if (logs != null) {
      logs.addQueryApi(http, registry, running, clock);
    }
    new SilencesApi(notifier.silences(), clock).addTo(http);
    // The alerts page: the ruler's alerts in force and its history, and whether a silence matches.
    new AlertsApi(
            ruler == null ? LiveAlerts.NONE : ruler::latest,
            ruler == null ? null : ruler.history(),
            notifier.silences()::silenced,
            clock)
        .addTo(http);
  }

  /** The receivers' ports, handing every batch to {@code queued} through the processors. */
  private void startReceivers(
      BatchConsumer<SpanBatch> queued,
      ReceiverLimits limits,
      RequestBodyBudget bodies,
      Clock clock) {
    ProcessorChain<SpanBatch> processors = processing.processors();
    BatchConsumer<SpanBatch> processed =
        processors.isEmpty() ? queued : new ProcessingConsumer<>(processors, queued);
    // Per-tenant span rates exist only in the runtime overrides file: without one, no cost at all.
    BatchConsumer<SpanBatch> sink =
        runtimeConfig == null ? processed : new SpanRateLimiter(processed, runtimeConfig);
    ReceiverMetrics receiverMetrics = ReceiverMetrics.forSpans(registry);
    // Everything on the receiver ports is under the one request-body budget (as is Loki push on the
    // HTTP port).
    ServerBuilder grpc =
        newServer(config.receivers().otlpGrpcPort(), receiversTls)
            .service(OtlpGrpcTraceService.grpcService(sink, limits, receiverMetrics))
            .decorator(bodies.newDecorator())
            .decorator(access.decorator(Envelope.GRPC));
    ServerBuilder otlpHttp =
        newServer(config.receivers().otlpHttpPort(), receiversTls)
            .service(new OtlpHttpTraceService(sink, limits, receiverMetrics))
            .decorator(bodies.newDecorator())
            .decorator(access.decorator(Envelope.OTLP_HTTP));
    if (logs != null) {
      logs.addGrpcReceiver(grpc, limits, clock);
      logs.addOtlpHttpReceiver(otlpHttp, limits, clock);
    }
    otlpGrpcServer = grpc.build();
    otlpHttpServer = otlpHttp.build();
    zipkinServer =
        newServer(config.receivers().zipkinPort(), receiversTls)
            .service(new ZipkinHttpService(sink, limits, receiverMetrics))
            .decorator(bodies.newDecorator())
            .decorator(access.decorator(Envelope.PLAIN_TEXT))
            .build();
    CompletableFuture<Void> grpcStarted = otlpGrpcServer.start();
    CompletableFuture<Void> otlpHttpStarted = otlpHttpServer.start();
    CompletableFuture<Void> zipkinStarted = zipkinServer.start();
    awaitListening(grpcStarted, "receivers.otlp-grpc-port", config.receivers().otlpGrpcPort());
    awaitListening(otlpHttpStarted, "receivers.otlp-http-port", config.receivers().otlpHttpPort());
    awaitListening(zipkinStarted, "receivers.zipkin-port", config.receivers().zipkinPort());
  }

  /** The span store {@code storage.backend} names: the embedded Lucene store, or an OpenSearch cluster. */
  private static StorageBackend openStorage(TracemateConfig.StorageSettings settings) {
    return switch (settings.backend()) {
      case EMBEDDED ->
          LuceneStorage.open(
              LuceneStorageConfig.of(settings.dataDir())
                  .withPartitionDuration(settings.partition())
                  .withRefreshInterval(settings.refreshInterval()));
      case OPENSEARCH -> OpenSearchStorage.open(settings.opensearch().toStorageConfig());
    };
  }

  /** What a READY server still waits for, for /ready: Kafka's and the store's problems; empty when none. */
  private List<String> waitingFor() {
    List<String> waiting = new ArrayList<>(kafka == null ? List.of() : kafka.problems());
    String problem = storeProblem == null ? null : storeProblem.get();
    if (problem != null) {
      waiting.add(problem);
    }
    String logsProblem = logsStoreProblem == null ? null : logsStoreProblem.get();
    if (logsProblem != null
        && !waiting.contains(logsProblem)) { // both stores on one cluster: said once
      waiting.add(logsProblem);
    }
    return waiting;
  }

  /**
   * What keeps a READY server from serving, beyond its phase: for the OpenSearch backend, an unreachable cluster
   * (asked at most once a second however often /ready is polled). Null while there is nothing to say.
   */
  private Supplier<String> storeProblem() {
    if (!(storage instanceof OpenSearchStorage opensearch)) {
      return () -> null;
    }
    return CachedSupplier.of(
        () -> opensearch.reachable() ? null : "OpenSearch unreachable", Duration.ofSeconds(1));
  }

  /**
   * Where a person on this machine opens the web UI: the bind address, or 127.0.0.1 when bound to every
   * address (0.0.0.0 or ::, which a browser cannot open).
   */
  public String webUiUrl() {
    String bind = config.server().bind();
    String host =
        bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]")
            ? "127.0.0.1"
            : bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    return (queryTls == null ? "http://" : "https://") + host + ":" + httpPort() + "/";
  }

  /** The web UI's address from the configuration (before the port is bound), for alerts' generator URLs. */
  private String configuredWebUiUrl() {
    String bind = config.server().bind();
    String host =
        bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]")
            ? "127.0.0.1"
            : bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    return (queryTls == null ? "http://" : "https://")
        + host
        + ":"
        + config.query().httpPort()
        + "/";
  }

  /**
   * The default rules per service ({@code ruler.default_rules}) over what runs: the error rate above the red health
   * ring's threshold (the service graph's {@code critical_error_ratio}, one number for both), p99 above its
   * baseline (span metrics), error-level log lines (logs); for every tenant with spans (and {@code fake} in
   * single-tenant operation).
   */
  private DefaultRuleSet defaultRules() {
    Toggled<DefaultRulesConfig> configured = config.ruler().defaultRules();
    if (!configured.enabled()) {
      return DefaultRuleSet.NONE;
    }
    DefaultRules.SpanSeries spans = null;
    boolean errors = false;
    if (processing.spanMetrics() != null) {
      SpanMetricsExposition exposition =
          SpanMetricsExposition.of(processing.spanMetrics().aggregatorOrEmpty(TenantId.DEFAULT));
      spans =
          new DefaultRules.SpanSeries(
              exposition.callsName(),
              exposition.histogramEnabled() ? exposition.durationName() + "_bucket" : null,
              exposition.nanosPerUnit() / 1e9);
      errors = exposition.statusLabel();
    }
    double redRing =
        processing.serviceGraph() == null
            ? HealthThresholds.DEFAULT_CRITICAL_ERROR_RATIO
            : processing.serviceGraph().config().health().criticalErrorRatio();
    DefaultRules.Settings settings = configured.config().settings(redRing, spans, logs != null);
    if (!errors) {
      // Without the status label on the calls there is no error ratio to compute.
      settings =
          new DefaultRules.Settings(
              null, settings.latency(), settings.errorLogs(), settings.spans(), settings.logs());
    }
    boolean multitenant = config.multitenancy().enabled();
    return new DefaultRuleSet(
        DefaultRules.NAMESPACE,
        DefaultRules.groups(settings),
        () -> {
          java.util.Set<TenantId> tenants = new java.util.TreeSet<>();
          if (!multitenant) {
            tenants.add(TenantId.DEFAULT);
          }
          if (processing.spanMetrics() != null) {
            tenants.addAll(processing.spanMetrics().tenants().all().keySet());
          }
          if (processing.serviceGraph() != null) {
            tenants.addAll(processing.serviceGraph().tenants().all().keySet());
          }
          return tenants;
        });
  }

  /** The ruler, or null when {@code ruler.enabled} is false. */
  public Ruler ruler() {
    return ruler;
  }

  /**
   * One WARN block when a port listens beyond this machine with nobody asked who they are (anyone who reaches it
   * reads every trace and log and can write into them), and one when such a port speaks clear text (tokens, traces
   * and logs readable on the wire).
   */
  private void warnIfOpenToTheNetwork() {
    String bind = config.server().bind();
    boolean loopback;
    try {
      loopback = InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      loopback = false;
    }
    if (loopback) {
      return;
    }
    if (!config.auth().enabled()) {
      log.warn(
          """

          ************************************************************************************************
          * AUTHENTICATION IS OFF and every port listens on {} (not a loopback address).
          * Anyone who can reach this host can read every trace and log and write new ones.
          * Turn it on with auth.enabled: true (API tokens: tracemate token create; or auth.oidc), or
          * bind to 127.0.0.1 (server.bind) behind a proxy that authenticates.
          ************************************************************************************************""",
          bind);
    }
    List<String> clearText = new ArrayList<>();
    if (receiversTls == null) {
      clearText.add("the receivers (OTLP, Zipkin, Loki push)");
    }
    if (queryTls == null) {
      clearText.add("the query API and web UI");
    }
    if (!clearText.isEmpty()) {
      log.warn(
          """

          ************************************************************************************************
          * TLS IS OFF for {} on {} (not a loopback address).
          * Tokens, traces and logs cross the network in clear text. Configure server.tls (cert-file,
          * key-file), or terminate TLS in front of this host and bind to 127.0.0.1.
          ************************************************************************************************""",
          String.join(" and ", clearText),
          bind);
    }
  }

  /** The one budget of request-body bytes in flight across every receiver, exported on /metrics. */
  private RequestBodyBudget requestBodyBudget() {
    MemoryLimit limit = config.receivers().maxInflightRequestBytes();
    long maxBytes = limit.resolve(Runtime.getRuntime().maxMemory());
    log.info(
        "request bodies in flight are limited to {} MiB together (receivers.max-inflight-request-bytes: {})",
        String.format(Locale.ROOT, "%.1f", maxBytes / (double) (1 << 20)),
        limit);
    return new RequestBodyBudget(maxBytes, config.ingest().retryAfter()).registerMetrics(registry);
  }

  /** A port already taken is the commonest start failure: say which port and which key (or flag) sets it. */
  private void awaitListening(CompletableFuture<Void> started, String key, int port) {
    try {
      started.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String message = String.valueOf(cause.getMessage());
      if (cause instanceof java.net.BindException || message.contains("Address already in use")) {
        throw new IllegalStateException(
            "cannot listen on "
                + config.server().bind()
                + ":"
                + port
                + " ("
                + key
                + "): the address is already in use; stop what holds it or set another port with "
                + key
                + " or --"
                + key.substring(key.indexOf('.') + 1),
            e);
      }
      throw e;
    }
  }

  /**
   * Reads the TLS files of server.tls and of the receivers.tls / query.tls overrides. Bad key or certificate
   * files stop the start here, with the file named, before any port opens.
   */
  private void startTls(Clock clock) {
    TracemateConfig.ServerSettings server = config.server();
    ReloadingTlsProvider.Metrics metrics = null;
    if (server.tls().enabled()
        || config.receivers().tls() != null && config.receivers().tls().enabled()
        || config.query().tls() != null && config.query().tls().enabled()) {
      metrics = ReloadingTlsProvider.Metrics.register(registry);
    }
    if (server.tls().enabled()) {
      serverTls = ReloadingTlsProvider.start("server.tls", server.tls(), clock, metrics);
    }
    receiversTls = tlsOf("receivers.tls", config.receivers().tls(), clock, metrics);
    queryTls = tlsOf("query.tls", config.query().tls(), clock, metrics);
  }

  private ReloadingTlsProvider tlsOf(
      String block, TlsSettings override, Clock clock, ReloadingTlsProvider.Metrics metrics) {
    if (override == null) {
      return serverTls;
    }
    return override.enabled() ? ReloadingTlsProvider.start(block, override, clock, metrics) : null;
  }

  private ServerBuilder newServer(int port, ReloadingTlsProvider tls) {
    Duration grace = config.server().shutdownGrace();
    InetSocketAddress address = new InetSocketAddress(config.server().bind(), port);
    ServerBuilder builder = Server.builder();
    if (tls == null) {
      builder.http(address);
    } else {
      // TLS only: a plain-text client is refused at the handshake, never served in clear.
      builder.https(address).tlsProvider(tls, tls.serverTlsConfig());
    }
    // No quiet period: stop accepting at once, then give in-flight requests up to the grace to
    // finish; the acceptor thread then stops without waiting either.
    builder.gracefulShutdownTimeout(Duration.ZERO, grace);
    Function<String, EventLoopGroup> acceptors = AcceptorThreads.withoutQuietPeriod(grace);
    return acceptors == null ? builder : builder.bossGroupFactory(acceptors);
  }

  private void registerStorageMetrics(StorageBackend backend) {
    // One scrape reads three figures; the store walks its files for them, so read them once per
    // second.
    Supplier<StorageStats> stats = CachedSupplier.of(backend::stats, Duration.ofSeconds(1));
    GaugeWithCallback.builder()
        .name("tracemate_storage_bytes")
        .help("Bytes on disk of the span store, indexes included")
        .callback(cb -> cb.call(stats.get().bytesOnDisk()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tracemate_storage_spans")
        .help("Spans in the span store")
        .callback(cb -> cb.call(stats.get().spanCount()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tracemate_storage_partitions")
        .help("Time partitions of the span store")
        .callback(cb -> cb.call(stats.get().partitions()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tracemate_storage_damaged_partitions")
        .help(
            "Span store partitions found damaged at start-up (a checksum failed, a file was missing): copied to"
                + " spans/corrupt/, then opened without their broken segments, or moved there whole")
        .callback(cb -> cb.call(stats.get().damagedPartitions()))
        .register(registry);
    if (backend instanceof OpenSearchStorage opensearch) {
      OpenSearchMetrics.register(opensearch, registry);
    }
  }

  /** Every accepted and every refused change of the runtime overrides file, in the audit log. */
  private static RuntimeConfigWatcher.Listener auditOverrides(AccessPolicy access) {
    return new RuntimeConfigWatcher.Listener() {
      @Override
      public void changed(RuntimeConfigWatcher.Change change) {
        StringBuilder detail = new StringBuilder();
        change
            .changedKeys()
            .forEach(
                (tenant, keys) ->
                    detail
                        .append(detail.isEmpty() ? "" : "; ")
                        .append(tenant)
                        .append(": ")
                        .append(String.join(", ", keys)));
        access.recordConfigurationChange(
            "runtime-config",
            "overrides_changed",
            change.file().toString(),
            List.copyOf(change.changedKeys().keySet()),
            detail.isEmpty() ? "no limit changed" : detail.toString(),
            200);
      }

      @Override
      public void refused(Path file, String problem) {
        access.recordConfigurationChange(
            "runtime-config", "overrides_refused", file.toString(), List.of(), problem, 400);
      }
    };
  }

  /**
   * One retention run: the configured retentions, with each tenant's own from the runtime overrides in force
   * ({@code block_retention} for spans, {@code retention_period} for logs), so a changed file applies at the next
   * run without a restart.
   */
  private void enforceRetention() {
    Instant now = Clock.systemUTC().instant();
    try {
      RetentionPolicy policy =
          runtimeConfig == null
              ? RetentionPolicy.uniform(now.minus(config.storage().retention()))
              : runtimeConfig.spanRetention(now);
      int affected = storage.enforceRetention(policy);
      if (affected > 0) {
        log.info(
            "retention dropped or pruned {} span partitions ({} by default, {} tenant(s) with their own)",
            affected,
            config.storage().retention(),
            policy.cutoffByTenant().size());
      }
    } catch (RuntimeException e) {
      log.warn("retention run failed; will retry", e);
    }
    if (logs != null) {
      logs.enforceRetention(
          runtimeConfig == null
              ? RetentionPolicy.uniform(now.minus(config.logs().retention()))
              : runtimeConfig.logRetention(now));
    }
  }

  public ServerPhase phase() {
    return phase;
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public int httpPort() {
    return httpServer.activeLocalPort();
  }

  public int otlpGrpcPort() {
    return otlpGrpcServer.activeLocalPort();
  }

  public int otlpHttpPort() {
    return otlpHttpServer.activeLocalPort();
  }

  public int zipkinPort() {
    return zipkinServer.activeLocalPort();
  }

  /** The roles this process runs. */
  public Roles roles() {
    return roles;
  }

  /** The listeners by the key that sets their port, for tests that walk every route the server serves. */
  public Map<String, Server> listeners() {
    Map<String, Server> listeners = new LinkedHashMap<>();
    listeners.put("query.http-port", httpServer);
    if (otlpGrpcServer != null) { // a receiver
      listeners.put("receivers.otlp-grpc-port", otlpGrpcServer);
      listeners.put("receivers.otlp-http-port", otlpHttpServer);
      listeners.put("receivers.zipkin-port", zipkinServer);
    }
    return listeners;
  }

  /**
   * The notifier ({@code alerting}: Alertmanagers, contact points, routes, silences), with its silences in
   * {@code alerting/} of the data directory. Always running: the silences API works without any receiver.
   */
  private Notifier startNotifier(Clock clock) {
    return new Notifier(
        config.alerting().withExternalUrl(externalUrl()),
        config.alertingDirectory(),
        clock,
        registry);
  }

  /** The one external URL: the configured one, else the query port's own address. */
  private String externalUrl() {
    return config.externalUrl().isEmpty() ? configuredWebUiUrl() : config.externalUrl();
  }

  /**
   * Where the rule evaluator hands each evaluation of a rule group: the notifier, which sends to the configured
   * Alertmanagers and contact points. Never blocks.
   */
  public AlertSink alertSink() {
    return notifier;
  }

  /** Stops in the order that loses nothing: receivers, then ingest (drain + flush), then store, then HTTP. */
  @Override
  public synchronized void close() {
    if (phase == ServerPhase.STOPPED) {
      return;
    }
    phase = ServerPhase.STOPPING;
    log.info("stopping: finishing in-flight requests");
    stopAll(zipkinServer, otlpHttpServer, otlpGrpcServer);
    if (maintenance != null) {
      maintenance.shutdownNow();
    }
    if (runtimeConfig != null) {
      runtimeConfig.close();
    }
    if (ruler != null) {
      ruler.close();
    }
    if (processing != null) {
      processing.shutdown();
    }
    if (notifier != null) {
      notifier.close();
    }
    if (kafka != null) {
      kafka.close(); // the receivers' last sends answered, the ingesters' last commit made
    }
    if (traces != null) {
      traces.close();
    }
    if (logs != null) {
      logs.close();
    }
    if (storage != null) {
      storage.close();
    }
    stopAll(httpServer);
    for (ReloadingTlsProvider tls :
        new ReloadingTlsProvider[] {serverTls, receiversTls, queryTls}) {
      if (tls != null) {
        tls.close();
      }
    }
    if (access != null) {
      try {
        access.close();
      } catch (IOException e) {
        log.warn("closing the audit log failed", e);
      }
    }
    phase = ServerPhase.STOPPED;
    log.info("stopped cleanly");
  }

  /** Stops servers in parallel: each one waits for its own in-flight requests. */
  private static void stopAll(Server... servers) {
    CompletableFuture.allOf(
            Arrays.stream(servers)
                .filter(Objects::nonNull)
                .map(Server::stop)
                .toArray(CompletableFuture[]::new))
        .join();
  }
}
