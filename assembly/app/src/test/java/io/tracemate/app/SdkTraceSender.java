package io.tracemate.app;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Traces made by the OpenTelemetry SDK's tracer and sent by its own OTLP exporter (gRPC or HTTP/protobuf), one
 * export per trace, so that the exporter's result says whether the receiver acknowledged that trace. Trace n's ID
 * comes from n (a fixed ID generator) so that a test can look it up, with well-mixed low bits so that a
 * probabilistic sampler treats the traces as it treats random ones; an error trace has one span with status ERROR.
 * Thread-safe.
 */
final class SdkTraceSender implements AutoCloseable {
  static final int SPANS_PER_TRACE = 5;

  private final SpanExporter exporter;
  private final SdkTracerProvider provider;
  private final Tracer tracer;
  private final long baseNanos;
  private final Map<String, List<SpanData>> ended = new ConcurrentHashMap<>();
  private final ThreadLocal<Long> traceNumber = new ThreadLocal<>();

  private SdkTraceSender(SpanExporter exporter, String service, long baseNanos) {
    this.exporter = exporter;
    this.baseNanos = baseNanos;
    provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
            .setIdGenerator(
                new IdGenerator() {
                  private final IdGenerator random = IdGenerator.random();

                  @Override
                  public String generateSpanId() {
                    return random.generateSpanId();
                  }

                  @Override
                  public String generateTraceId() {
                    return traceIdHex(traceNumber.get());
                  }
                })
            .addSpanProcessor(new Collect())
            .build();
    tracer = provider.get("tracemate-test");
  }

  /** Sends over OTLP/HTTP (protobuf) to {@code /v1/traces} of {@code port}. */
  static SdkTraceSender http(int port, String service, long baseNanos) {
    return new SdkTraceSender(
        OtlpHttpSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + port + "/v1/traces")
            .setTimeout(Duration.ofSeconds(10))
            .build(),
        service,
        baseNanos);
  }

  /** Sends over OTLP/gRPC to {@code port}. */
  static SdkTraceSender grpc(int port, String service, long baseNanos) {
    return new SdkTraceSender(
        OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + port)
            .setTimeout(Duration.ofSeconds(10))
            .build(),
        service,
        baseNanos);
  }

  static String traceIdHex(long n) {
    return String.format("%016x%016x", 0x5ca1_0000_0000_0000L | n, n * 0x9E37_79B9_7F4A_7C15L);
  }

  /**
   * One trace of {@link #SPANS_PER_TRACE} spans, exported at once: a server span and its children, one of them
   * failed when {@code error}.
   *
   * @return true when the receiver acknowledged it
   */
  boolean sendTrace(long n, boolean error) {
    traceNumber.set(n);
    long start = baseNanos + n * 1_000_000L;
    Span root =
        tracer
            .spanBuilder("GET /orders")
            .setSpanKind(SpanKind.SERVER)
            .setStartTimestamp(start, TimeUnit.NANOSECONDS)
            .setNoParent()
            .startSpan();
    try (Scope ignored = root.makeCurrent()) {
      for (int i = 1; i < SPANS_PER_TRACE; i++) {
        Span child =
            tracer
                .spanBuilder("step-" + i)
                .setStartTimestamp(start + i * 1_000L, TimeUnit.NANOSECONDS)
                .startSpan();
        if (error && i == SPANS_PER_TRACE - 1) {
          child.setStatus(StatusCode.ERROR, "declined");
        }
        child.end(start + i * 1_000L + 500, TimeUnit.NANOSECONDS);
      }
    }
    root.end(start + 100_000, TimeUnit.NANOSECONDS);
    List<SpanData> spans = ended.remove(traceIdHex(n));
    CompletableResultCode result = exporter.export(spans).join(15, TimeUnit.SECONDS);
    return result.isSuccess();
  }

  @Override
  public void close() {
    provider.close();
    exporter.close();
  }

  /** Keeps each ended span for the export of its trace. */
  private final class Collect implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      ended
          .computeIfAbsent(span.getSpanContext().getTraceId(), id -> new ArrayList<>())
          .add(span.toSpanData());
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }
  }
}
