package io.tracemate.model;

import java.util.List;

/**
 * One operation of a trace, with everything OTLP can carry. Times are Unix epoch nanoseconds.
 *
 * <p>{@code parentSpanId} is {@link SpanId#NONE} for a root span; {@code traceState} is "" when absent.
 * {@code flags} is OTLP's SpanFlags field (W3C trace flags in the low byte).
 */
public record Span(
    TraceId traceId,
    SpanId spanId,
    SpanId parentSpanId,
    String traceState,
    String name,
    SpanKind kind,
    long startEpochNanos,
    long endEpochNanos,
    List<Attribute> attributes,
    int droppedAttributesCount,
    List<SpanEvent> events,
    int droppedEventsCount,
    List<SpanLink> links,
    int droppedLinksCount,
    Status status,
    int flags,
    Resource resource,
    InstrumentationScope scope) {

  public Span {
    if (traceId == null || spanId == null) {
      throw new IllegalArgumentException("span needs a trace ID and a span ID");
    }
    parentSpanId = parentSpanId == null ? SpanId.NONE : parentSpanId;
    traceState = traceState == null ? "" : traceState;
    name = name == null ? "" : name;
    kind = kind == null ? SpanKind.UNSPECIFIED : kind;
    attributes = List.copyOf(attributes);
    events = List.copyOf(events);
    links = List.copyOf(links);
    status = status == null ? Status.UNSET : status;
    resource = resource == null ? Resource.EMPTY : resource;
    scope = scope == null ? InstrumentationScope.EMPTY : scope;
  }

  public String serviceName() {
    return resource.serviceName();
  }

  public long durationNanos() {
    return Math.max(0, endEpochNanos - startEpochNanos);
  }

  public boolean isRoot() {
    return !parentSpanId.isValid();
  }

  /** A builder for tests, decoders and generators; records with 18 components are unreadable positionally. */
  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .traceId(traceId)
        .spanId(spanId)
        .parentSpanId(parentSpanId)
        .traceState(traceState)
        .name(name)
        .kind(kind)
        .startEpochNanos(startEpochNanos)
        .endEpochNanos(endEpochNanos)
        .attributes(attributes)
        .droppedAttributesCount(droppedAttributesCount)
        .events(events)
        .droppedEventsCount(droppedEventsCount)
        .links(links)
        .droppedLinksCount(droppedLinksCount)
        .status(status)
        .flags(flags)
        .resource(resource)
        .scope(scope);
  }

  /** Mutable, single-use builder; {@link #build()} validates through the record's constructor. */
  public static final class Builder {
    private TraceId traceId;
    private SpanId spanId;
    private SpanId parentSpanId = SpanId.NONE;
    private String traceState = "";
    private String name = "";
    private SpanKind kind = SpanKind.UNSPECIFIED;
    private long startEpochNanos;
    private long endEpochNanos;
    private List<Attribute> attributes = List.of();
    private int droppedAttributesCount;
    private List<SpanEvent> events = List.of();
    private int droppedEventsCount;
    private List<SpanLink> links = List.of();
    private int droppedLinksCount;
    private Status status = Status.UNSET;
    private int flags;
    private Resource resource = Resource.EMPTY;
    private InstrumentationScope scope = InstrumentationScope.EMPTY;

    private Builder() {}

    public Builder traceId(TraceId v) {
      traceId = v;
      return this;
    }

    public Builder spanId(SpanId v) {
      spanId = v;
      return this;
    }

    public Builder parentSpanId(SpanId v) {
      parentSpanId = v;
      return this;
    }

    public Builder traceState(String v) {
      traceState = v;
      return this;
    }

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Builder kind(SpanKind v) {
      kind = v;
      return this;
    }

    public Builder startEpochNanos(long v) {
      startEpochNanos = v;
      return this;
    }

    public Builder endEpochNanos(long v) {
      endEpochNanos = v;
      return this;
    }

    public Builder attributes(List<Attribute> v) {
      attributes = v;
      return this;
    }

    public Builder droppedAttributesCount(int v) {
      droppedAttributesCount = v;
      return this;
    }

    public Builder events(List<SpanEvent> v) {
      events = v;
      return this;
    }

    public Builder droppedEventsCount(int v) {
      droppedEventsCount = v;
      return this;
    }

    public Builder links(List<SpanLink> v) {
      links = v;
      return this;
    }

    public Builder droppedLinksCount(int v) {
      droppedLinksCount = v;
      return this;
    }

    public Builder status(Status v) {
      status = v;
      return this;
    }

    public Builder flags(int v) {
      flags = v;
      return this;
    }

    public Builder resource(Resource v) {
      resource = v;
      return this;
    }

    public Builder scope(InstrumentationScope v) {
      scope = v;
      return this;
    }

    public Span build() {
      return new Span(
          traceId,
          spanId,
          parentSpanId,
          traceState,
          name,
          kind,
          startEpochNanos,
          endEpochNanos,
          attributes,
          droppedAttributesCount,
          events,
          droppedEventsCount,
          links,
          droppedLinksCount,
          status,
          flags,
          resource,
          scope);
    }
  }
}
