package io.tracemate.sharedmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.Connector;
import io.tracemate.component.DurableStage;
import io.tracemate.component.ObservingStage;
import io.tracemate.component.SpanBatch;
import io.tracemate.component.tenant.TenantStateLimits;
import io.tracemate.kafka.broker.KafkaBrokerExtension;
import io.tracemate.model.Attribute;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Status;
import io.tracemate.model.StatusCode;
import io.tracemate.model.TraceId;
import io.tracemate.queue.QueueBinding;
import io.tracemate.queue.kafka.CommitOutbox;
import io.tracemate.queue.kafka.KafkaClients;
import io.tracemate.queue.kafka.KafkaIngester;
import io.tracemate.queue.kafka.KafkaQueueMetrics;
import io.tracemate.queue.kafka.KafkaQueueProducer;
import io.tracemate.queue.kafka.KafkaSettings;
import io.tracemate.queue.kafka.KafkaTopics;
import io.tracemate.queue.kafka.SpanSplitter;
import io.tracemate.queue.spans.SpanQueueBinding;
import io.tracemate.red.RedSeriesStore;
import io.tracemate.red.RedSummary;
import io.tracemate.red.SeriesKey;
import io.tracemate.red.SlotVisitor;
import io.tracemate.servicegraph.ServiceGraph;
import io.tracemate.servicegraph.ServiceGraphConfig;
import io.tracemate.servicegraph.ServiceGraphConnector;
import io.tracemate.servicegraph.Topology;
import io.tracemate.servicegraph.TopologyNode;
import io.tracemate.servicegraph.TopologyQuery;
import io.tracemate.spanmetrics.SpanMetricsAggregator;
import io.tracemate.spanmetrics.SpanMetricsConnector;
import io.tracemate.spanmetrics.config.SpanMetricsConfig;
import io.tracemate.storage.memory.InMemoryStorage;
import io.tracemate.testing.TestSpans;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Span metrics and the service graph shared through a real broker: ingesters consuming parts of the traces topic
 * publish RED deltas with their offsets; a querier reading the metrics topic holds what one aggregator fed every
 * span holds, and an aborted transaction (a crash between publishing and committing) counts nothing twice.
 */
class SharedMetricsKafkaTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  private static final TenantId TENANT = TenantId.parse("team-a");
  private static final Clock CLOCK = Clock.systemUTC();

  @TempDir Path dir;

  private final Random random = new Random(14);

  private static KafkaSettings settings(String prefix) {
    return new KafkaSettings(
        List.of(kafka.bootstrapServers()),
        prefix,
        4,
        (short) 1,
        Map.of("delivery.timeout.ms", "5000", "request.timeout.ms", "2000"),
        new KafkaSettings.Consumer(
            prefix + "ingesters",
            Duration.ofMillis(300),
            Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "500")));
  }

  /** One side's span metrics and service graph: exporting (an ingester's) or keeping (a querier's, a reference). */
  private record Side(SpanMetricsConnector spanMetrics, ServiceGraphConnector graph) {
    static Side of(boolean exporting) {
      SpanMetricsConfig config = SpanMetricsConfig.defaults();
      SpanMetricsConnector spanMetrics =
          new SpanMetricsConnector(
              config, tenant -> config, TenantStateLimits.DEFAULTS, CLOCK, exporting);
      ServiceGraphConnector graph =
          new ServiceGraphConnector(
              ServiceGraphConfig.defaults(),
              TenantStateLimits.DEFAULTS,
              false,
              CLOCK,
              null,
              tenant -> ServiceGraphConfig.DEFAULT_MAX_EDGES,
              exporting);
      return new Side(spanMetrics, graph);
    }

    List<MetricsSource> sources() {
      List<MetricsSource> sources = new ArrayList<>();
      spanMetrics
          .tenants()
          .all()
          .forEach(
              (tenant, a) ->
                  sources.add(
                      new MetricsSource(tenant, MetricsFamily.SPAN_METRICS, a.redSeries())));
      graph
          .tenants()
          .all()
          .forEach(
              (tenant, g) ->
                  sources.add(
                      new MetricsSource(tenant, MetricsFamily.SERVICE_GRAPH, g.redSeries())));
      return sources;
    }

    RedSeriesStore store(TenantId tenant, MetricsFamily family) {
      if (family == MetricsFamily.SPAN_METRICS) {
        SpanMetricsAggregator aggregator = spanMetrics.tenants().get(tenant);
        return aggregator == null ? null : aggregator.redSeries();
      }
      ServiceGraph g = graph.tenants().get(tenant);
      return g == null ? null : g.redSeries();
    }

    RedSeriesStore peek(MetricsFamily family) {
      return family == MetricsFamily.SPAN_METRICS
          ? spanMetrics.aggregatorOrEmpty(TENANT).redSeries()
          : graph.graphOrEmpty(TENANT).redSeries();
    }

    QueueBinding<SpanBatch> binding(InMemoryStorage storage) {
      return binding(storage, null);
    }

    /** With {@code inner} after the connectors, as tail sampling runs after them. */
    QueueBinding<SpanBatch> binding(InMemoryStorage storage, DurableStage<SpanBatch> inner) {
      List<Connector<SpanBatch>> connectors = List.of(spanMetrics, graph);
      return SpanQueueBinding.of(storage).withStage(new ObservingStage<>(connectors, inner));
    }
  }

  /** Holds every batch, as a tail sampler whose traces all wait: the offsets stay below the first. */
  private static final class HoldingStage implements DurableStage<SpanBatch> {
    private long oldest = Long.MAX_VALUE;

    @Override
    public List<SpanBatch> offer(long sequence, SpanBatch batch) {
      oldest = Math.min(oldest, sequence);
      return List.of();
    }

    @Override
    public List<SpanBatch> tick() {
      return List.of();
    }

    @Override
    public long oldestHeldSequence() {
      return oldest;
    }
  }

  /** The commit outbox of an ingester side, with an optional record that makes every transaction fail. */
  private static CommitOutbox outbox(KafkaSettings settings, Side side, boolean poisoned) {
    MetricsOutbox outbox =
        new MetricsOutbox(
            settings.topic(KafkaTopics.METRICS),
            side::sources,
            () -> side.graph().tenants().all(),
            100_000,
            new SharedMetricsMetrics(new PrometheusRegistry()));
    return new CommitOutbox() {
      @Override
      public List<ProducerRecord<byte[], byte[]>> take() {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(outbox.take());
        if (poisoned && !records.isEmpty()) {
          // Larger than the producer sends: the transaction fails after its deltas were sent.
          records.add(
              new ProducerRecord<>(settings.topic(KafkaTopics.METRICS), new byte[17 << 20]));
        }
        return records;
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
  }

  @Test
  void aQuerierHoldsTheSumOfTwoIngestersWhichIsWhatOneAggregatorFedEverythingHolds()
      throws Exception {
    KafkaSettings settings = settings("sum-");
    createTopics(settings);
    Side first = Side.of(true);
    Side second = Side.of(true);
    KafkaQueueMetrics metrics = new KafkaQueueMetrics(new PrometheusRegistry());
    Side querier = Side.of(false);
    Side reference = Side.of(false);
    try (KafkaIngester<SpanBatch> one =
            new KafkaIngester<>(
                    settings,
                    first.binding(new InMemoryStorage()),
                    1_000,
                    dir.resolve("one"),
                    metrics,
                    outbox(settings, first, false),
                    "sum-ingester-1")
                .start();
        KafkaIngester<SpanBatch> two =
            new KafkaIngester<>(
                    settings,
                    second.binding(new InMemoryStorage()),
                    1_000,
                    dir.resolve("two"),
                    metrics,
                    outbox(settings, second, false),
                    "sum-ingester-2")
                .start();
        SharedMetricsReader reader = reader(settings, querier)) {
      awaitGroupMembers(settings, 2);
      List<SpanBatch> sent = send(settings, 60);
      for (SpanBatch batch : sent) {
        reference.spanMetrics().observe(batch);
        reference.graph().observe(batch);
      }
      long expected = totalCalls(reference, MetricsFamily.SPAN_METRICS);
      assertThat(expected).isGreaterThanOrEqualTo(120); // every span, and entry spans per instance
      await(
          () ->
              totalCalls(querier, MetricsFamily.SPAN_METRICS) == expected
                  && totalCalls(querier, MetricsFamily.SERVICE_GRAPH)
                      == totalCalls(reference, MetricsFamily.SERVICE_GRAPH),
          "the querier's RED reaches the reference's");
      assertThat(first.sources()).as("both ingesters had partitions").isNotEmpty();
      assertThat(second.sources()).as("both ingesters had partitions").isNotEmpty();
    }
    for (MetricsFamily family : MetricsFamily.values()) {
      RedSeriesStore expected = reference.peek(family);
      RedSeriesStore actual = querier.peek(family);
      assertThat(actual.keys()).isEqualTo(expected.keys()).isNotEmpty();
      for (SeriesKey key : expected.keys()) {
        assertThat(slots(actual, key)).as(family + " " + key).isEqualTo(slots(expected, key));
      }
    }
    Instant now = Instant.now();
    RedSummary orders =
        querier.spanMetrics().red(TENANT).service("orders", now.minusSeconds(3_600), now);
    // The rate divides by the time covered up to the store's clock (the system's), read once per
    // summary.
    assertThat(orders)
        .usingRecursiveComparison()
        .ignoringFields("ratePerSecond")
        .isEqualTo(
            reference.spanMetrics().red(TENANT).service("orders", now.minusSeconds(3_600), now));
    assertThat(orders.calls()).isEqualTo(60);
    assertThat(orders.errors()).isEqualTo(6);
    for (String namespace : List.of("web", "shop")) {
      TopologyQuery query =
          TopologyQuery.between(now.minusSeconds(3_600), now).inNamespace(namespace);
      Topology topology = querier.graph().graphOrEmpty(TENANT).topology(query);
      assertThat(topology.nodes())
          .extracting(TopologyNode::name, TopologyNode::namespaces)
          .as("the services of namespace " + namespace + " and their namespaces")
          .isEqualTo(
              reference.graph().graphOrEmpty(TENANT).topology(query).nodes().stream()
                  .map(node -> org.assertj.core.groups.Tuple.tuple(node.name(), node.namespaces()))
                  .toList())
          .isNotEmpty();
    }
    assertThat(querier.graph().graphOrEmpty(TENANT).dependencies(now.minusSeconds(3_600), now))
        .isEqualTo(
            reference.graph().graphOrEmpty(TENANT).dependencies(now.minusSeconds(3_600), now))
        .isNotEmpty();
  }

  @Test
  void aTransactionThatFailsPublishesNothingAndTheReplayCountsEverySpanOnce() throws Exception {
    KafkaSettings settings = settings("abort-");
    createTopics(settings);
    KafkaQueueMetrics metrics = new KafkaQueueMetrics(new PrometheusRegistry());
    Side querier = Side.of(false);
    try (SharedMetricsReader reader = reader(settings, querier)) {
      // The first ingester sends its deltas in every transaction, and every transaction fails:
      // it stops (as a crash would) with nothing committed.
      Side crashed = Side.of(true);
      try (KafkaIngester<SpanBatch> ingester =
          new KafkaIngester<>(
                  settings,
                  crashed.binding(new InMemoryStorage()),
                  1_000,
                  dir.resolve("crashed"),
                  metrics,
                  outbox(settings, crashed, true),
                  "abort-ingester")
              .start()) {
        awaitGroupMembers(settings, 1);
        send(settings, 30);
        await(
            () -> ingester.problem() != null && ingester.problem().contains("commit failing"),
            "the transaction fails");
        Thread.sleep(1_000); // more failed rounds; none may reach the querier
      }
      assertThat(totalCalls(querier, MetricsFamily.SPAN_METRICS)).isZero();

      // Its successor (same transactional ID) replays every record from the committed offsets.
      Side successor = Side.of(true);
      try (KafkaIngester<SpanBatch> ingester =
          new KafkaIngester<>(
                  settings,
                  successor.binding(new InMemoryStorage()),
                  1_000,
                  dir.resolve("successor"),
                  metrics,
                  outbox(settings, successor, false),
                  "abort-ingester")
              .start()) {
        await(
            () -> totalCalls(querier, MetricsFamily.SPAN_METRICS) >= 60,
            "the successor's deltas reach the querier");
        Thread.sleep(1_500); // a few more commits: nothing more may arrive
      }
    }
    assertThat(totalCalls(querier, MetricsFamily.SPAN_METRICS)).isEqualTo(60);
    Instant now = Instant.now();
    assertThat(
            querier
                .spanMetrics()
                .red(TENANT)
                .service("orders", now.minusSeconds(3_600), now)
                .calls())
        .isEqualTo(30);
  }

  @Test
  void recordsObservedBeforeTheCommittedOffsetAreNotCountedAgainWhenReplayed() throws Exception {
    KafkaSettings settings = settings("held-");
    createTopics(settings);
    KafkaQueueMetrics metrics = new KafkaQueueMetrics(new PrometheusRegistry());
    Side querier = Side.of(false);
    InMemoryStorage successorStore = new InMemoryStorage();
    try (SharedMetricsReader reader = reader(settings, querier)) {
      // Its stage holds every record: the deltas are published, the offsets stay at the first.
      Side holding = Side.of(true);
      try (KafkaIngester<SpanBatch> ingester =
          new KafkaIngester<>(
                  settings,
                  holding.binding(new InMemoryStorage(), new HoldingStage()),
                  1_000,
                  dir.resolve("holding"),
                  metrics,
                  outbox(settings, holding, false),
                  "held-ingester")
              .start()) {
        awaitGroupMembers(settings, 1);
        send(settings, 20);
        await(
            () -> totalCalls(querier, MetricsFamily.SPAN_METRICS) == 40,
            "the holding ingester's deltas reach the querier");
      }

      // Its successor reads every record again (the offsets were held); the connectors skip them.
      Side successor = Side.of(true);
      try (KafkaIngester<SpanBatch> ingester =
          new KafkaIngester<>(
                  settings,
                  successor.binding(successorStore),
                  1_000,
                  dir.resolve("successor"),
                  metrics,
                  outbox(settings, successor, false),
                  "held-ingester")
              .start()) {
        await(() -> successorStore.stats().spanCount() == 40, "the successor stores every span");
        Thread.sleep(1_500); // a few commits: nothing may be published for the replayed spans
      }
    }
    assertThat(totalCalls(querier, MetricsFamily.SPAN_METRICS)).isEqualTo(40);
    assertThat(totalCalls(querier, MetricsFamily.SERVICE_GRAPH)).isEqualTo(40);
  }

  private SharedMetricsReader reader(KafkaSettings settings, Side querier) {
    return new SharedMetricsReader(
            KafkaClients.committedReader(settings, "test-querier"),
            settings.topic(KafkaTopics.METRICS),
            querier::store,
            (tenant, node) -> {
              ServiceGraph graph = querier.graph().tenants().get(tenant);
              if (graph != null) {
                graph.applyNode(node);
              }
            },
            new SharedMetricsMetrics(new PrometheusRegistry()))
        .start();
  }

  private static void createTopics(KafkaSettings settings) {
    try (Admin admin = KafkaClients.admin(settings, "test")) {
      KafkaTopics.ensure(
          admin, settings, Set.of("traces", KafkaTopics.METRICS), Duration.ofSeconds(60));
    }
  }

  /** {@code traces} traces of a client span (frontend) and its server span (orders), every 10th failed. */
  private List<SpanBatch> send(KafkaSettings settings, int traces) throws Exception {
    List<SpanBatch> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(settings, "test")) {
      KafkaQueueProducer<SpanBatch> queue =
          new KafkaQueueProducer<>(
              "traces",
              settings.topic("traces"),
              producer,
              SpanQueueBinding.codec(),
              SpanSplitter.INSTANCE,
              Duration.ofSeconds(1),
              new KafkaQueueMetrics(new PrometheusRegistry()));
      KafkaClients.awaitPartitions(producer, settings.topic("traces"), Duration.ofSeconds(60));
      for (int i = 0; i < traces; i++) {
        TraceId trace = TestSpans.traceId(random);
        SpanId client = TestSpans.spanId(random);
        long start = System.currentTimeMillis() * 1_000_000L - 5_000_000_000L;
        long duration = (1 + random.nextInt(200)) * 1_000_000L;
        Status status = i % 10 == 0 ? new Status(StatusCode.ERROR, "failed") : Status.UNSET;
        List<Span> spans =
            List.of(
                TestSpans.span(
                        trace, client, null, "frontend", "GET /orders", start, duration + 2_000_000)
                    .resource(
                        TestSpans.resource("frontend", Attribute.of("service.namespace", "web")))
                    .kind(SpanKind.CLIENT)
                    .status(status)
                    .build(),
                TestSpans.span(
                        trace,
                        TestSpans.spanId(random),
                        client,
                        "orders",
                        "GET /orders",
                        start + 1_000_000,
                        duration)
                    .resource(
                        TestSpans.resource("orders", Attribute.of("k8s.namespace.name", "shop")))
                    .kind(SpanKind.SERVER)
                    .status(status)
                    .build());
        SpanBatch batch = SpanBatch.of(TENANT, spans);
        queue.consume(batch).get(30, TimeUnit.SECONDS);
        sent.add(batch);
      }
    }
    return sent;
  }

  private static long totalCalls(Side side, MetricsFamily family) {
    Instant now = Instant.now();
    return side.peek(family)
        .summarize(k -> true, now.minus(Duration.ofHours(2)), now.plusSeconds(60))
        .calls();
  }

  private static List<String> slots(RedSeriesStore store, SeriesKey key) {
    List<String> seen = new ArrayList<>();
    store.readSlots(
        key,
        store.nowMillis(),
        new SlotVisitor() {
          @Override
          public void slot(long start, long width, long calls, long errors, long sum) {
            seen.add(start + "/" + width + ": " + calls + " " + errors + " " + sum);
          }

          @Override
          public void bucket(int bucket, int count) {
            seen.add(bucket + "=" + count);
          }
        });
    return seen;
  }

  private static void awaitGroupMembers(KafkaSettings settings, int members) throws Exception {
    try (Admin admin = KafkaClients.admin(settings, "test-group")) {
      String group = settings.consumer().groupId();
      await(
          () -> {
            try {
              var description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
              return description.members().size() == members
                  && description.members().stream()
                      .allMatch(m -> !m.assignment().topicPartitions().isEmpty());
            } catch (Exception e) {
              return false;
            }
          },
          members + " ingesters with partitions");
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting: " + what);
      }
      Thread.sleep(50);
    }
  }
}
