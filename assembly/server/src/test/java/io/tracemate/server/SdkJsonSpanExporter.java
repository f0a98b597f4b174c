package io.tracemate.server;

import io.opentelemetry.exporter.internal.http.HttpExporter;
import io.opentelemetry.exporter.internal.http.HttpExporterBuilder;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.internal.StandardComponentId;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * The OpenTelemetry Java SDK's OTLP/HTTP JSON exporter. The SDK builds it internally but its public builder
 * offers no JSON switch yet, so this is the exporter that switch would create: same marshaler, same sender.
 * Gzip is on because, uncompressed, this SDK version declares the protobuf length for the JSON body.
 */
final class SdkJsonSpanExporter implements SpanExporter {
  private final HttpExporter<Marshaler> delegate;

  SdkJsonSpanExporter(String endpoint) {
    delegate =
        new HttpExporterBuilder<>(
                StandardComponentId.ExporterType.OTLP_HTTP_JSON_SPAN_EXPORTER, endpoint)
            .exportAsJson()
            .setCompression("gzip")
            .build();
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    return delegate.export(TraceRequestMarshaler.create(spans), spans.size());
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }
}
