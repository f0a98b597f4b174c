package io.tracemate.bench;

import java.util.Map;

/**
 * One span of a synthetic trace, independent of the wire format. IDs are indexes: the encoders
 * give every span placeholder IDs that {@link BatchTemplate} later overwrites per send.
 *
 * @param traceIndex index of the trace within its batch
 * @param spanIndex index of the span within its batch
 * @param parentIndex batch index of the parent span, or -1 for a root
 * @param remoteService the peer a CLIENT/PRODUCER span talks to (Zipkin's remote endpoint), or null
 * @param attributes values are String, Long, Double or Boolean
 * @param errorMessage non-null when the span failed; it then carries an exception event
 */
record TemplateSpan(
    int traceIndex,
    int spanIndex,
    int parentIndex,
    ServiceIdentity service,
    String name,
    SpanKind kind,
    long startOffsetNanos,
    long durationNanos,
    Map<String, Object> attributes,
    String remoteService,
    String errorMessage) {

  TemplateSpan {
    attributes = Map.copyOf(attributes);
  }

  boolean failed() {
    return errorMessage != null;
  }
}
