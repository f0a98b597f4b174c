package io.tracemate.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration as one typed tree; {@code config/tracemate.example.yaml} lists every key with its
 * default. A missing section or key takes its default; an unknown key is an error (a typo must not be
 * silently ignored).
 */
public record TracemateConfig(
    @JsonProperty("server") ServerSettings server,
    @JsonProperty("receivers") ReceiverSettings receivers,
    @JsonProperty("query") QuerySettings query,
    @JsonProperty("storage") StorageSettings storage,
    @JsonProperty("ingest") IngestSettings ingest,
    @JsonProperty("pipeline") PipelineSettings pipeline) {

  public static final TracemateConfig DEFAULTS = new TracemateConfig(null, null, null, null, null, null);

  /** Without a pipeline section (the processors are then none). */
  public TracemateConfig(ServerSettings server, ReceiverSettings receivers, QuerySettings query,
      StorageSettings storage, IngestSettings ingest) {
    this(server, receivers, query, storage, ingest, null);
  }

  public TracemateConfig {
    server = server == null ? ServerSettings.DEFAULTS : server;
    receivers = receivers == null ? ReceiverSettings.DEFAULTS : receivers;
    query = query == null ? QuerySettings.DEFAULTS : query;
    storage = storage == null ? StorageSettings.DEFAULTS : storage;
    ingest = ingest == null ? IngestSettings.DEFAULTS : ingest;
    pipeline = pipeline == null ? PipelineSettings.DEFAULTS : pipeline;
  }

  /**
   * @param processors the processors every span passes, in order, before the write-ahead log: each entry is
   *     one {@code name: config} pair, the name being {@code attributes}, {@code redaction} or
   *     {@code semantic_alignment} with an optional {@code /suffix}, and the config the OpenTelemetry
   *     Collector's block for that processor (so an existing collector block can be pasted)
   */
  public record PipelineSettings(@JsonProperty("processors") List<Map<String, JsonNode>> processors) {
    public static final PipelineSettings DEFAULTS = new PipelineSettings(null);

    public PipelineSettings {
      processors = processors == null ? List.of() : List.copyOf(processors);
    }
  }

  /**
   * @param bind address every port listens on; 127.0.0.1 keeps a single machine private, 0.0.0.0 serves
   *     a cluster
   * @param shutdownGrace how long in-flight requests may take to finish on SIGTERM
   */
  public record ServerSettings(
      @JsonProperty("bind") String bind,
      @JsonProperty("shutdown-grace") Duration shutdownGrace) {
    public static final ServerSettings DEFAULTS = new ServerSettings(null, null);

    public ServerSettings {
      bind = bind == null ? "127.0.0.1" : bind;
      shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(10) : shutdownGrace;
    }
  }

  /**
   * @param otlpGrpcPort OTLP/gRPC (TraceService/Export)
   * @param otlpHttpPort OTLP/HTTP ({@code POST /v1/traces})
   * @param zipkinPort Zipkin v2 ({@code POST /api/v2/spans})
   * @param maxRequestBytes largest request body after decompression; larger ones get 413
   */
  public record ReceiverSettings(
      @JsonProperty("otlp-grpc-port") Integer otlpGrpcPort,
      @JsonProperty("otlp-http-port") Integer otlpHttpPort,
      @JsonProperty("zipkin-port") Integer zipkinPort,
      @JsonProperty("max-request-bytes") @JsonDeserialize(using = ByteSizeDeserializer.class) Long maxRequestBytes) {
    public static final ReceiverSettings DEFAULTS = new ReceiverSettings(null, null, null, null);

    public ReceiverSettings {
      otlpGrpcPort = ConfigChecks.port(otlpGrpcPort, 4317, "receivers.otlp-grpc-port");
      otlpHttpPort = ConfigChecks.port(otlpHttpPort, 4318, "receivers.otlp-http-port");
      zipkinPort = ConfigChecks.port(zipkinPort, 9411, "receivers.zipkin-port");
      maxRequestBytes = maxRequestBytes == null ? 64L << 20 : maxRequestBytes;
      if (maxRequestBytes < 1024 || maxRequestBytes > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("receivers.max-request-bytes must be between 1KiB and 2GiB");
      }
    }
  }

  /** @param httpPort Jaeger-compatible query API, /ready and /metrics */
  public record QuerySettings(@JsonProperty("http-port") Integer httpPort) {
    public static final QuerySettings DEFAULTS = new QuerySettings(null);

    public QuerySettings {
      httpPort = ConfigChecks.port(httpPort, 16686, "query.http-port");
    }
  }

  /**
   * @param dataDir holds the write-ahead log and the embedded store
   * @param retention data older than this is deleted, a whole partition at a time
   * @param partition time span of one storage partition; retention is as fine as this
   * @param refreshInterval how soon written spans become searchable
   * @param retentionCheckInterval how often the retention task runs
   */
  public record StorageSettings(
      @JsonProperty("data-dir") Path dataDir,
      @JsonProperty("retention") Duration retention,
      @JsonProperty("partition") Duration partition,
      @JsonProperty("refresh-interval") Duration refreshInterval,
      @JsonProperty("retention-check-interval") Duration retentionCheckInterval) {
    public static final StorageSettings DEFAULTS = new StorageSettings(null, null, null, null, null);

    public StorageSettings {
      dataDir = dataDir == null ? Path.of("data") : dataDir;
      retention = ConfigChecks.positive(retention, Duration.ofDays(7), "storage.retention");
      partition = ConfigChecks.positive(partition, Duration.ofDays(1), "storage.partition");
      refreshInterval = ConfigChecks.positive(refreshInterval, Duration.ofSeconds(1), "storage.refresh-interval");
      retentionCheckInterval = ConfigChecks.positive(retentionCheckInterval, Duration.ofMinutes(5),
          "storage.retention-check-interval");
    }
  }

  /**
   * @param maxQueuedSpans acknowledged spans waiting for the store before clients are told to retry
   * @param storeBatchSpans most spans per store write
   * @param flushInterval how often the store is made durable and the WAL trimmed
   * @param retryAfter delay suggested to refused clients
   * @param walSegmentBytes size at which a WAL segment file is closed and a new one begun
   */
  public record IngestSettings(
      @JsonProperty("max-queued-spans") Integer maxQueuedSpans,
      @JsonProperty("store-batch-spans") Integer storeBatchSpans,
      @JsonProperty("flush-interval") Duration flushInterval,
      @JsonProperty("retry-after") Duration retryAfter,
      @JsonProperty("wal-segment-bytes") @JsonDeserialize(using = ByteSizeDeserializer.class) Long walSegmentBytes) {
    public static final IngestSettings DEFAULTS = new IngestSettings(null, null, null, null, null);

    public IngestSettings {
      maxQueuedSpans = maxQueuedSpans == null ? 200_000 : maxQueuedSpans;
      storeBatchSpans = storeBatchSpans == null ? 5_000 : storeBatchSpans;
      flushInterval = ConfigChecks.positive(flushInterval, Duration.ofSeconds(10), "ingest.flush-interval");
      retryAfter = ConfigChecks.positive(retryAfter, Duration.ofSeconds(1), "ingest.retry-after");
      walSegmentBytes = walSegmentBytes == null ? 64L << 20 : walSegmentBytes;
    }
  }
}
