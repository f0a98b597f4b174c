package io.tracemate.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.common.units.ByteSizes;
import io.tracemate.common.units.HumanDuration;
import io.tracemate.pipeline.config.AttributesConfig;
import io.tracemate.pipeline.config.NamedProcessorConfig;
import io.tracemate.queue.QueueSettings;
import io.tracemate.receivers.logs.LogLimits;
import io.tracemate.servicegraph.ServiceGraphConfig;
import io.tracemate.spanmetrics.config.SpanMetricsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void exampleFileListsExactlyTheDefaults() {
    Path example = Path.of("..", "..", "config", "tracemate.example.yaml");
    TracemateConfig loaded = new ConfigLoader().load(example);
    TracemateConfig defaults = TracemateConfig.DEFAULTS;
    assertThat(loaded.server()).isEqualTo(defaults.server());
    assertThat(loaded.receivers()).isEqualTo(defaults.receivers());
    assertThat(loaded.query()).isEqualTo(defaults.query());
    assertThat(loaded.ingest()).isEqualTo(defaults.ingest());
    assertThat(loaded.pipeline()).isEqualTo(defaults.pipeline());
    assertThat(loaded.logs()).isEqualTo(defaults.logs());
    assertThat(loaded.auth()).isEqualTo(defaults.auth());
    assertThat(loaded.multitenancy()).isEqualTo(defaults.multitenancy());
    assertThat(loaded.audit()).isEqualTo(defaults.audit());
    assertThat(loaded.alerting()).isEqualTo(defaults.alerting());
    assertThat(loaded.kafka()).isNull();
    // Blocks written out (default_rules) are "given"; their settings are the defaults.
    assertThat(loaded.ruler())
        .usingRecursiveComparison()
        .ignoringFieldsMatchingRegexes(".*given")
        .isEqualTo(defaults.ruler());
    assertThat(loaded.storage().dataDir().normalize()).isEqualTo(defaults.storage().dataDir());
    assertThat(loaded.storage().retention()).isEqualTo(Duration.ofDays(7));
    assertThat(loaded.storage().backend()).isEqualTo(defaults.storage().backend());
    assertThat(loaded.storage().opensearch()).isEqualTo(defaults.storage().opensearch());
    assertThat(loaded.storage().logsBackend()).isEqualTo(defaults.storage().logsBackend());
  }

  @Test
  void openSearchTakesJaegersOptionsInSnakeCaseAndReadsThePasswordFromItsFile() throws Exception {
    Path secret = dir.resolve("os-password");
    Files.writeString(secret, "s3cret\n");
    Path file = dir.resolve("opensearch.yaml");
    Files.writeString(
        file,
        """
        storage:
          backend: opensearch
          opensearch:
            urls: [https://os-1:9200, https://os-2:9200]
            username: tracemate
            password_file: %s
            tls: {insecure: true}
            index_prefix: prod
            bulk: {max_bytes: 8MiB, max_in_flight: 4, flush_interval: 1s}
            shards: 3
            replicas: 2
        """
            .formatted(secret));
    TracemateConfig.StorageSettings storage = new ConfigLoader().load(file).storage();
    assertThat(storage.backend()).isEqualTo(TracemateConfig.StorageSettings.Backend.OPENSEARCH);
    var config = storage.opensearch().toStorageConfig();
    assertThat(config.urls())
        .containsExactly(
            java.net.URI.create("https://os-1:9200"), java.net.URI.create("https://os-2:9200"));
    assertThat(config.username()).isEqualTo("tracemate");
    assertThat(config.password()).isEqualTo("s3cret");
    assertThat(config.tls().insecure()).isTrue();
    assertThat(config.indexPrefix()).isEqualTo("prod");
    assertThat(config.bulk().maxBytes()).isEqualTo(8L << 20);
    assertThat(config.bulk().maxInFlight()).isEqualTo(4);
    assertThat(config.bulk().flushInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.shards()).isEqualTo(3);
    assertThat(config.replicas()).isEqualTo(2);
    assertThat(storage.logsBackend())
        .as("logs follow storage.backend")
        .isEqualTo(TracemateConfig.StorageSettings.Backend.OPENSEARCH);

    Files.writeString(
        file,
        """
        storage:
          backend: opensearch
          logs-backend: embedded
        """);
    TracemateConfig.StorageSettings apart = new ConfigLoader().load(file).storage();
    assertThat(apart.backend()).isEqualTo(TracemateConfig.StorageSettings.Backend.OPENSEARCH);
    assertThat(apart.logsBackend()).isEqualTo(TracemateConfig.StorageSettings.Backend.EMBEDDED);

    Files.writeString(
        file,
        """
        storage:
          opensearch: {index_prefix: Bad_Prefix}
        """);
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("index_prefix must be lowercase");
  }

  @Test
  void tlsTakesTheCollectorsSpellingsAndRefusesHalfConfigurations() throws Exception {
    assertThat(TracemateConfig.DEFAULTS.server().tls().enabled()).isFalse();
    Path file = dir.resolve("tls.yaml");
    Files.writeString(
        file,
        """
        server:
          tls: {cert_file: /s/tls.crt, key_file: /s/tls.key, client_ca_file: /s/ca.crt,
                client_auth: request, min_version: "1.3"}
        """);
    TlsSettings tls = new ConfigLoader().load(file).server().tls();
    assertThat(tls.enabled()).isTrue();
    assertThat(tls.certFile()).isEqualTo(Path.of("/s/tls.crt"));
    assertThat(tls.keyFile()).isEqualTo(Path.of("/s/tls.key"));
    assertThat(tls.clientCaFile()).isEqualTo(Path.of("/s/ca.crt"));
    assertThat(tls.clientAuthMode()).isEqualTo(TlsSettings.ClientAuth.OPTIONAL);
    assertThat(tls.minVersion()).isEqualTo("TLSv1.3");
    assertThat(tls.reloadInterval()).isEqualTo(Duration.ofSeconds(10));

    Files.writeString(file, "server:\n  tls: {cert-file: /s/tls.crt}\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("tls needs both cert-file and key-file");
    Files.writeString(
        file, "server:\n  tls: {cert-file: /s/tls.crt, key-file: /s/k, client-auth: require}\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("tls.client-auth: require needs client-ca-file");
    Files.writeString(
        file, "server:\n  tls: {cert-file: /s/tls.crt, key-file: /s/k, min-version: TLSv1.1}\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("tls.min-version must be TLSv1.2 or TLSv1.3");
  }

  @Test
  void missingKeysTakeDefaultsAndUnitsAreParsed() throws Exception {
    Path file = dir.resolve("c.yaml");
    Files.writeString(
        file,
        """
        storage:
          retention: 36h
        receivers:
          max-request-bytes: 8MiB
        """);
    TracemateConfig config = new ConfigLoader().load(file);
    assertThat(config.storage().retention()).isEqualTo(Duration.ofHours(36));
    assertThat(config.receivers().maxRequestBytes()).isEqualTo(8L << 20);
    assertThat(config.receivers().otlpGrpcPort()).isEqualTo(4317);
    assertThat(config.query().httpPort()).isEqualTo(16686);
  }

  @Test
  void maxSpanAgeFollowsTheRetentionAndMayNotExceedIt() throws Exception {
    Path file = dir.resolve("ages.yaml");
    Files.writeString(file, "storage:\n  retention: 30d\n");
    TracemateConfig followed = new ConfigLoader().load(file);
    assertThat(followed.receivers().maxSpanAge()).isEqualTo(Duration.ofDays(30));
    assertThat(followed.receivers().spanCreationGracePeriod()).isEqualTo(Duration.ofMinutes(10));
    assertThat(TracemateConfig.DEFAULTS.receivers().maxSpanAge()).isEqualTo(Duration.ofDays(7));

    Files.writeString(
        file,
        "storage:\n  retention: 30d\nreceivers:\n  max-span-age: 2d\n"
            + "  span-creation-grace-period: 1m\n");
    TracemateConfig shorter = new ConfigLoader().load(file);
    assertThat(shorter.receivers().maxSpanAge()).isEqualTo(Duration.ofDays(2));
    assertThat(shorter.receivers().spanCreationGracePeriod()).isEqualTo(Duration.ofMinutes(1));

    Files.writeString(file, "receivers:\n  max-span-age: 8d\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("receivers.max-span-age (8d) must not exceed storage.retention (7d)");
    Files.writeString(file, "receivers:\n  span-creation-grace-period: PT-1M\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("receivers.span-creation-grace-period must not be negative");
  }

  @Test
  void unknownKeyIsAnErrorNamingIt() throws Exception {
    Path file = dir.resolve("typo.yaml");
    Files.writeString(file, "storage:\n  retension: 7d\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("storage.retension")
        .hasMessageContaining("line ");
  }

  @Test
  void badValuesSayWhatIsExpected() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "storage:\n  retention: seven days\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("storage.retention")
        .hasMessageContaining("not a duration");
    Files.writeString(file, "query:\n  http-port: 70000\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file)).hasMessageContaining("query.http-port");
  }

  @Test
  void humanDurationsAndSizes() {
    assertThat(HumanDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(HumanDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(HumanDuration.parse("PT10S")).isEqualTo(Duration.ofSeconds(10));
    assertThat(HumanDuration.format(Duration.ofDays(7))).isEqualTo("7d");
    assertThatThrownBy(() -> HumanDuration.parse("10 parsecs"))
        .hasMessageContaining("not a duration");
    assertThat(ByteSizes.parseBinary("64MiB")).isEqualTo(64L << 20);
    assertThat(ByteSizes.parseBinary("512kb")).isEqualTo(512L << 10);
    assertThat(ByteSizes.parseBinary("1000")).isEqualTo(1000);
    assertThatThrownBy(() -> ByteSizes.parseBinary("lots")).hasMessageContaining("not a size");
  }

  @Test
  void inflightRequestBytesAreASizeOrAShareOfTheHeap() throws Exception {
    Path file = dir.resolve("inflight.yaml");
    Files.writeString(file, "receivers:\n  max-inflight-request-bytes: 256MiB\n");
    assertThat(
            new ConfigLoader().load(file).receivers().maxInflightRequestBytes().resolve(1L << 30))
        .isEqualTo(256L << 20);
    Files.writeString(file, "receivers:\n  max-inflight-request-bytes: 12.5%\n");
    assertThat(
            new ConfigLoader().load(file).receivers().maxInflightRequestBytes().resolve(1L << 30))
        .isEqualTo(128L << 20);
    assertThat(TracemateConfig.DEFAULTS.receivers().maxInflightRequestBytes().resolve(2L << 30))
        .isEqualTo((2L << 30) / 20);

    for (String bad : new String[] {"0%", "120%", "lots", "0"}) {
      Files.writeString(file, "receivers:\n  max-inflight-request-bytes: " + bad + "\n");
      assertThatThrownBy(() -> new ConfigLoader().load(file))
          .hasMessageContaining("receivers.max-inflight-request-bytes");
    }
    Files.writeString(file, "receivers:\n  max-inflight-request-bytes: 1000\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file)).hasMessageContaining("at least 1KiB");
  }

  @Test
  void eachDurableQueueHasOneSettingsRecordWithItsSignalsDefaults() throws Exception {
    Path file = dir.resolve("queues.yaml");
    Files.writeString(
        file,
        """
        ingest:
          retry-after: 3s
          traces: {max-queued: 1000, max-queued-bytes: 64MiB}
          logs: {max-queued: 64MiB, flush-interval: 2s}
        """);
    TracemateConfig.IngestSettings ingest = new ConfigLoader().load(file).ingest();
    assertThat(ingest.retryAfter()).isEqualTo(Duration.ofSeconds(3));
    assertThat(ingest.traces())
        .isEqualTo(new QueueSettings(1000L, 5000L, Duration.ofSeconds(10), 64L << 20, 64L << 20));
    assertThat(ingest.logs())
        .isEqualTo(
            new QueueSettings(64L << 20, 8L << 20, Duration.ofSeconds(2), 64L << 20, 256L << 20));

    Files.writeString(file, "ingest:\n  traces:\n    max-queued-bytes: 64KiB\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("ingest.traces.max-queued-bytes must be at least 1MiB");

    Files.writeString(file, "ingest:\n  logs:\n    max-queued: 1KiB\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("ingest.logs.max-queued must be at" + " least 1MiB");
    Files.writeString(file, "ingest:\n  traces:\n    flush-interval: 0s\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("at ingest.traces.flush-interval (line 3)")
        .hasMessageContaining("flush-interval must be positive");
  }

  @Test
  void keysThatMovedToTheQueuesSayWhere() throws Exception {
    Path file = dir.resolve("moved.yaml");
    Files.writeString(file, "ingest:\n  max-queued-spans: 5000\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("at ingest.max-queued-spans (line 2)")
        .hasMessageContaining("moved to ingest.traces.max-queued");
    Files.writeString(file, "logs:\n  enabled: true\n  flush-interval: 5s\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("at logs.flush-interval (line 3)")
        .hasMessageContaining("moved to ingest.logs.flush-interval");
  }

  @Test
  void processorBlocksAreBoundAndCheckedWhileTheFileIsRead() throws Exception {
    Path file = dir.resolve("processors.yaml");
    Files.writeString(
        file,
        """
        pipeline:
          processors:
            - semantic_alignment:
            - attributes/http:
                actions:
                  - {key: user.id, action: hash}
            - tail_sampling: {decision_wait: 5s, policies: [{name: all, type: always_sample}]}
        """);
    TracemateConfig.PipelineSettings pipeline = new ConfigLoader().load(file).pipeline();
    assertThat(pipeline.processors())
        .extracting(NamedProcessorConfig::name)
        .containsExactly("semantic_alignment", "attributes/http", "tail_sampling");
    assertThat(pipeline.beforeWal())
        .extracting(NamedProcessorConfig::name)
        .containsExactly("semantic_alignment", "attributes/http");
    assertThat(pipeline.processors().get(1).config()).isInstanceOf(AttributesConfig.class);
    assertThat(pipeline.tailSampling().decisionWait()).isEqualTo(Duration.ofSeconds(5));

    Files.writeString(
        file,
        """
        pipeline:
          processors:
            - redaction: {}
            - attributes/http:
                actions:
                  - {key: a, action: explode}
        """);
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("at pipeline.processors[1].attributes/http (line 4)")
        .hasMessageContaining("explode");

    Files.writeString(
        file,
        """
        pipeline:
          processors:
            - tail_sampling: {policies: [{name: all, type: always_sample}]}
            - redaction: {}
        """);
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("at pipeline.processors[0].tail_sampling (line 3)")
        .hasMessageContaining("'tail_sampling' must be the last processor");

    Files.writeString(
        file,
        """
        pipeline:
          processors:
            - tail_sampling:
                policies:
                  - {name: x, type: always_sample}
                  - {name: y, type: latency, latency: {threshold_ms: 10}, unknown: 1}
        """);
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining(
            "at pipeline.processors[0].tail_sampling.policies[1].unknown (line 6)")
        .hasMessageContaining("unknown key");

    Files.writeString(file, "pipeline:\n  processors:\n    - batch: {}\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("at pipeline.processors[0].batch (line 3)")
        .hasMessageContaining("unknown type 'batch'");
    Files.writeString(file, "pipeline:\n  processors:\n    - {redaction: {}, attributes: {}}\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("pipeline.processors[0]")
        .hasMessageContaining("an entry holds one processor");
    Files.writeString(file, "pipeline:\n  processors:\n    - redaction: {}\n    - redaction: {}\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("at pipeline.processors[1].redaction (line 4)")
        .hasMessageContaining("used twice");
  }

  @Test
  void connectorBlocksAreBoundToTheirRecordsAndMayBeSwitchedOff() throws Exception {
    Path file = dir.resolve("connectors.yaml");
    Files.writeString(
        file,
        """
        pipeline:
          spanmetrics: false
          servicegraph:
            store: {ttl: 30s}
            health: {services: {orders: {p99_ms: 250}}}
        """);
    TracemateConfig.PipelineSettings pipeline = new ConfigLoader().load(file).pipeline();
    assertThat(pipeline.spanmetrics().enabled()).isFalse();
    assertThat(pipeline.servicegraph().given()).isTrue();
    assertThat(pipeline.servicegraph().config().store().ttl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(pipeline.servicegraph().config().health().forService("orders").p99Millis())
        .isEqualTo(250.0);
    assertThat(TracemateConfig.DEFAULTS.pipeline().spanmetrics().config())
        .isEqualTo(SpanMetricsConfig.defaults());

    Files.writeString(file, "pipeline:\n  spanmetrics: true\n  servicegraph:\n");
    TracemateConfig.PipelineSettings defaults = new ConfigLoader().load(file).pipeline();
    assertThat(defaults.spanmetrics().config()).isEqualTo(SpanMetricsConfig.defaults());
    assertThat(defaults.servicegraph().config()).isEqualTo(ServiceGraphConfig.defaults());

    Files.writeString(
        file,
        """
        pipeline:
          spanmetrics: {aggregation_temporality: AGGREGATION_TEMPORALITY_DELTA}
        """);
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("at pipeline.spanmetrics.aggregation_temporality (line 2)")
        .hasMessageContaining("delta temporality");
    Files.writeString(file, "pipeline:\n  servicegraph:\n    store: {ttl: soon}\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("at pipeline.servicegraph.store.ttl (line 3)")
        .hasMessageContaining("not a duration");
  }

  @Test
  void logLimitsAreBoundWithLokisNames() throws Exception {
    Path file = dir.resolve("limits.yaml");
    Files.writeString(
        file,
        """
        logs:
          limits: {ingestion_rate_mb: 8, max_line_size: 1MB, max_global_streams_per_user: 100}
        """);
    LogLimits limits = new ConfigLoader().load(file).logs().limits();
    assertThat(limits.ingestionRateMb()).isEqualTo(8);
    assertThat(limits.maxLineSizeBytes()).as("Loki's MB is 10^6").isEqualTo(1_000_000);
    assertThat(limits.maxActiveStreams()).isEqualTo(100);
    assertThat(limits.rejectOldSamplesMaxAge())
        .isEqualTo(LogLimits.DEFAULTS.rejectOldSamplesMaxAge());

    Files.writeString(file, "logs:\n  limits:\n    max_line_size: lots\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("at logs.limits.max_line_size (line 3)")
        .hasMessageContaining("'lots' is not a size");
    Files.writeString(file, "logs:\n  limits:\n    ingestion_rate: 5\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("at logs.limits.ingestion_rate (line 3)")
        .hasMessageContaining("unknown key");
  }

  @Test
  void kafkaTakesItsKeysAndKafkasOwnPropertiesButNotThoseTheGuaranteesRestOn() throws Exception {
    Path file = dir.resolve("kafka.yaml");
    Files.writeString(
        file,
        """
        kafka:
          brokers: ["kafka-0:9092", "kafka-1:9092"]
          topic_prefix: prod-
          partitions: 12
          replication_factor: 3
          producer: {linger.ms: 20, compression.type: zstd}
          consumer: {group_id: ingesters, commit-interval: 2s, max.poll.records: 1000}
        """);
    io.tracemate.queue.kafka.KafkaSettings kafka = new ConfigLoader().load(file).kafka().settings();
    assertThat(kafka.brokers()).containsExactly("kafka-0:9092", "kafka-1:9092");
    assertThat(kafka.topic("traces")).isEqualTo("prod-traces");
    assertThat(kafka.partitions()).isEqualTo(12);
    assertThat(kafka.replicationFactor()).isEqualTo((short) 3);
    assertThat(kafka.producer()).containsEntry("linger.ms", "20");
    assertThat(kafka.consumer().groupId()).isEqualTo("ingesters");
    assertThat(kafka.consumer().commitInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(kafka.consumer().properties()).containsEntry("max.poll.records", "1000");

    Files.writeString(file, "kafka:\n  brokers: [\"k:9092\"]\n  producer: {acks: \"1\"}\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("kafka.producer.acks is set by Tracemate");
    Files.writeString(file, "kafka:\n  brokers: [\"k:9092\"]\n  producer: {lingr.ms: 5}\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining(
            "kafka.producer.lingr.ms is not a property of Kafka's producer client");
    Files.writeString(file, "kafka:\n  brokers: [\"k\"]\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageContaining("'k' is not host:port");
  }
}
