package io.tracemate.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracemate.kafka.broker.KafkaBrokerExtension;
import io.tracemate.testing.opensearch.OpenSearchNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoublePredicate;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tracemate scaled out on one machine, every role its own real process: two receivers, two ingesters and a querier,
 * a real Kafka between them and a real OpenSearch as the store ({@code storage.backend: opensearch}). The
 * OpenTelemetry SDK's own exporters send through both receivers (OTLP/gRPC to one, OTLP/HTTP to the other); every
 * other trace has an error span, and the ingesters' tail sampler keeps errors and 10 % of the rest. Log lines go
 * through both as well, all the time: loki4j's logback appender pushes to one receiver's Loki push endpoint, the
 * SDK's OTLP/gRPC log exporter to the other's.
 *
 * <ol>
 *   <li>OpenSearch down (its port closed: the node is not started yet): the receivers go on acknowledging into
 *       Kafka; the ingesters retry, commit nothing, and say so on /ready ("waiting: ...") and /metrics (store write
 *       failures, the group's lag holding every acknowledged error trace and log record).
 *   <li>OpenSearch started on that port: every acknowledged error trace is found through the querier with all its
 *       spans, every other trace whole or not at all (the sampler's choice), and OpenSearch holds each stored span
 *       once; every acknowledged line is found once through the querier's Loki API, and OpenSearch holds each once;
 *       every process is ready again.
 *   <li>One ingester killed with SIGKILL while the clients send: the other takes over its partitions and replays
 *       what was not committed (rebuilding the traces its sampler held, writing again lines the killed one wrote
 *       but did not commit): still every acknowledged error trace and line, nothing partial, nothing twice, and the
 *       group's lag back to zero.
 * </ol>
 *
 * <p>The querier runs alone ({@link #QUERIER_TARGET}): spans and logs are in OpenSearch and the span metrics come
 * through Kafka.
 */
class ScaleOutEndToEndTest {
  @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

  private static final String QUERIER_TARGET = "querier";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final long BASE_NANOS = System.currentTimeMillis() * 1_000_000L - 120_000_000_000L;
  private static final long RUN_STARTED_NANOS = System.currentTimeMillis() * 1_000_000L;

  /** Most lines one query returns (logs.query.max-entries): well above what a run sends. */
  private static final int MAX_LINES = 100_000;

  private static final String INDEX_PREFIX = "scaleout";
  private static final String TRACES = "signal=\"traces\"";
  private static final String LOGS = "signal=\"logs\"";
  private static final String LOKI_APP = "scaleout-loki";
  private static final String OTLP_SERVICE = "scaleout-otlp";

  @TempDir Path dir;

  private final List<ServerProcess> processes = new ArrayList<>();
  private final Map<String, Path> logs = new HashMap<>();
  private OpenSearchNode opensearch;

  @AfterEach
  void stopEverything() throws Exception {
    for (ServerProcess process : processes) {
      process.close();
    }
    if (opensearch != null) {
      opensearch.close();
    }
  }

  @Test
  void twoReceiversTwoIngestersAndAQuerierLoseNothingAndDoubleNothingThroughFaults()
      throws Exception {
    int opensearchPort = OpenSearchNode.reservePort();
    try {
      ServerProcess viaGrpcReceiver = launch("receiver-1", "receiver", opensearchPort);
      ServerProcess viaHttpReceiver = launch("receiver-2", "receiver", opensearchPort);
      ServerProcess ingester1 = launch("ingester-1", "ingester", opensearchPort);
      ServerProcess ingester2 = launch("ingester-2", "ingester", opensearchPort);
      ServerProcess querier = launch("querier", QUERIER_TARGET, opensearchPort);
      viaGrpcReceiver.awaitReady(Duration.ofSeconds(120));
      viaHttpReceiver.awaitReady(Duration.ofSeconds(120));
      for (ServerProcess process : List.of(ingester1, ingester2, querier)) {
        assertThat(process.awaitStarted(Duration.ofSeconds(120)))
            .as("/ready while OpenSearch is down")
            .startsWith("waiting:")
            .contains("OpenSearch unreachable");
      }
      // An ingester stuck on a store that is down does not poll, so a rebalance waits for it (up to
      // max.poll.interval.ms): let the group settle before the first record arrives.
      awaitConsumers("scaleout-traces", 2);
      awaitConsumers("scaleout-logs", 2);
      Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
      AtomicLong numbers = new AtomicLong();
      Lines lines = new Lines();
      try (SdkTraceSender viaGrpc =
              SdkTraceSender.grpc(viaGrpcReceiver.otlpGrpcPort, "checkout", BASE_NANOS);
          SdkTraceSender viaHttp =
              SdkTraceSender.http(viaHttpReceiver.otlpHttpPort, "checkout", BASE_NANOS);
          LokiLineSender loki =
              new LokiLineSender(
                  "http://127.0.0.1:" + viaGrpcReceiver.httpPort + "/loki/api/v1/push",
                  LOKI_APP,
                  lines.viaLoki);
          SdkLogSender otlpLogs = SdkLogSender.grpc(viaHttpReceiver.otlpGrpcPort, OTLP_SERVICE)) {
        List<SdkTraceSender> senders = List.of(viaGrpc, viaHttp);
        LogSenders logSenders = new LogSenders(loki, otlpLogs, lines);

        // 1. OpenSearch down: the receivers take traces and lines into Kafka; the ingesters wait
        // and say why.
        try (Load load = new Load(senders, numbers, acknowledged, logSenders)) {
          load.awaitAcknowledged(120);
          load.awaitLines(100);
        }
        assertThat(viaGrpcReceiver.get("/ready").statusCode()).isEqualTo(200);
        assertThat(viaHttpReceiver.get("/ready").statusCode()).isEqualTo(200);
        for (ServerProcess ingester : List.of(ingester1, ingester2)) {
          String ready = awaitReadyBody(ingester, body -> body.contains("store write failing"));
          assertThat(ready).startsWith("waiting:").contains("OpenSearch unreachable");
        }
        assertThat(
                ingester1.metricSum("tracemate_kafka_store_write_failures_total", TRACES)
                    + ingester2.metricSum("tracemate_kafka_store_write_failures_total", TRACES))
            .isPositive();
        assertThat(
                ingester1.metricSum("tracemate_kafka_store_write_failures_total", LOGS)
                    + ingester2.metricSum("tracemate_kafka_store_write_failures_total", LOGS))
            .isPositive();
        // No log record is held back (there is no sampler), so none is stored and none committed:
        // each acknowledged OTLP export is a record (one stream), and loki4j's pushes more.
        long otlpExportsWhileDown = lines.viaOtlp.size() / Load.OTLP_LINES_PER_EXPORT;
        awaitMetric(
            ingester1,
            "tracemate_kafka_consumer_lag_records",
            LOGS,
            lag -> lag > otlpExportsWhileDown,
            "the group's lag holds every log record acknowledged while OpenSearch is down");
        // A partition's first records may be traces the sampler dropped: nothing to store, so their
        // offsets can be committed while OpenSearch is down. A kept (error) trace cannot, nor
        // anything after it.
        long errorsWhileDown = acknowledged.stream().filter(ScaleOutEndToEndTest::isError).count();
        awaitMetric(
            ingester1,
            "tracemate_kafka_consumer_lag_records",
            TRACES,
            lag -> lag >= errorsWhileDown,
            "the group's lag holds every error trace acknowledged while OpenSearch is down");

        // 2. OpenSearch back: everything acknowledged arrives, once.
        opensearch = OpenSearchNode.start(opensearchPort);
        for (ServerProcess process : List.of(ingester1, ingester2, querier)) {
          process.awaitReady(Duration.ofSeconds(60));
        }
        assertStoredOnce(querier, List.of(ingester1, ingester2), acknowledged);
        assertThat(ingester1.metricSum("tracemate_opensearch_bulk_documents_total", TRACES))
            .isPositive();
        assertLinesOnce(querier, List.of(ingester1, ingester2), lines);

        // 3. One ingester killed under load: the other takes over its partitions.
        double consumedBefore =
            ingester2.metricSum("tracemate_kafka_consumed_records_total", TRACES);
        int linesBefore = lines.count();
        try (Load load = new Load(senders, numbers, acknowledged, logSenders)) {
          load.awaitAcknowledged(acknowledged.size() + 80);
          ingester1.kill();
          long killedAt = System.nanoTime();
          // past the session timeout (6 s), so that the takeover happens while clients send
          load.awaitAcknowledged(acknowledged.size() + 120);
          while (System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(8)) {
            Thread.sleep(100);
          }
        }
        // loki4j pushes what it still holds: every line logged is now acknowledged or not.
        loki.close();
        assertStoredOnce(querier, List.of(ingester2), acknowledged);
        assertThat(ingester2.metricSum("tracemate_kafka_consumed_records_total", TRACES))
            .as("the surviving ingester read the killed one's partitions")
            .isGreaterThan(consumedBefore);
        assertLinesOnce(querier, List.of(ingester2), lines);
        assertThat(acknowledged.size()).isGreaterThanOrEqualTo(300);
        assertThat(lines.count())
            .as("lines acknowledged while an ingester was killed")
            .isGreaterThan(linesBefore + 100);
      }
    } catch (Exception | Error e) {
      for (Map.Entry<String, Path> log : logs.entrySet()) {
        System.out.println("===== " + log.getKey() + " =====");
        printTail(log.getValue(), 150);
      }
      throw e;
    }
  }

  /**
   * Every acknowledged error trace found through the querier with all its spans; every other trace whole or absent;
   * OpenSearch holding each of those spans once; and, with the group's lag at zero and the sampler's decisions
   * made, nothing left to arrive.
   */
  private void assertStoredOnce(
      ServerProcess querier, List<ServerProcess> ingesters, Set<Long> acknowledged)
      throws Exception {
    Set<Long> errors = new java.util.TreeSet<>();
    for (long n : acknowledged) {
      if (isError(n)) {
        errors.add(n);
      }
    }
    Map<Long, Integer> wrong = new HashMap<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    Set<Long> pending = new java.util.TreeSet<>(errors);
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      wrong.clear();
      for (long n : List.copyOf(pending)) {
        int spans = spansThroughQuerier(querier, n);
        if (spans == SdkTraceSender.SPANS_PER_TRACE) {
          pending.remove(n);
        } else {
          wrong.put(n, spans);
        }
      }
      if (!pending.isEmpty()) {
        Thread.sleep(500);
      }
    }
    assertThat(wrong)
        .as("acknowledged error traces missing or incomplete (of %d)", errors.size())
        .isEmpty();
    for (ServerProcess ingester : ingesters) {
      awaitMetric(
          ingester,
          "tracemate_kafka_consumer_lag_records",
          TRACES,
          lag -> lag == 0,
          "the ingesters stored and committed everything");
    }
    Thread.sleep(3_000); // past decision_wait (2 s): every trace decided and stored

    Map<String, Long> documents = spanDocumentsPerTrace();
    int keptOthers = 0;
    int others = 0;
    for (long n : acknowledged) {
      int spans = spansThroughQuerier(querier, n);
      String id = SdkTraceSender.traceIdHex(n);
      if (isError(n)) {
        assertThat(spans).as("error trace %s", id).isEqualTo(SdkTraceSender.SPANS_PER_TRACE);
      } else {
        others++;
        assertThat(spans)
            .as("trace %s whole or not at all", id)
            .isIn(0, SdkTraceSender.SPANS_PER_TRACE);
        keptOthers += spans == 0 ? 0 : 1;
      }
      assertThat(documents.getOrDefault(id, 0L))
          .as("span documents of trace %s in OpenSearch", id)
          .isEqualTo((long) spans);
    }
    assertThat(keptOthers)
        .as("traces without an error kept by the 10 %% sampler (of %d)", others)
        .isLessThan(others / 2);
  }

  /**
   * Every acknowledged line found through the querier's Loki API ({@code query_range} over the whole run), once;
   * no line (acknowledged or not) found twice; and OpenSearch holding one document per line found.
   */
  private void assertLinesOnce(ServerProcess querier, List<ServerProcess> ingesters, Lines lines)
      throws Exception {
    for (ServerProcess ingester : ingesters) {
      awaitMetric(
          ingester,
          "tracemate_kafka_consumer_lag_records",
          LOGS,
          lag -> lag == 0,
          "the ingesters stored and committed every line");
    }
    assertLinesOnce(querier, "{app=\"" + LOKI_APP + "\"}", "app=" + LOKI_APP, lines.viaLoki);
    assertLinesOnce(
        querier,
        "{service_name=\"" + OTLP_SERVICE + "\"}",
        "service_name=" + OTLP_SERVICE,
        lines.viaOtlp);
  }

  private void assertLinesOnce(
      ServerProcess querier, String selector, String label, Set<String> acknowledged)
      throws Exception {
    Set<String> expected = Set.copyOf(acknowledged);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Map<String, Integer> found = linesThroughQuerier(querier, selector);
    Set<String> missing = new java.util.TreeSet<>(expected);
    missing.removeAll(found.keySet());
    while (!missing.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(500);
      found = linesThroughQuerier(querier, selector);
      missing.removeAll(found.keySet());
    }
    assertThat(missing)
        .as("acknowledged lines of %s missing (of %d)", selector, expected.size())
        .isEmpty();
    Map<String, Integer> doubled = new java.util.TreeMap<>();
    found.forEach(
        (line, count) -> {
          if (count != 1) {
            doubled.put(line, count);
          }
        });
    assertThat(doubled).as("lines of %s found more than once", selector).isEmpty();
    assertThat(logDocuments(label))
        .as("log documents of %s in OpenSearch", selector)
        .isEqualTo(found.size());
  }

  /** line → how many times the querier's Loki API returns it, over the whole run. */
  private static Map<String, Integer> linesThroughQuerier(ServerProcess querier, String selector)
      throws Exception {
    long start = RUN_STARTED_NANOS - TimeUnit.MINUTES.toNanos(1);
    long end = System.currentTimeMillis() * 1_000_000L + TimeUnit.MINUTES.toNanos(1);
    HttpResponse<String> response =
        querier.get(
            "/loki/api/v1/query_range?query="
                + URLEncoder.encode(selector, StandardCharsets.UTF_8)
                + "&start="
                + start
                + "&end="
                + end
                + "&limit="
                + MAX_LINES
                + "&direction=forward");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Map<String, Integer> lines = new HashMap<>();
    for (JsonNode stream : JSON.readTree(response.body()).path("data").path("result")) {
      for (JsonNode value : stream.path("values")) {
        lines.merge(value.path(1).asText(), 1, Integer::sum);
      }
    }
    assertThat(lines.values().stream().mapToInt(Integer::intValue).sum())
        .as("lines returned: fewer than the limit, so none was cut off")
        .isLessThan(MAX_LINES);
    return lines;
  }

  /** Log documents with the stream label {@code name=value}, straight from OpenSearch's log indices. */
  private long logDocuments(String label) throws Exception {
    URI cluster = opensearch.httpUri();
    send(
        HttpRequest.newBuilder(cluster.resolve("/" + INDEX_PREFIX + "-tracemate-logs-*/_refresh"))
            .POST(HttpRequest.BodyPublishers.noBody()));
    String query = JSON.writeValueAsString(Map.of("query", Map.of("term", Map.of("label", label))));
    return JSON.readTree(
            send(
                HttpRequest.newBuilder(
                        cluster.resolve("/" + INDEX_PREFIX + "-tracemate-logs-*/_count"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(query))))
        .path("count")
        .asLong();
  }

  private static boolean isError(long n) {
    return n % 2 == 0;
  }

  private static int spansThroughQuerier(ServerProcess querier, long n) throws Exception {
    HttpResponse<String> response = querier.get("/api/traces/" + SdkTraceSender.traceIdHex(n));
    return response.statusCode() == 200
        ? JSON.readTree(response.body()).path("data").path(0).path("spans").size()
        : 0;
  }

  /** trace ID (Jaeger's hex) → span documents, straight from OpenSearch's span indices. */
  private Map<String, Long> spanDocumentsPerTrace() throws Exception {
    URI cluster = opensearch.httpUri();
    send(
        HttpRequest.newBuilder(cluster.resolve("/" + INDEX_PREFIX + "-jaeger-span-*/_refresh"))
            .POST(HttpRequest.BodyPublishers.noBody()));
    String query =
        "{\"size\":0,\"aggs\":{\"traces\":{\"terms\":{\"field\":\"traceID\",\"size\":20000}}}}";
    JsonNode answer =
        JSON.readTree(
            send(
                HttpRequest.newBuilder(
                        cluster.resolve("/" + INDEX_PREFIX + "-jaeger-span-*/_search"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(query))));
    Map<String, Long> documents = new HashMap<>();
    for (JsonNode bucket : answer.path("aggregations").path("traces").path("buckets")) {
      documents.put(bucket.path("key").asText(), bucket.path("doc_count").asLong());
    }
    return documents;
  }

  private static String send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private ServerProcess launch(String name, String target, int opensearchPort) throws Exception {
    Path log = dir.resolve(name + ".log");
    logs.put(name, log);
    boolean idleIngester = name.equals("querier") && target.contains("ingester");
    ServerProcess process =
        new ServerProcess(
            dir.resolve(name),
            log,
            // C1 only: five JVMs start on two cores sooner, and nothing here measures speed
            List.of("-Xmx384m", "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1"),
            ServerProcess.freePort(),
            ServerProcess.freePort(),
            List.of(
                "--config",
                config(name, opensearchPort, idleIngester).toString(),
                "--target",
                target));
    processes.add(process);
    return process;
  }

  /**
   * One configuration for every process; the querier's own ingester (while it needs one) reads topics and a group
   * of its own, which nobody writes, so that it takes no partition from the two ingesters.
   */
  private Path config(String name, int opensearchPort, boolean idleIngester) throws IOException {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        """
        storage:
          backend: opensearch
          opensearch:
            urls: ["http://127.0.0.1:%d"]
            index_prefix: %s
            replicas: 0
            bulk: {flush_interval: 100ms}
        kafka:
          brokers: ["%s"]
          topic-prefix: %s
          partitions: 4
          replication-factor: 1
          producer:
            delivery.timeout.ms: 3000
            request.timeout.ms: 1000
          consumer:
            group-id: %s
            commit-interval: 1s
            # A killed ingester's partitions go to the other after this, not after 45 s.
            session.timeout.ms: 6000
            heartbeat.interval.ms: 1000
        logs:
          query: {max-entries: %d}
        pipeline:
          processors:
            - tail_sampling:
                decision_wait: 2s
                policies:
                  - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}
                  - {name: rest, type: probabilistic, probabilistic: {sampling_percentage: 10}}
        """
            .formatted(
                opensearchPort,
                INDEX_PREFIX,
                kafka.bootstrapServers(),
                idleIngester ? "scaleout-idle-" : "scaleout-",
                idleIngester ? "scaleout-idle" : "scaleout-ingesters",
                MAX_LINES),
        StandardCharsets.UTF_8);
    return file;
  }

  /** Waits until {@code count} members of the ingesters' group hold partitions of {@code topic}. */
  private static void awaitConsumers(String topic, int count) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      long holding = 0;
      while (System.nanoTime() < deadline) {
        ConsumerGroupDescription group;
        try {
          group =
              admin
                  .describeConsumerGroups(List.of("scaleout-ingesters"))
                  .describedGroups()
                  .get("scaleout-ingesters")
                  .get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException notYetFormed) {
          Thread.sleep(200);
          continue;
        }
        holding =
            group.members().stream()
                .filter(
                    member ->
                        member.assignment().topicPartitions().stream()
                            .anyMatch(partition -> partition.topic().equals(topic)))
                .count();
        if (holding == count) {
          return;
        }
        Thread.sleep(200);
      }
      assertThat(holding).as("ingesters holding partitions of %s", topic).isEqualTo(count);
    }
  }

  private static String awaitReadyBody(ServerProcess process, Predicate<String> condition)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String body = process.get("/ready").body();
    while (!condition.test(body) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      body = process.get("/ready").body();
    }
    assertThat(body).matches(condition::test, "/ready as expected");
    return body;
  }

  private static void awaitMetric(
      ServerProcess process, String name, String labels, DoublePredicate condition, String what)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    double value = process.metricSum(name, labels);
    while (!condition.test(value) && System.nanoTime() < deadline) {
      Thread.sleep(500);
      value = process.metricSum(name, labels);
    }
    assertThat(value).as("%s: %s{%s}", what, name, labels).matches(condition::test);
  }

  private static void printTail(Path log, int lines) throws IOException {
    if (!Files.exists(log)) {
      return;
    }
    List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
    all.subList(Math.max(0, all.size() - lines), all.size()).forEach(System.out::println);
  }

  /** The lines acknowledged so far, by the client that sent them; numbered across the run. */
  private static final class Lines {
    final Set<String> viaLoki = ConcurrentHashMap.newKeySet();
    final Set<String> viaOtlp = ConcurrentHashMap.newKeySet();
    final AtomicLong numbers = new AtomicLong();

    int count() {
      return viaLoki.size() + viaOtlp.size();
    }
  }

  private record LogSenders(LokiLineSender loki, SdkLogSender otlp, Lines lines) {}

  /**
   * Two client threads per trace sender, each sending numbered traces (even numbers with an error), and one thread
   * per log client, logging about 100 numbered lines a second (loki4j pushes them every 100 ms; the OTLP exporter
   * sends 5 at a time), until closed, for at most two minutes.
   */
  private static final class Load implements AutoCloseable {
    private static final int OTLP_LINES_PER_EXPORT = 5;

    private final AtomicBoolean sending = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final Set<Long> acknowledged;
    private final Lines lines;

    Load(
        List<SdkTraceSender> senders,
        AtomicLong numbers,
        Set<Long> acknowledged,
        LogSenders logSenders) {
      this.acknowledged = acknowledged;
      this.lines = logSenders.lines();
      long stopAt = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      AtomicLong lineNumbers = lines.numbers;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (sending.get() && System.nanoTime() < stopAt) {
                      logSenders
                          .loki()
                          .log("order " + lineNumbers.incrementAndGet() + " accepted (loki4j)");
                      pause(10);
                    }
                  }));
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (sending.get() && System.nanoTime() < stopAt) {
                      List<String> batch = new ArrayList<>();
                      for (int i = 0; i < OTLP_LINES_PER_EXPORT; i++) {
                        batch.add("order " + lineNumbers.incrementAndGet() + " accepted (otlp)");
                      }
                      if (logSenders.otlp().send(batch)) {
                        lines.viaOtlp.addAll(batch);
                      }
                      pause(50);
                    }
                  }));
      for (SdkTraceSender sender : senders) {
        for (int t = 0; t < 2; t++) {
          threads.add(
              Thread.ofPlatform()
                  .start(
                      () -> {
                        while (sending.get() && System.nanoTime() < stopAt) {
                          long n = numbers.incrementAndGet();
                          if (sender.sendTrace(n, isError(n))) {
                            acknowledged.add(n);
                          }
                        }
                      }));
        }
      }
    }

    void awaitAcknowledged(int count) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (acknowledged.size() < count && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(acknowledged.size()).as("traces acknowledged").isGreaterThanOrEqualTo(count);
    }

    /** Waits until each log client has {@code count} lines acknowledged. */
    void awaitLines(int count) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while ((lines.viaLoki.size() < count || lines.viaOtlp.size() < count)
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(lines.viaLoki)
          .as("lines acknowledged via Loki push")
          .hasSizeGreaterThanOrEqualTo(count);
      assertThat(lines.viaOtlp)
          .as("lines acknowledged via OTLP")
          .hasSizeGreaterThanOrEqualTo(count);
    }

    private static void pause(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() throws InterruptedException {
      sending.set(false);
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      }
    }
  }
}
