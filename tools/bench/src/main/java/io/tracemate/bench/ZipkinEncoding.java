package io.tracemate.bench;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import zipkin2.Endpoint;
import zipkin2.Span;

/** Maps template spans onto the Zipkin v2 model (tags are strings; INTERNAL has no kind). */
final class ZipkinEncoding {

  private ZipkinEncoding() {}

  static List<Span> encode(List<TemplateSpan> spans, Placeholders ids) {
    HexFormat hex = HexFormat.of();
    List<Span> out = new ArrayList<>(spans.size());
    for (TemplateSpan span : spans) {
      int trace = span.traceIndex();
      Span.Builder builder =
          Span.newBuilder()
              .traceId(
                  hex.toHexDigits(ids.traceHigh()[trace]) + hex.toHexDigits(ids.traceLow()[trace]))
              .id(hex.toHexDigits(ids.spanIds()[span.spanIndex()]))
              .name(span.name())
              .kind(kind(span.kind()))
              .timestamp(ids.startNanos(span) / 1_000)
              .duration(Math.max(1, span.durationNanos() / 1_000))
              .localEndpoint(
                  Endpoint.newBuilder()
                      .serviceName(span.service().name())
                      .ip(span.service().ip())
                      .build());
      if (span.parentIndex() >= 0) {
        builder.parentId(hex.toHexDigits(ids.spanIds()[span.parentIndex()]));
      }
      if (span.remoteService() != null) {
        builder.remoteEndpoint(Endpoint.newBuilder().serviceName(span.remoteService()).build());
      }
      span.attributes().forEach((key, value) -> builder.putTag(key, String.valueOf(value)));
      if (span.failed()) {
        builder.putTag("error", span.errorMessage());
        builder.addAnnotation(ids.endNanos(span) / 1_000 - 1, "exception: " + span.errorMessage());
      }
      out.add(builder.build());
    }
    return out;
  }

  private static Span.Kind kind(SpanKind kind) {
    return switch (kind) {
      case SERVER -> Span.Kind.SERVER;
      case CLIENT -> Span.Kind.CLIENT;
      case PRODUCER -> Span.Kind.PRODUCER;
      case CONSUMER -> Span.Kind.CONSUMER;
      case INTERNAL, UNSPECIFIED -> null;
    };
  }
}
