package io.tracemate.server;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.Batch;
import io.tracemate.component.BatchConsumer;
import io.tracemate.component.SpanBatch;
import io.tracemate.queue.PayloadCodec;
import io.tracemate.queue.QueueBinding;
import io.tracemate.queue.kafka.CommitOutbox;
import io.tracemate.queue.kafka.KafkaClients;
import io.tracemate.queue.kafka.KafkaHealth;
import io.tracemate.queue.kafka.KafkaIngester;
import io.tracemate.queue.kafka.KafkaLagMonitor;
import io.tracemate.queue.kafka.KafkaQueueMetrics;
import io.tracemate.queue.kafka.KafkaQueueProducer;
import io.tracemate.queue.kafka.KafkaSettings;
import io.tracemate.queue.kafka.KafkaTopics;
import io.tracemate.queue.kafka.RecordSplitter;
import io.tracemate.servicegraph.ServiceGraph;
import io.tracemate.servicegraph.ServiceNode;
import io.tracemate.sharedmetrics.MetricsOutbox;
import io.tracemate.sharedmetrics.MetricsSource;
import io.tracemate.sharedmetrics.SharedMetricsMetrics;
import io.tracemate.sharedmetrics.SharedMetricsReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Kafka between the receivers and the ingesters, when the {@code kafka} block is set: the topics (created at start),
 * the receivers' producer (one for every signal: its buffer bounds what waits for Kafka), the ingesters and the
 * health check that /ready reads. Built in the server's start order: {@link #open} before anything is accepted;
 * {@link #close} after the receivers stopped and before the stores close.
 */
final class KafkaRole implements AutoCloseable {
  /** How long a start waits for Kafka to answer before it fails, naming the brokers. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /** RED slots an ingester lets wait before it commits early (a few hundred bytes each: tens of MB at most). */
  private static final int MAX_PENDING_SLOTS = 100_000;

  private final KafkaSettings settings;
  private final KafkaQueueMetrics metrics;
  private final KafkaHealth health;
  private final KafkaProducer<byte[], byte[]> producer; // null without the receiver role
  private final KafkaLagMonitor lag; // null without the ingester role
  private final List<KafkaQueueProducer<?>> sinks = new ArrayList<>();
  private final List<KafkaIngester<?>> ingesters = new ArrayList<>();
  private final SharedMetricsMetrics sharedMetrics;
  private SharedMetricsReader metricsReader; // null without the querier role

  private KafkaRole(
      KafkaSettings settings,
      KafkaQueueMetrics metrics,
      KafkaHealth health,
      KafkaProducer<byte[], byte[]> producer,
      KafkaLagMonitor lag,
      SharedMetricsMetrics sharedMetrics) {
    this.settings = settings;
    this.metrics = metrics;
    this.health = health;
    this.producer = producer;
    this.lag = lag;
    this.sharedMetrics = sharedMetrics;
  }

  /**
   * Creates the topics of {@code signals} if missing and, for a receiver, the producer, waiting until it knows
   * every topic's partitions (a send never waits for them); for an ingester, the watch on the group's lag.
   *
   * @throws IllegalStateException when Kafka does not answer within a minute
   */
  static KafkaRole open(
      KafkaSettings settings,
      boolean receiver,
      boolean ingester,
      Set<String> signals,
      PrometheusRegistry registry) {
    try (Admin admin = KafkaClients.admin(settings, "tracemate-setup")) {
      KafkaTopics.ensure(admin, settings, signals, START_TIMEOUT);
    }
    KafkaProducer<byte[], byte[]> producer = null;
    if (receiver) {
      producer = KafkaClients.producer(settings, "tracemate-receiver");
      try {
        for (String signal : signals) {
          KafkaClients.awaitPartitions(producer, settings.topic(signal), START_TIMEOUT);
        }
      } catch (RuntimeException e) {
        producer.close(Duration.ZERO);
        throw e;
      }
    }
    return new KafkaRole(
        settings,
        new KafkaQueueMetrics(registry),
        new KafkaHealth(settings),
        producer,
        ingester ? new KafkaLagMonitor(settings, recordSignals(signals), registry) : null,
        new SharedMetricsMetrics(registry));
  }

  /** The signals whose records the ingesters' group consumes: not the shared metrics, read outside it. */
  private static Set<String> recordSignals(Set<String> topics) {
    Set<String> signals = new java.util.TreeSet<>(topics);
    signals.remove(KafkaTopics.METRICS);
    return signals;
  }

  /** What the receivers of {@code signal} hand their (processed) batches to. */
  <B extends Batch> BatchConsumer<B> sink(
      String signal, PayloadCodec<B> codec, RecordSplitter<B> splitter, Duration retryAfter) {
    KafkaQueueProducer<B> sink =
        new KafkaQueueProducer<>(
            signal, settings.topic(signal), producer, codec, splitter, retryAfter, metrics);
    sinks.add(sink);
    return sink;
  }

  /** Starts consuming {@code binding}'s signal into its store. */
  <B extends Batch> void startIngester(QueueBinding<B> binding, long storeBatch, Path dataDir) {
    ingesters.add(new KafkaIngester<>(settings, binding, storeBatch, dataDir, metrics).start());
  }

  /**
   * Starts consuming the spans into their store, running {@code binding}'s stage, and publishes what the stage's
   * exporting RED stores ({@code sources}) observed to the metrics topic in the transactions that commit the offsets.
   *
   * @param dataDir names the ingester's transactional ID with the host: one per ingester, the same across restarts
   */
  void startSpanIngester(
      QueueBinding<SpanBatch> binding,
      long storeBatch,
      Path dataDir,
      Supplier<List<MetricsSource>> sources,
      Supplier<Map<TenantId, ServiceGraph>> graphs) {
    MetricsOutbox outbox =
        new MetricsOutbox(
            settings.topic(KafkaTopics.METRICS), sources, graphs, MAX_PENDING_SLOTS, sharedMetrics);
    CommitOutbox commitOutbox =
        new CommitOutbox() {
          @Override
          public List<ProducerRecord<byte[], byte[]>> take() {
            return outbox.take();
          }

          @Override
          public boolean hasPending() {
            return outbox.hasPending();
          }

          @Override
          public boolean full() {
            return outbox.full();
          }

          @Override
          public void discard() {
            outbox.discard();
          }
        };
    ingesters.add(
        new KafkaIngester<>(
                settings,
                binding,
                storeBatch,
                dataDir,
                metrics,
                commitOutbox,
                transactionalId(binding.signal(), dataDir))
            .start());
  }

  /** Reads the metrics topic from its beginning into the stores queries read. */
  void startMetricsReader(
      SharedMetricsReader.StoreLookup stores, BiConsumer<TenantId, ServiceNode> nodes) {
    metricsReader =
        new SharedMetricsReader(
                KafkaClients.committedReader(settings, "tracemate-querier-metrics"),
                settings.topic(KafkaTopics.METRICS),
                stores,
                nodes,
                sharedMetrics)
            .start();
  }

  private static String transactionalId(String signal, Path dataDir) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    String folder = dataDir.toAbsolutePath().normalize().toString();
    return "tracemate-ingester-"
        + signal
        + "-"
        + host
        + "-"
        + Integer.toHexString(folder.hashCode());
  }

  /** What /ready waits for: Kafka unreachable, an ingester whose store fails. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    String kafka = health.problem();
    if (kafka != null) {
      problems.add(kafka);
    }
    for (KafkaIngester<?> ingester : ingesters) {
      String problem = ingester.problem();
      if (problem != null) {
        problems.add(problem);
      }
    }
    if (metricsReader != null && metricsReader.problem() != null) {
      problems.add(metricsReader.problem());
    }
    return problems;
  }

  /** Refuses new batches, waits for Kafka's answer to those sent, then commits and stops the ingesters. */
  @Override
  public void close() {
    for (KafkaQueueProducer<?> sink : sinks) {
      sink.shutdown();
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(10));
    }
    for (KafkaIngester<?> ingester : ingesters) {
      ingester.close();
    }
    if (metricsReader != null) {
      metricsReader.close();
    }
    health.close();
    if (lag != null) {
      lag.close();
    }
  }
}
