package io.tracemate.app;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import zipkin2.Endpoint;
import zipkin2.reporter.SpanBytesEncoder;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * Five real clients sending at once to one server process, each recording in {@link Acknowledged} only what the
 * server acknowledged: OTLP/gRPC and OTLP/HTTP traces through the OpenTelemetry SDK's exporters (with their retry
 * policy on, as applications run them), Zipkin JSON through zipkin-reporter's sender (retried three times, as
 * Brave's reporter does not), Loki push JSON (retried on 429/503 as Promtail does) and OTLP/gRPC logs through the
 * SDK's log exporter. Every trace is sent in two requests, so a crash between them leaves half a trace acknowledged,
 * which the tail sampler must still keep or drop whole. Runs until {@link #close()} (after the server is killed).
 */
final class MixedLoad implements AutoCloseable {
  static final String OTLP_GRPC_SERVICE = "torture-otlp-grpc";
  static final String OTLP_HTTP_SERVICE = "torture-otlp-http";
  static final String ZIPKIN_SERVICE = "torture-zipkin";
  static final String LOKI_APP = "torture-loki";
  static final String OTLP_LOGS_SERVICE = "torture-otlp-logs";
  private static final int LINES_PER_PUSH = 5;
  private static final Duration PAUSE = Duration.ofMillis(15);
  private static final RetryPolicy SDK_RETRY =
      RetryPolicy.builder()
          .setMaxAttempts(3)
          .setInitialBackoff(Duration.ofMillis(100))
          .setMaxBackoff(Duration.ofMillis(500))
          .build();

  private final Acknowledged acknowledged;
  private final int cycle;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong successes = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private final List<AutoCloseable> clients = new ArrayList<>();
  private final List<String> unexpectedAnswers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private MixedLoad(Acknowledged acknowledged, int cycle) {
    this.acknowledged = acknowledged;
    this.cycle = cycle;
  }

  /** Starts the five clients against {@code server}. */
  static MixedLoad start(ServerProcess server, Acknowledged acknowledged, int cycle) {
    MixedLoad load = new MixedLoad(acknowledged, cycle);
    String grpc = "http://127.0.0.1:" + server.otlpGrpcPort;
    load.traces(
        OTLP_GRPC_SERVICE,
        OtlpGrpcSpanExporter.builder()
            .setEndpoint(grpc)
            .setTimeout(Duration.ofSeconds(5))
            .setRetryPolicy(SDK_RETRY)
            .build());
    load.traces(
        OTLP_HTTP_SERVICE,
        OtlpHttpSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + server.otlpHttpPort + "/v1/traces")
            .setTimeout(Duration.ofSeconds(5))
            .setRetryPolicy(SDK_RETRY)
            .build());
    load.zipkin(
        URLConnectionSender.create("http://127.0.0.1:" + server.zipkinPort + "/api/v2/spans"));
    load.loki("http://127.0.0.1:" + server.httpPort + "/loki/api/v1/push");
    load.otlpLogs(
        OtlpGrpcLogRecordExporter.builder()
            .setEndpoint(grpc)
            .setTimeout(Duration.ofSeconds(5))
            .setRetryPolicy(SDK_RETRY)
            .build());
    return load;
  }

  /** Requests sent so far, acknowledged or not. */
  long requests() {
    return requests.get();
  }

  /**
   * Waits until the clients got {@code count} acknowledgements (their first requests pay for connecting and class
   * loading), so that a kill lands in steady traffic; at most {@code timeout}.
   */
  void awaitAcknowledgements(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (successes.get() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  /** Answers no client should get, whatever the faults: a refusal that is neither 429 nor 503. */
  List<String> unexpectedAnswers() {
    return unexpectedAnswers;
  }

  private void run(String name, Runnable oneRound) {
    Thread thread =
        Thread.ofPlatform()
            .name("torture-" + name)
            .daemon(true)
            .start(
                () -> {
                  while (running.get()) {
                    oneRound.run();
                    requests.incrementAndGet();
                    sleep(PAUSE);
                  }
                });
    threads.add(thread);
  }

  /** Spans the SDK ended, collected instead of batched, so that each request's answer is known. */
  private static final class Collected implements SpanProcessor {
    final List<SpanData> spans = new ArrayList<>();

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public synchronized void onEnd(ReadableSpan span) {
      spans.add(span.toSpanData());
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }

    synchronized List<SpanData> drain() {
      List<SpanData> drained = List.copyOf(spans);
      spans.clear();
      return drained;
    }
  }

  private void traces(String service, SpanExporter exporter) {
    Collected collected = new Collected();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(Resource.create(Attributes.builder().put("service.name", service).build()))
            .addSpanProcessor(collected)
            .build();
    clients.add(provider::close);
    clients.add(exporter::close);
    Tracer tracer = provider.get("torture");
    AtomicLong traceNumber = new AtomicLong();
    run(
        service,
        () -> {
          long n = traceNumber.incrementAndGet();
          Span root =
              tracer
                  .spanBuilder("checkout")
                  .setNoParent()
                  .setSpanKind(SpanKind.SERVER)
                  .setAttribute("torture.cycle", cycle)
                  .startSpan();
          Context parent = Context.root().with(root);
          for (int i = 0; i < 3; i++) {
            Span child =
                tracer
                    .spanBuilder("step-" + i)
                    .setParent(parent)
                    .setSpanKind(SpanKind.CLIENT)
                    .startSpan();
            if (i == 1 && n % 5 == 0) {
              child.setStatus(StatusCode.ERROR, "payment declined");
            }
            child.end();
          }
          root.end();
          List<SpanData> spans = collected.drain();
          // Children first, root last: two requests, so a kill between them acknowledges half a
          // trace.
          export(exporter, spans.subList(0, 2));
          export(exporter, spans.subList(2, spans.size()));
        });
  }

  private void export(SpanExporter exporter, List<SpanData> spans) {
    CompletableResultCode result = exporter.export(spans);
    result.join(20, TimeUnit.SECONDS);
    if (result.isSuccess()) {
      Set<String> ids = new HashSet<>();
      boolean error = false;
      for (SpanData span : spans) {
        ids.add(span.getSpanId());
        error |= span.getStatus().getStatusCode() == StatusCode.ERROR;
      }
      acknowledged.spans(spans.get(0).getTraceId(), ids, error);
      successes.incrementAndGet();
    }
  }

  private void zipkin(URLConnectionSender sender) {
    clients.add(sender::close);
    Endpoint endpoint = Endpoint.newBuilder().serviceName(ZIPKIN_SERVICE).build();
    run(
        ZIPKIN_SERVICE,
        () -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          String traceId = String.format("%016x%016x", random.nextLong(), random.nextLong());
          String rootId = String.format("%016x", random.nextLong() | 1);
          long micros = System.currentTimeMillis() * 1000;
          List<zipkin2.Span> spans = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            zipkin2.Span.Builder span =
                zipkin2.Span.newBuilder()
                    .traceId(traceId)
                    .id(i == 0 ? rootId : String.format("%016x", random.nextLong() | 1))
                    .name(i == 0 ? "get /cart" : "query-" + i)
                    .kind(i == 0 ? zipkin2.Span.Kind.SERVER : zipkin2.Span.Kind.CLIENT)
                    .localEndpoint(endpoint)
                    .timestamp(micros + i)
                    .duration(1000L - i)
                    .putTag("torture.cycle", Integer.toString(cycle));
            if (i > 0) {
              span.parentId(rootId);
            }
            spans.add(span.build());
          }
          sendZipkin(sender, traceId, spans.subList(1, 3));
          sendZipkin(sender, traceId, spans.subList(0, 1));
        });
  }

  private void sendZipkin(URLConnectionSender sender, String traceId, List<zipkin2.Span> spans) {
    List<byte[]> encoded = new ArrayList<>();
    for (zipkin2.Span span : spans) {
      encoded.add(SpanBytesEncoder.JSON_V2.encode(span));
    }
    for (int attempt = 0; attempt < 3 && running.get(); attempt++) {
      try {
        sender.send(encoded);
        acknowledged.spans(traceId, spans.stream().map(zipkin2.Span::id).toList(), false);
        successes.incrementAndGet();
        return;
      } catch (IOException | RuntimeException refusedOrConnectionLost) {
        sleep(Duration.ofMillis(100L << attempt));
      }
    }
  }

  private void loki(String pushUrl) {
    AtomicLong pushNumber = new AtomicLong();
    run(
        LOKI_APP,
        () -> {
          long n = pushNumber.incrementAndGet();
          List<String> lines = new ArrayList<>();
          StringBuilder values = new StringBuilder();
          for (int i = 0; i < LINES_PER_PUSH; i++) {
            String line =
                "loki cycle=" + cycle + " push=" + n + " line=" + i + " msg=\"order accepted\"";
            lines.add(line);
            values
                .append(i == 0 ? "" : ",")
                .append("[\"")
                .append(acknowledged.nextLineTimestampNanos())
                .append("\",\"")
                .append(line.replace("\"", "\\\""))
                .append("\"]");
          }
          String body =
              "{\"streams\":[{\"stream\":{\"app\":\""
                  + LOKI_APP
                  + "\",\"cycle\":\""
                  + cycle
                  + "\"},\"values\":["
                  + values
                  + "]}]}";
          for (int attempt = 0; attempt < 3 && running.get(); attempt++) {
            try {
              int status =
                  http.send(
                          HttpRequest.newBuilder(URI.create(pushUrl))
                              .header("Content-Type", "application/json")
                              .timeout(Duration.ofSeconds(5))
                              .POST(HttpRequest.BodyPublishers.ofString(body))
                              .build(),
                          HttpResponse.BodyHandlers.discarding())
                      .statusCode();
              if (status == 204) {
                acknowledged.lines(lines);
                successes.incrementAndGet();
                return;
              }
              if (status != 429 && status != 503) {
                unexpectedAnswers.add("Loki push answered " + status);
                return;
              }
            } catch (IOException connectionLost) {
              // as at the kill: retried below
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
            sleep(Duration.ofMillis(100L << attempt));
          }
        });
  }

  /** Log records the SDK emitted, collected so that each export's answer is known. */
  private static final class CollectedLogs implements LogRecordProcessor {
    final List<LogRecordData> records = new ArrayList<>();

    @Override
    public synchronized void onEmit(Context context, ReadWriteLogRecord logRecord) {
      records.add(logRecord.toLogRecordData());
    }

    synchronized List<LogRecordData> drain() {
      List<LogRecordData> drained = List.copyOf(records);
      records.clear();
      return drained;
    }
  }

  private void otlpLogs(LogRecordExporter exporter) {
    CollectedLogs collected = new CollectedLogs();
    SdkLoggerProvider provider =
        SdkLoggerProvider.builder()
            .setResource(
                Resource.create(
                    Attributes.builder().put("service.name", OTLP_LOGS_SERVICE).build()))
            .addLogRecordProcessor(collected)
            .build();
    clients.add(provider::close);
    clients.add(exporter::close);
    Logger logger = provider.get("torture");
    AtomicLong exportNumber = new AtomicLong();
    run(
        OTLP_LOGS_SERVICE,
        () -> {
          long n = exportNumber.incrementAndGet();
          List<String> lines = new ArrayList<>();
          for (int i = 0; i < LINES_PER_PUSH; i++) {
            String line = "otlp cycle=" + cycle + " export=" + n + " record=" + i;
            lines.add(line);
            logger
                .logRecordBuilder()
                .setTimestamp(acknowledged.nextLineTimestampNanos(), TimeUnit.NANOSECONDS)
                .setBody(line)
                .emit();
          }
          CompletableResultCode result = exporter.export(collected.drain());
          result.join(20, TimeUnit.SECONDS);
          if (result.isSuccess()) {
            acknowledged.lines(lines);
            successes.incrementAndGet();
          }
        });
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the clients: each finishes (or gives up) its request in flight; a minute at most. */
  @Override
  public void close() throws Exception {
    running.set(false);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    for (Thread thread : threads) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
        throw new AssertionError(thread.getName() + " still sending a minute after the stop");
      }
    }
    for (AutoCloseable client : clients) {
      client.close();
    }
  }
}
