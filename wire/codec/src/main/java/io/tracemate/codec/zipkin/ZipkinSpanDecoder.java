package io.tracemate.codec.zipkin;

import io.tracemate.codec.UnixNanos;
import io.tracemate.model.Attribute;
import io.tracemate.model.InstrumentationScope;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanEvent;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Status;
import io.tracemate.model.StatusCode;
import io.tracemate.model.TraceId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import zipkin2.Annotation;
import zipkin2.Endpoint;
import zipkin2.codec.SpanBytesDecoder;

/**
 * Reads Zipkin v2 spans (JSON, or proto3 {@code ListOfSpans}) with zipkin2's own decoders and maps them onto
 * the model. The mapping keeps every piece of information a Zipkin span carries:
 *
 * <ul>
 *   <li>{@code localEndpoint.serviceName} → resource attribute {@code service.name} (one shared
 *       {@link Resource} per service name in a request; no local service → {@link Resource#EMPTY}).
 *   <li>{@code localEndpoint} ipv4 (else ipv6) / port → span attributes {@code network.local.address} /
 *       {@code network.local.port}; when both addresses are present the ipv6 one goes to
 *       {@code zipkin.local_endpoint.ipv6}.
 *   <li>{@code remoteEndpoint} → {@code peer.service}, {@code network.peer.address} (ipv4, else ipv6),
 *       {@code network.peer.port}, and {@code zipkin.remote_endpoint.ipv6} when both addresses are present.
 *   <li>{@code kind} CLIENT/SERVER/PRODUCER/CONSUMER → the same {@link SpanKind}; absent → INTERNAL.
 *   <li>{@code timestamp} and {@code duration} (µs) → start and end (ns). A span without a timestamp (a late
 *       half of a span, which Zipkin accepts too) starts at its earliest annotation, or at 0 if it has none;
 *       a span without a duration ends when it starts. Times past 2262 do not fit signed nanoseconds: they are
 *       given as OTLP's unsigned {@code fixed64} would carry them ({@link UnixNanos#fromMicros}), so the
 *       receiver's time checks see the time the sender meant rather than a wrapped-around one.
 *   <li>{@code annotations} → events (name = value, µs → ns, no attributes).
 *   <li>{@code tags} → string attributes in zipkin2's (sorted) order, except {@code error}, which becomes status
 *       ERROR with the tag's value as message (as the OpenTelemetry Collector's Zipkin receiver does); other
 *       spans have status UNSET.
 *   <li>{@code shared=true} → attribute {@code zipkin.shared=true}; {@code debug=true} → attribute
 *       {@code zipkin.debug=true} (bool attributes, absent when false or unset).
 *   <li>64-bit trace IDs → {@link TraceId} with {@code high == 0}. No trace state, no scope, flags 0.
 *   <li>IDs are refused, failing the whole request as Zipkin's server fails a malformed one, when all zero, or,
 *       in proto3 (where IDs are bytes, not hex), when a trace ID is not 8 or 16 bytes or a span or parent ID not
 *       8 bytes (zipkin2 would left-pad them).
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class ZipkinSpanDecoder {
  private ZipkinSpanDecoder() {}

  /**
   * Decodes a JSON v2 array of spans.
   *
   * @throws IllegalArgumentException with zipkin2's explanation when the body is not valid Zipkin JSON v2
   */
  public static List<Span> decodeJson(byte[] body) {
    return toModel(SpanBytesDecoder.JSON_V2.decodeList(body));
  }

  /**
   * Decodes a proto3 {@code zipkin.proto3.ListOfSpans}.
   *
   * @throws IllegalArgumentException with zipkin2's explanation when the body is not valid proto3 spans, or
   *     naming the span whose trace ID is not 8 or 16 bytes, or whose span or parent ID is not 8 bytes
   */
  public static List<Span> decodeProto3(byte[] body) {
    Proto3IdLengths.check(body);
    return toModel(SpanBytesDecoder.PROTO3.decodeList(body));
  }

  static List<Span> toModel(List<zipkin2.Span> zipkinSpans) {
    Map<String, Resource> resources = new HashMap<>();
    List<Span> spans = new ArrayList<>(zipkinSpans.size());
    for (int i = 0; i < zipkinSpans.size(); i++) {
      spans.add(toModel(zipkinSpans.get(i), i, resources));
    }
    return spans;
  }

  private static Span toModel(zipkin2.Span span, int index, Map<String, Resource> resources) {
    TraceId traceId = TraceId.fromHex(span.traceId());
    SpanId spanId = SpanId.fromHex(span.id());
    if (!traceId.isValid() || !spanId.isValid()) {
      throw new IllegalArgumentException(
          "span " + index + " has an all-zero " + (traceId.isValid() ? "id" : "traceId"));
    }
    List<SpanEvent> events = events(span.annotations());
    long start = startNanos(span, events);
    long end =
        span.timestampAsLong() != 0
            ? UnixNanos.addSaturated(start, UnixNanos.fromMicros(span.durationAsLong()))
            : start;
    String error = span.tags().get("error");
    return Span.builder()
        .traceId(traceId)
        .spanId(spanId)
        .parentSpanId(span.parentId() == null ? SpanId.NONE : SpanId.fromHex(span.parentId()))
        .name(span.name())
        .kind(kind(span.kind()))
        .startEpochNanos(start)
        .endEpochNanos(end)
        .attributes(attributes(span))
        .events(events)
        .status(error == null ? Status.UNSET : new Status(StatusCode.ERROR, error))
        .resource(resource(span.localServiceName(), resources))
        .scope(InstrumentationScope.EMPTY)
        .build();
  }

  private static long startNanos(zipkin2.Span span, List<SpanEvent> events) {
    if (span.timestampAsLong() != 0) {
      return UnixNanos.fromMicros(span.timestampAsLong());
    }
    long earliest = 0;
    for (SpanEvent event : events) {
      if (earliest == 0 || Long.compareUnsigned(event.epochNanos(), earliest) < 0) {
        earliest = event.epochNanos();
      }
    }
    return earliest;
  }

  private static SpanKind kind(zipkin2.Span.Kind kind) {
    if (kind == null) {
      return SpanKind.INTERNAL;
    }
    return switch (kind) {
      case CLIENT -> SpanKind.CLIENT;
      case SERVER -> SpanKind.SERVER;
      case PRODUCER -> SpanKind.PRODUCER;
      case CONSUMER -> SpanKind.CONSUMER;
    };
  }

  private static Resource resource(String serviceName, Map<String, Resource> resources) {
    if (serviceName == null) {
      return Resource.EMPTY;
    }
    return resources.computeIfAbsent(
        serviceName, name -> new Resource(List.of(Attribute.of("service.name", name)), 0));
  }

  private static List<SpanEvent> events(List<Annotation> annotations) {
    if (annotations.isEmpty()) {
      return List.of();
    }
    SpanEvent[] events = new SpanEvent[annotations.size()];
    for (int i = 0; i < events.length; i++) {
      Annotation annotation = annotations.get(i);
      events[i] =
          new SpanEvent(
              UnixNanos.fromMicros(annotation.timestamp()), annotation.value(), List.of(), 0);
    }
    return List.of(events);
  }

  private static List<Attribute> attributes(zipkin2.Span span) {
    List<Attribute> attributes = new ArrayList<>(span.tags().size() + 8);
    for (Map.Entry<String, String> tag : span.tags().entrySet()) {
      // The error tag becomes the span's status (code and message); keeping it too would give
      // Jaeger readers two "error" tags of different types.
      if (!tag.getKey().equals("error")) {
        attributes.add(Attribute.of(tag.getKey(), tag.getValue()));
      }
    }
    endpoint(span.localEndpoint(), "network.local.", "zipkin.local_endpoint.ipv6", attributes);
    Endpoint remote = span.remoteEndpoint();
    if (remote != null && remote.serviceName() != null) {
      attributes.add(Attribute.of("peer.service", remote.serviceName()));
    }
    endpoint(remote, "network.peer.", "zipkin.remote_endpoint.ipv6", attributes);
    if (Boolean.TRUE.equals(span.shared())) {
      attributes.add(Attribute.of("zipkin.shared", true));
    }
    if (Boolean.TRUE.equals(span.debug())) {
      attributes.add(Attribute.of("zipkin.debug", true));
    }
    return attributes;
  }

  private static void endpoint(
      Endpoint endpoint, String prefix, String secondIpv6Key, List<Attribute> attributes) {
    if (endpoint == null) {
      return;
    }
    String ipv4 = endpoint.ipv4();
    String ipv6 = endpoint.ipv6();
    if (ipv4 != null) {
      attributes.add(Attribute.of(prefix + "address", ipv4));
      if (ipv6 != null) {
        attributes.add(Attribute.of(secondIpv6Key, ipv6));
      }
    } else if (ipv6 != null) {
      attributes.add(Attribute.of(prefix + "address", ipv6));
    }
    if (endpoint.portAsInt() != 0) {
      attributes.add(Attribute.of(prefix + "port", (long) endpoint.portAsInt()));
    }
  }
}
