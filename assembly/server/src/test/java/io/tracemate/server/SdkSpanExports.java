package io.tracemate.server;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Spans made with the OpenTelemetry SDK and sent through one of its exporters (OTLP over gRPC or HTTP, with the TLS
 * and headers it was built with), telling whether the server took them. The spans are recorded first and exported
 * in one call: the exporter reports a refusal (401, 403, 429, a failed handshake...) only in the result of that
 * call, which a tracer provider's span processor would swallow. Stateless.
 */
final class SdkSpanExports {
  /** The name of the spans {@code accepted} sends. */
  static final String OPERATION = "GET /work";

  private SdkSpanExports() {}

  /** One root span of {@code service} with a random trace ID; whether the server accepted it. */
  static boolean accepted(String service, SpanExporter exporter) {
    return accepted(service, 1, exporter);
  }

  /** {@code spans} root spans of {@code service} with random trace IDs, in one request; whether it was accepted. */
  static boolean accepted(String service, int spans, SpanExporter exporter) {
    return accepted(exporter, rootSpans(service, spans, IdGenerator.random()));
  }

  /** One root span of {@code service} per trace ID (32 hex digits), in one request; whether it was accepted. */
  static boolean accepted(String service, List<String> traceIds, SpanExporter exporter) {
    return accepted(exporter, rootSpans(service, traceIds.size(), fixedTraceIds(traceIds)));
  }

  /** Exports {@code spans} in one call, then shuts the exporter down; whether the export succeeded. */
  static boolean accepted(SpanExporter exporter, Collection<SpanData> spans) {
    try {
      return exporter.export(spans).join(10, TimeUnit.SECONDS).isSuccess();
    } finally {
      exporter.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  /**
   * The spans {@code body} ends with a tracer of a provider with {@code resource} and {@code ids}, as the SDK hands
   * them to an exporter, in the order they ended.
   */
  static List<SpanData> record(Resource resource, IdGenerator ids, Consumer<Tracer> body) {
    List<SpanData> recorded = new ArrayList<>();
    SpanExporter recording =
        new SpanExporter() {
          @Override
          public synchronized CompletableResultCode export(Collection<SpanData> spans) {
            recorded.addAll(spans);
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(resource)
            .setIdGenerator(ids)
            .addSpanProcessor(SimpleSpanProcessor.create(recording))
            .build();
    try {
      body.accept(provider.get("io.tracemate.server.test"));
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
    synchronized (recording) {
      return List.copyOf(recorded);
    }
  }

  /** Hands out {@code traceIds} in order as the trace IDs of new root spans, and random span IDs. */
  static IdGenerator fixedTraceIds(List<String> traceIds) {
    Iterator<String> ids = traceIds.iterator();
    return new IdGenerator() {
      @Override
      public String generateSpanId() {
        return IdGenerator.random().generateSpanId();
      }

      @Override
      public String generateTraceId() {
        return ids.next();
      }
    };
  }

  private static List<SpanData> rootSpans(String service, int count, IdGenerator ids) {
    return record(
        RealClients.resource(service),
        ids,
        tracer -> {
          for (int i = 0; i < count; i++) {
            tracer.spanBuilder(OPERATION).startSpan().end();
          }
        });
  }
}
