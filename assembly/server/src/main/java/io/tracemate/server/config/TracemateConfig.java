package io.tracemate.server.config;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.tracemate.alerting.notify.NotifierConfig;
import io.tracemate.audit.AuditLogConfig;
import io.tracemate.auth.config.AuthConfig;
import io.tracemate.common.units.HumanDuration;
import io.tracemate.component.tenant.TenantStateLimits;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.logs.store.EmbeddedLogStoreConfig;
import io.tracemate.pipeline.PipelineFactory;
import io.tracemate.pipeline.config.NamedProcessorConfig;
import io.tracemate.pipeline.sampling.config.TailSamplingConfig;
import io.tracemate.querysupport.ParseLimits;
import io.tracemate.queue.QueueSettings;
import io.tracemate.receivers.ReceiverLimits;
import io.tracemate.receivers.logs.LogLimits;
import io.tracemate.servicegraph.ServiceGraphConfig;
import io.tracemate.spanmetrics.config.SpanMetricsConfig;
import io.tracemate.storage.lucene.LuceneStorageConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The whole configuration as one typed tree, down to every component's own keys: the processors, span metrics and
 * service graph blocks and the log limits are bound to their modules' config records (the Collector's and Loki's key
 * names, so blocks paste as they are), checked while the file is read, so every error names the file, the key path
 * and the line. Each setting has one record and one default, in the module that owns it where there is one
 * ({@link QueueSettings}, {@link LogLimits}, {@link SpanMetricsConfig}...); {@code config/tracemate.example.yaml}
 * lists every key with its default (a test keeps the two equal). A missing section or key takes its default; an
 * unknown key is an error (a typo must not be silently ignored). The {@code alerting} block ({@link
 * NotifierConfig}: Alertmanagers, contact points, routes, silences) keeps the snake_case keys of Prometheus' and
 * Alertmanager's own files, so their blocks paste as they are.
 */
public record TracemateConfig(
    @JsonProperty("server") ServerSettings server,
    @JsonProperty("receivers") ReceiverSettings receivers,
    @JsonProperty("query") QuerySettings query,
    @JsonProperty("storage") StorageSettings storage,
    @JsonProperty("ingest") IngestSettings ingest,
    @JsonProperty("pipeline") PipelineSettings pipeline,
    @JsonProperty("logs") LogsSettings logs,
    @JsonProperty("auth") AuthConfig auth,
    @JsonProperty("multitenancy") MultitenancySettings multitenancy,
    @JsonProperty("audit") AuditSettings audit,
    @JsonProperty("runtime-config") @JsonAlias("runtime_config")
        RuntimeConfigSettings runtimeConfig,
    @JsonProperty("ruler") RulerConfig ruler,
    @JsonProperty("alerting") NotifierConfig alerting,
    @JsonProperty("kafka") KafkaSection kafka) {

  public static final TracemateConfig DEFAULTS =
      new TracemateConfig(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null);

  /** Without Kafka (the local write-ahead log between receiving and storing). */
  public TracemateConfig(
      ServerSettings server,
      ReceiverSettings receivers,
      QuerySettings query,
      StorageSettings storage,
      IngestSettings ingest,
      PipelineSettings pipeline,
      LogsSettings logs,
      AuthConfig auth,
      MultitenancySettings multitenancy,
      AuditSettings audit,
      RuntimeConfigSettings runtimeConfig,
      RulerConfig ruler,
      NotifierConfig alerting) {
    this(
        server,
        receivers,
        query,
        storage,
        ingest,
        pipeline,
        logs,
        auth,
        multitenancy,
        audit,
        runtimeConfig,
        ruler,
        alerting,
        null);
  }

  /** Without rules and notifications (their defaults). */
  public TracemateConfig(
      ServerSettings server,
      ReceiverSettings receivers,
      QuerySettings query,
      StorageSettings storage,
      IngestSettings ingest,
      PipelineSettings pipeline,
      LogsSettings logs,
      AuthConfig auth,
      MultitenancySettings multitenancy,
      AuditSettings audit,
      RuntimeConfigSettings runtimeConfig) {
    this(
        server,
        receivers,
        query,
        storage,
        ingest,
        pipeline,
        logs,
        auth,
        multitenancy,
        audit,
        runtimeConfig,
        null,
        null);
  }

  /** Without runtime overrides. */
  public TracemateConfig(
      ServerSettings server,
      ReceiverSettings receivers,
      QuerySettings query,
      StorageSettings storage,
      IngestSettings ingest,
      PipelineSettings pipeline,
      LogsSettings logs,
      AuthConfig auth,
      MultitenancySettings multitenancy,
      AuditSettings audit) {
    this(
        server, receivers, query, storage, ingest, pipeline, logs, auth, multitenancy, audit, null);
  }

  /** Without the security sections (authentication off, one tenant, the audit log off). */
  public TracemateConfig(
      ServerSettings server,
      ReceiverSettings receivers,
      QuerySettings query,
      StorageSettings storage,
      IngestSettings ingest,
      PipelineSettings pipeline,
      LogsSettings logs) {
    this(server, receivers, query, storage, ingest, pipeline, logs, null, null, null);
  }

  /** Without a pipeline section (the processors are then none). */
  public TracemateConfig(
      ServerSettings server,
      ReceiverSettings receivers,
      QuerySettings query,
      StorageSettings storage,
      IngestSettings ingest) {
    this(server, receivers, query, storage, ingest, null, null, null, null, null);
  }

  public TracemateConfig {
    server = server == null ? ServerSettings.DEFAULTS : server;
    receivers = receivers == null ? ReceiverSettings.DEFAULTS : receivers;
    query = query == null ? QuerySettings.DEFAULTS : query;
    storage = storage == null ? StorageSettings.DEFAULTS : storage;
    receivers = receivers.withMaxSpanAgeWithin(storage.retention());
    ingest = ingest == null ? IngestSettings.DEFAULTS : ingest;
    pipeline = pipeline == null ? PipelineSettings.DEFAULTS : pipeline;
    logs = logs == null ? LogsSettings.DEFAULTS : logs;
    auth = auth == null ? AuthConfig.DEFAULTS : auth;
    multitenancy = multitenancy == null ? MultitenancySettings.DEFAULTS : multitenancy;
    audit = audit == null ? AuditSettings.DEFAULTS : audit;
    runtimeConfig = runtimeConfig == null ? RuntimeConfigSettings.DEFAULTS : runtimeConfig;
    ruler = ruler == null ? RulerConfig.DEFAULTS : ruler;
    alerting = alerting == null ? NotifierConfig.DEFAULTS : alerting;
    if (!ruler.externalUrl().isEmpty()
        && !alerting.externalUrl().isEmpty()
        && !sameUrl(ruler.externalUrl(), alerting.externalUrl())) {
      throw new IllegalArgumentException(
          "alerting.external_url ("
              + alerting.externalUrl()
              + ") differs from ruler.external_url ("
              + ruler.externalUrl()
              + "): Tracemate has one external URL, ruler.external_url (Loki's key); remove"
              + " alerting.external_url, its deprecated spelling");
    }
    if (!ruler.alertmanagerUrl().isEmpty()) {
      if (alerting.alertmanagerUrl().isEmpty()) {
        alerting = alerting.withAlertmanagerUrl(ruler.alertmanagerUrl());
      } else if (!alerting.alertmanagerUrl().equals(ruler.alertmanagerUrl())) {
        throw new IllegalArgumentException(
            "ruler.alertmanager_url (Loki's key, "
                + ruler.alertmanagerUrl()
                + ") and alerting.alertmanager_url ("
                + alerting.alertmanagerUrl()
                + ") are one setting set twice to different values: keep one");
      }
    }
    if (kafka != null) {
      kafka.settings(); // checked while the file is read, so that an error names the line
    }
  }

  private static boolean sameUrl(String a, String b) {
    return stripSlash(a).equals(stripSlash(b));
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * Tracemate's one external URL, the UI's address as people reach it ({@code ruler.external_url}, or its
   * deprecated spelling {@code alerting.external_url}); empty when neither is set (the server then uses the query
   * port's own address).
   */
  public String externalUrl() {
    return ruler.externalUrl().isEmpty() ? alerting.externalUrl() : ruler.externalUrl();
  }

  /** What the configuration says that is deprecated or ignored, one message each, for the start's log. */
  public List<String> warnings() {
    List<String> out = new java.util.ArrayList<>(ruler.ignoredLokiKeys());
    if (!alerting.externalUrl().isEmpty()) {
      out.add(
          "alerting.external_url is deprecated: Tracemate has one external URL, ruler.external_url (Loki's"
              + " key), used for generator URLs, evidence links and the webhook's externalURL; move the"
              + " value there");
    }
    return out;
  }

  /** The same configuration with other security sections (the command line keeps the file's). */
  public TracemateConfig withSecurity(
      AuthConfig auth, MultitenancySettings multitenancy, AuditSettings audit) {
    return new TracemateConfig(
        server,
        receivers,
        query,
        storage,
        ingest,
        pipeline,
        logs,
        auth,
        multitenancy,
        audit,
        runtimeConfig,
        ruler,
        alerting,
        kafka);
  }

  /** The same configuration with Kafka between receiving and storing (tests; the file sets it with {@code kafka}). */
  public TracemateConfig withKafka(KafkaSection kafkaSection) {
    return new TracemateConfig(
        server,
        receivers,
        query,
        storage,
        ingest,
        pipeline,
        logs,
        auth,
        multitenancy,
        audit,
        runtimeConfig,
        ruler,
        alerting,
        kafkaSection);
  }

  /**
   * Per-tenant overrides reloaded without a restart, as Loki's {@code runtime_config} (also accepted under that
   * name).
   *
   * @param file the overrides file ({@code overrides: {<tenant>: {ingestion_rate_mb: 8, ...}}}); none by default
   * @param period how often the file is checked for a change (default 10s, Loki's)
   */
  public record RuntimeConfigSettings(
      @JsonProperty("file") Path file, @JsonProperty("period") Duration period) {
    public static final RuntimeConfigSettings DEFAULTS = new RuntimeConfigSettings(null, null);

    public RuntimeConfigSettings {
      period = period == null ? Duration.ofSeconds(10) : period;
      if (period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("runtime-config.period must be positive, got " + period);
      }
    }
  }

  /** Where the notifier keeps its state (the silences): {@code alerting/} in the data directory. */
  public Path alertingDirectory() {
    return storage.dataDir().resolve("alerting");
  }

  /** Whether the audit log is written: {@code audit.enabled}, or when absent, {@code auth.enabled}. */
  public boolean auditEnabled() {
    return audit.enabled() != null ? audit.enabled() : auth.enabled();
  }

  /** Where the audit log is written: {@code audit.directory}, or {@code audit/} in the data directory. */
  public Path auditDirectory() {
    return audit.directory() != null ? audit.directory() : storage.dataDir().resolve("audit");
  }

  /**
   * @param enabled whether every request must name its tenant (default false): on, a request without
   *     {@code X-Scope-OrgID} whose credential names no tenant is refused with 401 "no org id", as Loki with
   *     {@code auth_enabled: true}; off, such a request acts on {@code fake}, the tenant of single-tenant operation
   * @param maxTenants tenants whose pipeline state (span metrics, service graph, RED series, tail-sampling buffers)
   *     is held at once (default 100); spans of a further tenant are stored but not counted, graphed or sampled
   *     until an idle tenant is forgotten (counted in {@code tracemate_*_tenants_refused_batches_total})
   * @param idleTenantTimeout a tenant without spans for this long has its pipeline state forgotten (default 25h,
   *     longer than the day of RED series it holds)
   */
  public record MultitenancySettings(
      @JsonProperty("enabled") Boolean enabled,
      @JsonProperty("max-tenants") Integer maxTenants,
      @JsonProperty("idle-tenant-timeout") Duration idleTenantTimeout) {
    public static final MultitenancySettings DEFAULTS = new MultitenancySettings(null, null, null);

    public MultitenancySettings {
      enabled = enabled != null && enabled;
      maxTenants =
          ConfigChecks.atLeast(
              maxTenants, TenantStateLimits.DEFAULTS.maxTenants(), 1, "multitenancy.max-tenants");
      idleTenantTimeout =
          idleTenantTimeout == null ? TenantStateLimits.DEFAULTS.idleTimeout() : idleTenantTimeout;
      if (idleTenantTimeout.isNegative() || idleTenantTimeout.isZero()) {
        throw new IllegalArgumentException(
            "multitenancy.idle-tenant-timeout must be positive, got " + idleTenantTimeout);
      }
    }

    /** The bounds of every pipeline component's per-tenant state. */
    public TenantStateLimits pipelineState() {
      return new TenantStateLimits(maxTenants, idleTenantTimeout);
    }
  }

  /**
   * The audit log: every query, every denied request, hash-chained so that an edited or removed record shows.
   *
   * @param enabled whether it is written; absent: when {@code auth.enabled} is (without authentication every
   *     actor is "anonymous" and the log would say little an access log does not, at a disk write per query)
   * @param directory where its files go (default {@code audit/} in {@code storage.data-dir}); readable by
   *     administrators only, since it holds the queries as sent
   * @param maxFileSize a file is closed and the next begun at this size (default 64MiB)
   * @param maxPending records waiting for the disk beyond which a request that would be audited is refused with
   *     503 rather than served unrecorded (default 10000)
   * @param retention files whose every record is older than this are removed, after a record in the chain says
   *     which (default 0s: kept forever; how long an audit trail must be kept is the operator's decision)
   */
  public record AuditSettings(
      @JsonProperty("enabled") Boolean enabled,
      @JsonProperty("directory") Path directory,
      @JsonProperty("max-file-size") @JsonDeserialize(using = ByteSizeDeserializer.class)
          Long maxFileSize,
      @JsonProperty("max-pending") Integer maxPending,
      @JsonProperty("retention") Duration retention) {
    public static final AuditSettings DEFAULTS = new AuditSettings(null, null, null, null, null);

    public AuditSettings {
      maxFileSize = maxFileSize == null ? AuditLogConfig.DEFAULT_MAX_FILE_BYTES : maxFileSize;
      if (maxFileSize < 4096) {
        throw new IllegalArgumentException(
            "audit.max-file-size must be at least 4KiB, got " + maxFileSize);
      }
      maxPending =
          ConfigChecks.atLeast(
              maxPending, AuditLogConfig.DEFAULT_MAX_PENDING, 1, "audit.max-pending");
      retention = retention == null ? Duration.ZERO : retention;
    }

    /** The audit log's own settings, in {@code directory}. */
    public AuditLogConfig logConfig(Path directory) {
      return new AuditLogConfig(directory, maxFileSize, maxPending, retention);
    }
  }

  /**
   * @param enabled whether the server takes and serves logs (OTLP logs, Loki push, the Loki query API)
   * @param retention log lines older than this are deleted, a whole partition at a time
   * @param partition time span of one log partition (fixed when the log store is created)
   * @param limits per-tenant ingest limits with Loki's {@code limits_config} names (snake_case), see {@link LogLimits}
   * @param query query limits and parallelism
   */
  public record LogsSettings(
      @JsonProperty("enabled") Boolean enabled,
      @JsonProperty("retention") Duration retention,
      @JsonProperty("partition") Duration partition,
      @JsonProperty("limits") LogLimits limits,
      @JsonProperty("query") LogQuerySettings query) {
    public static final LogsSettings DEFAULTS = new LogsSettings(null, null, null, null, null);

    public LogsSettings {
      enabled = enabled == null || enabled;
      retention = ConfigChecks.positive(retention, Duration.ofDays(7), "logs.retention");
      partition =
          ConfigChecks.positive(
              partition, EmbeddedLogStoreConfig.DEFAULT_PARTITION_DURATION, "logs.partition");
      limits = limits == null ? LogLimits.DEFAULTS : limits;
      query = query == null ? LogQuerySettings.DEFAULTS : query;
    }
  }

  /**
   * @param maxEntries most log lines one query may return (Loki's max_entries_limit_per_query)
   * @param maxSeries most series a metric query may produce (max_query_series)
   * @param maxBytesScanned most line bytes one query may read, 0 = no limit (max_query_bytes_read)
   * @param timeout longest a query may run (query_timeout)
   * @param maxRange longest time range of one query (max_query_length)
   * @param splitInterval long ranges are split into parts of this size and evaluated in parallel
   * @param parallelism parts evaluated at once per query
   * @param maxTails live tail connections at once
   * @param maxQuerySize longest LogQL text in bytes; longer queries are refused before parsing (max_query_size)
   * @param maxQueryDepth deepest nesting of parentheses, aggregations, binary and label filter operators and regex
   *     groups; deeper queries are refused before parsing further (max_query_depth)
   * @param maxFormattedLineSize longest line or label value line_format / label_format may build, in characters
   *     (max_formatted_line_size)
   * @param maxQueryMemory most memory (estimated) one query may hold in returned lines and labels, metric samples
   *     and series (max_query_memory)
   * @param maxLookback how far back from now a query may read, 0s = no limit, the default (max_query_lookback);
   *     an earlier start is moved up to it, as in Loki
   */
  public record LogQuerySettings(
      @JsonProperty("max-entries") Integer maxEntries,
      @JsonProperty("max-series") Integer maxSeries,
      @JsonProperty("max-bytes-scanned") @JsonDeserialize(using = ByteSizeDeserializer.class)
          Long maxBytesScanned,
      @JsonProperty("timeout") Duration timeout,
      @JsonProperty("max-range") Duration maxRange,
      @JsonProperty("split-interval") Duration splitInterval,
      @JsonProperty("parallelism") Integer parallelism,
      @JsonProperty("max-tails") Integer maxTails,
      @JsonProperty("max-query-size") @JsonDeserialize(using = ByteSizeDeserializer.class)
          Long maxQuerySize,
      @JsonProperty("max-query-depth") Integer maxQueryDepth,
      @JsonProperty("max-formatted-line-size") @JsonDeserialize(using = ByteSizeDeserializer.class)
          Long maxFormattedLineSize,
      @JsonProperty("max-query-memory") @JsonDeserialize(using = ByteSizeDeserializer.class)
          Long maxQueryMemory,
      @JsonProperty("max-lookback") Duration maxLookback) {
    public static final LogQuerySettings DEFAULTS =
        new LogQuerySettings(
            null, null, null, null, null, null, null, null, null, null, null, null, null);

    /** Without a lookback limit. */
    public LogQuerySettings(
        Integer maxEntries,
        Integer maxSeries,
        Long maxBytesScanned,
        Duration timeout,
        Duration maxRange,
        Duration splitInterval,
        Integer parallelism,
        Integer maxTails,
        Long maxQuerySize,
        Integer maxQueryDepth,
        Long maxFormattedLineSize,
        Long maxQueryMemory) {
      this(
          maxEntries,
          maxSeries,
          maxBytesScanned,
          timeout,
          maxRange,
          splitInterval,
          parallelism,
          maxTails,
          maxQuerySize,
          maxQueryDepth,
          maxFormattedLineSize,
          maxQueryMemory,
          null);
    }

    public LogQuerySettings {
      maxEntries = ConfigChecks.atLeast(maxEntries, 5000, 1, "logs.query.max-entries");
      maxSeries = ConfigChecks.atLeast(maxSeries, 500, 1, "logs.query.max-series");
      maxBytesScanned = maxBytesScanned == null ? 0 : maxBytesScanned;
      timeout = ConfigChecks.positive(timeout, Duration.ofSeconds(30), "logs.query.timeout");
      maxRange = ConfigChecks.positive(maxRange, Duration.ofDays(30), "logs.query.max-range");
      splitInterval =
          ConfigChecks.positive(splitInterval, Duration.ofHours(1), "logs.query.split-interval");
      parallelism = ConfigChecks.atLeast(parallelism, 2, 1, "logs.query.parallelism");
      maxTails = ConfigChecks.atLeast(maxTails, 32, 1, "logs.query.max-tails");
      maxQuerySize =
          ConfigChecks.bytesBetween(
              maxQuerySize,
              ParseLimits.DEFAULTS.maxBytes(),
              1L << 10,
              64L << 20,
              "logs.query.max-query-size");
      maxQueryDepth =
          ConfigChecks.atLeast(
              maxQueryDepth, ParseLimits.DEFAULTS.maxDepth(), 8, "logs.query.max-query-depth");
      if (maxQueryDepth > 1024) {
        throw new IllegalArgumentException(
            "logs.query.max-query-depth must be at most 1024 (deeper recursion "
                + "could overflow a thread stack), got "
                + maxQueryDepth);
      }
      maxFormattedLineSize =
          ConfigChecks.bytesBetween(
              maxFormattedLineSize,
              EngineLimits.DEFAULT_MAX_FORMATTED_LINE_SIZE,
              1L << 10,
              1L << 30,
              "logs.query.max-formatted-line-size");
      maxQueryMemory =
          ConfigChecks.bytesBetween(
              maxQueryMemory,
              EngineLimits.DEFAULT_MAX_QUERY_MEMORY,
              1L << 20,
              Long.MAX_VALUE,
              "logs.query.max-query-memory");
      maxLookback = maxLookback == null ? Duration.ZERO : maxLookback;
      if (maxLookback.isNegative()) {
        throw new IllegalArgumentException(
            "logs.query.max-lookback must be 0s (no limit) or positive, got " + maxLookback);
      }
    }
  }

  /**
   * @param processors the processors every span passes, in order: each entry is one {@code name: config} pair,
   *     the name being {@code attributes}, {@code redaction} or {@code semantic_alignment} (run before the
   *     write-ahead log, so nothing unredacted reaches disk) with an optional {@code /suffix}, and, only as the
   *     last entry, {@code tail_sampling} (run after the WAL, so waiting traces survive a crash); the config is
   *     the OpenTelemetry Collector's block for that processor, so an existing collector block can be pasted
   * @param spanmetrics the collector spanmetrics connector's block (RED per service/operation, on every span
   *     before sampling); absent = defaults, {@code false} = off
   * @param servicegraph the collector servicegraph connector's block plus health thresholds (the topology);
   *     absent = defaults, {@code false} = off
   * @param logs the logs pipeline: the processors every log line passes before the log write-ahead log
   */
  public record PipelineSettings(
      @JsonProperty("processors") @JsonDeserialize(using = ProcessorsDeserializer.class)
          List<NamedProcessorConfig> processors,
      @JsonProperty("spanmetrics") Toggled<SpanMetricsConfig> spanmetrics,
      @JsonProperty("servicegraph") Toggled<ServiceGraphConfig> servicegraph,
      @JsonProperty("logs") LogPipelineSettings logs) {
    public static final PipelineSettings DEFAULTS = new PipelineSettings(null, null, null, null);

    /** Without a logs pipeline. */
    public PipelineSettings(
        List<NamedProcessorConfig> processors,
        Toggled<SpanMetricsConfig> spanmetrics,
        Toggled<ServiceGraphConfig> servicegraph) {
      this(processors, spanmetrics, servicegraph, null);
    }

    public PipelineSettings {
      processors = processors == null ? List.of() : List.copyOf(processors);
      spanmetrics =
          spanmetrics == null ? Toggled.byDefault(SpanMetricsConfig.defaults()) : spanmetrics;
      servicegraph =
          servicegraph == null ? Toggled.byDefault(ServiceGraphConfig.defaults()) : servicegraph;
      logs =
          logs == null
              ? LogPipelineSettings.DEFAULTS
              : LogPipelineSettings.resolve(logs, processors);
    }

    /** The processors in front of the write-ahead log: every entry but tail sampling. */
    public List<NamedProcessorConfig> beforeWal() {
      return processors.stream().filter(p -> !PipelineFactory.isTailSampling(p.name())).toList();
    }

    /** Tail sampling's block (the last entry), or null when the pipeline does not sample. */
    public TailSamplingConfig tailSampling() {
      return processors.isEmpty() || !PipelineFactory.isTailSampling(processors.getLast().name())
          ? null
          : (TailSamplingConfig) processors.getLast().config();
    }
  }

  /**
   * @param bind address every port listens on; 127.0.0.1 keeps a single machine private, 0.0.0.0 serves
   *     a cluster
   * @param shutdownGrace how long in-flight requests may take to finish on SIGTERM
   * @param tls TLS of every listener (plain text by default)
   */
  public record ServerSettings(
      @JsonProperty("bind") String bind,
      @JsonProperty("shutdown-grace") Duration shutdownGrace,
      @JsonProperty("tls") TlsSettings tls) {
    public static final ServerSettings DEFAULTS = new ServerSettings(null, null);

    /** Plain text (no TLS). */
    public ServerSettings(String bind, Duration shutdownGrace) {
      this(bind, shutdownGrace, null);
    }

    public ServerSettings {
      bind = bind == null ? "127.0.0.1" : bind;
      shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(10) : shutdownGrace;
      tls = tls == null ? TlsSettings.DEFAULTS : tls;
    }
  }

  /**
   * @param otlpGrpcPort OTLP/gRPC (TraceService/Export)
   * @param otlpHttpPort OTLP/HTTP ({@code POST /v1/traces})
   * @param zipkinPort Zipkin v2 ({@code POST /api/v2/spans})
   * @param maxRequestBytes largest request body after decompression; larger ones get 413
   * @param maxSpanAge spans starting longer ago are refused (OTLP partial success, Zipkin 400) before they reach
   *     the write-ahead log; null until the whole config sets it to {@code storage.retention}, which it may not
   *     exceed (older spans would be acknowledged, then deleted at once)
   * @param spanCreationGracePeriod spans starting later than this after now are refused (Loki's
   *     {@code creation_grace_period} for spans)
   * @param maxInflightRequestBytes request-body bytes (received, and inflated) all requests of every receiver may
   *     hold together before further requests get 503 + Retry-After; a size or a share of the maximum heap.
   *     Decoding a body takes several times its size in heap (up to ~9x for protobuf with many small
   *     attributes), hence the default of 5 % (about 100 MiB with the launcher's -Xmx2g)
   * @param tls TLS of the receiver ports in place of {@code server.tls}; null (the default) takes
   *     {@code server.tls}, a block without cert-file makes them plain text
   * @param maxRequestObjects the most objects (protobuf messages and strings, JSON values) one request may decode
   *     into, counted before decoding; beyond it 413 / RESOURCE_EXHAUSTED. The default (2,000,000) is several
   *     times the largest legitimate batches (5,000 SDK spans with ten attributes are about 250,000)
   */
  public record ReceiverSettings(
      @JsonProperty("otlp-grpc-port") Integer otlpGrpcPort,
      @JsonProperty("otlp-http-port") Integer otlpHttpPort,
      @JsonProperty("zipkin-port") Integer zipkinPort,
      @JsonProperty("max-request-bytes") @JsonDeserialize(using = ByteSizeDeserializer.class)
          Long maxRequestBytes,
      @JsonProperty("max-span-age") Duration maxSpanAge,
      @JsonProperty("span-creation-grace-period") Duration spanCreationGracePeriod,
      @JsonProperty("max-inflight-request-bytes") MemoryLimit maxInflightRequestBytes,
      @JsonProperty("tls") TlsSettings tls,
      @JsonProperty("max-request-objects") Long maxRequestObjects) {
    public static final ReceiverSettings DEFAULTS = new ReceiverSettings(null, null, null, null);

    /** With the default span time limits and in-flight budget. */
    public ReceiverSettings(
        Integer otlpGrpcPort, Integer otlpHttpPort, Integer zipkinPort, Long maxRequestBytes) {
      this(otlpGrpcPort, otlpHttpPort, zipkinPort, maxRequestBytes, null, null, null, null, null);
    }

    public ReceiverSettings {
      otlpGrpcPort = ConfigChecks.port(otlpGrpcPort, 4317, "receivers.otlp-grpc-port");
      otlpHttpPort = ConfigChecks.port(otlpHttpPort, 4318, "receivers.otlp-http-port");
      zipkinPort = ConfigChecks.port(zipkinPort, 9411, "receivers.zipkin-port");
      maxRequestBytes =
          maxRequestBytes == null ? ReceiverLimits.DEFAULT_MAX_REQUEST_BYTES : maxRequestBytes;
      if (maxRequestBytes < 1024 || maxRequestBytes > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "receivers.max-request-bytes must be between 1KiB and 2GiB");
      }
      if (maxSpanAge != null) {
        ConfigChecks.positive(maxSpanAge, null, "receivers.max-span-age");
      }
      spanCreationGracePeriod =
          spanCreationGracePeriod == null
              ? ReceiverLimits.DEFAULT_SPAN_CREATION_GRACE_PERIOD
              : spanCreationGracePeriod;
      if (spanCreationGracePeriod.isNegative()) {
        throw new IllegalArgumentException(
            "receivers.span-creation-grace-period must not be negative, got "
                + HumanDuration.format(spanCreationGracePeriod));
      }
      maxInflightRequestBytes =
          maxInflightRequestBytes == null ? MemoryLimit.ofHeapPercent(5) : maxInflightRequestBytes;
      if (maxInflightRequestBytes.bytes() > 0 && maxInflightRequestBytes.bytes() < 1024) {
        throw new IllegalArgumentException(
            "receivers.max-inflight-request-bytes must be at least 1KiB");
      }
      maxRequestObjects =
          maxRequestObjects == null
              ? ReceiverLimits.DEFAULT_MAX_REQUEST_OBJECTS
              : maxRequestObjects;
      if (maxRequestObjects < 1000) {
        throw new IllegalArgumentException(
            "receivers.max-request-objects must be at least 1000, got " + maxRequestObjects);
      }
    }

    /** {@code max-span-age} defaulted to the retention, and checked against it. */
    ReceiverSettings withMaxSpanAgeWithin(Duration retention) {
      if (maxSpanAge == null) {
        return new ReceiverSettings(
            otlpGrpcPort,
            otlpHttpPort,
            zipkinPort,
            maxRequestBytes,
            retention,
            spanCreationGracePeriod,
            maxInflightRequestBytes,
            tls,
            maxRequestObjects);
      }
      if (maxSpanAge.compareTo(retention) > 0) {
        throw new IllegalArgumentException(
            "receivers.max-span-age ("
                + HumanDuration.format(maxSpanAge)
                + ") must not exceed storage.retention ("
                + HumanDuration.format(retention)
                + "): older spans would be"
                + " acknowledged and then deleted at once");
      }
      return this;
    }
  }

  /**
   * @param httpPort Jaeger-compatible query API, /ready and /metrics
   * @param tls TLS of this port in place of {@code server.tls}; null (the default) takes {@code server.tls}
   * @param promql limits of the Prometheus query API and Jaeger's SPM
   */
  public record QuerySettings(
      @JsonProperty("http-port") Integer httpPort,
      @JsonProperty("tls") TlsSettings tls,
      @JsonProperty("promql") PromQLSettings promql,
      @JsonProperty("fresh-reads") FreshReadsSettings freshReads) {
    public static final QuerySettings DEFAULTS = new QuerySettings(null);

    /** The same settings on another port (a command-line flag over the file). */
    public QuerySettings withHttpPort(int port) {
      return new QuerySettings(port, tls, promql, freshReads);
    }

    /** With the TLS of {@code server.tls}. */
    public QuerySettings(Integer httpPort) {
      this(httpPort, null, null, null);
    }

    /** With the default PromQL limits. */
    public QuerySettings(Integer httpPort, TlsSettings tls) {
      this(httpPort, tls, null, null);
    }

    /** With the default fresh reads. */
    public QuerySettings(Integer httpPort, TlsSettings tls, PromQLSettings promql) {
      this(httpPort, tls, promql, null);
    }

    public QuerySettings {
      httpPort = ConfigChecks.port(httpPort, 16686, "query.http-port");
      promql = promql == null ? PromQLSettings.DEFAULTS : promql;
      freshReads = freshReads == null ? FreshReadsSettings.DEFAULTS : freshReads;
    }
  }

  /**
   * @param dataDir holds the write-ahead log and the embedded store
   * @param retention data older than this is deleted, a whole partition at a time
   * @param partition time span of one storage partition; retention is as fine as this
   * @param refreshInterval how soon written spans become searchable
   * @param retentionCheckInterval how often the retention task runs
   * @param backend where spans are stored: {@code embedded} (the Lucene store in {@code data-dir}, the default) or
   *     {@code opensearch} (the cluster of {@code opensearch}); the write-ahead log stays in {@code data-dir} either way
   * @param opensearch the cluster, for {@code backend: opensearch} (and {@code logs-backend: opensearch})
   * @param logsBackend where log lines are stored: {@code embedded} (the log store in {@code data-dir}) or
   *     {@code opensearch} (daily {@code tracemate-logs-*} indices in the same cluster); {@code backend} by default
   */
  public record StorageSettings(
      @JsonProperty("data-dir") Path dataDir,
      @JsonProperty("retention") Duration retention,
      @JsonProperty("partition") Duration partition,
      @JsonProperty("refresh-interval") Duration refreshInterval,
      @JsonProperty("retention-check-interval") Duration retentionCheckInterval,
      @JsonProperty("backend") Backend backend,
      @JsonProperty("opensearch") OpenSearchSettings opensearch,
      @JsonProperty("logs-backend") @JsonAlias("logs_backend") Backend logsBackend) {
    public static final StorageSettings DEFAULTS =
        new StorageSettings(null, null, null, null, null);

    /** The same settings over another data folder (a command-line flag over the file). */
    public StorageSettings withDataDir(Path folder) {
      return new StorageSettings(
          folder,
          retention,
          partition,
          refreshInterval,
          retentionCheckInterval,
          backend,
          opensearch,
          logsBackend);
    }

    /** Where spans are stored. */
    public enum Backend {
      @JsonProperty("embedded")
      EMBEDDED,
      @JsonProperty("opensearch")
      OPENSEARCH
    }

    /** The embedded store's settings alone (the default backend). */
    public StorageSettings(
        Path dataDir,
        Duration retention,
        Duration partition,
        Duration refreshInterval,
        Duration retentionCheckInterval) {
      this(dataDir, retention, partition, refreshInterval, retentionCheckInterval, null, null);
    }

    /** Logs go where spans go. */
    public StorageSettings(
        Path dataDir,
        Duration retention,
        Duration partition,
        Duration refreshInterval,
        Duration retentionCheckInterval,
        Backend backend,
        OpenSearchSettings opensearch) {
      this(
          dataDir,
          retention,
          partition,
          refreshInterval,
          retentionCheckInterval,
          backend,
          opensearch,
          null);
    }

    public StorageSettings {
      backend = backend == null ? Backend.EMBEDDED : backend;
      logsBackend = logsBackend == null ? backend : logsBackend;
      opensearch = opensearch == null ? OpenSearchSettings.DEFAULTS : opensearch;
      dataDir = dataDir == null ? Path.of("data") : dataDir;
      retention = ConfigChecks.positive(retention, Duration.ofDays(7), "storage.retention");
      partition =
          ConfigChecks.positive(
              partition, LuceneStorageConfig.DEFAULT_PARTITION_DURATION, "storage.partition");
      refreshInterval =
          ConfigChecks.positive(
              refreshInterval,
              LuceneStorageConfig.DEFAULT_REFRESH_INTERVAL,
              "storage.refresh-interval");
      retentionCheckInterval =
          ConfigChecks.positive(
              retentionCheckInterval, Duration.ofMinutes(5), "storage.retention-check-interval");
    }
  }

  /**
   * The durable queues: one {@link QueueSettings} per signal, each key defaulting to the signal's own default.
   *
   * @param retryAfter the delay suggested to every client told to retry: a full queue, the request-body budget,
   *     a server starting or stopping
   * @param traces the span queue ({@code max-queued} and {@code store-batch} count spans); its write-ahead log is
   *     {@code wal/} in the data directory
   * @param logs the log queue ({@code max-queued} and {@code store-batch} are line bytes); its write-ahead log is
   *     {@code logs-wal/}. Both queues are also bounded by {@code max-queued-bytes}, the estimated heap of what
   *     waits for the store (default 512MiB for traces, 256MiB for logs)
   */
  public record IngestSettings(
      @JsonProperty("retry-after") Duration retryAfter,
      @JsonProperty("traces") QueueSettings traces,
      @JsonProperty("logs") QueueSettings logs) {
    public static final IngestSettings DEFAULTS = new IngestSettings(null, null, null);

    public IngestSettings {
      retryAfter = ConfigChecks.positive(retryAfter, Duration.ofSeconds(1), "ingest.retry-after");
      traces = traces == null ? QueueSettings.TRACES : traces.orDefaults(QueueSettings.TRACES);
      logs = logs == null ? QueueSettings.LOGS : logs.orDefaults(QueueSettings.LOGS);
      if (logs.maxQueued() < 1 << 20) {
        throw new IllegalArgumentException(
            "ingest.logs.max-queued must be at least 1MiB, got " + logs.maxQueued());
      }
      for (QueueSettings queue : new QueueSettings[] {traces, logs}) {
        if (queue.maxQueuedBytes() < 1 << 20) {
          throw new IllegalArgumentException(
              "ingest."
                  + (queue == traces ? "traces" : "logs")
                  + ".max-queued-bytes must be at least 1MiB, got "
                  + queue.maxQueuedBytes());
        }
      }
    }
  }
}
