package io.tracemate.storage;

import java.util.Map;
import java.util.TreeMap;

/**
 * A trace search: a span matches when every given criterion holds on that one span (Jaeger's semantics).
 *
 * <ul>
 *   <li>{@code serviceName}, {@code operationName}: exact; null means any. An operation needs a service.</li>
 *   <li>{@code tags}: each key must have exactly this value (compared as text) among the span's attributes,
 *       its resource's attributes, its events' attributes, or the tags Jaeger derives: {@code error=true}
 *       for ERROR status, {@code span.kind}, {@code otel.status_code}, {@code otel.status_description},
 *       {@code otel.scope.name}, {@code otel.scope.version}.</li>
 *   <li>the span started in {@code [startTimeMinNanos, startTimeMaxNanos]} (Unix epoch ns, inclusive);</li>
 *   <li>its duration lies in {@code [durationMinNanos, durationMaxNanos]} (inclusive).</li>
 * </ul>
 *
 * @param limit most traces to return, at least 1
 */
public record TraceQuery(
    String serviceName,
    String operationName,
    Map<String, String> tags,
    long startTimeMinNanos,
    long startTimeMaxNanos,
    long durationMinNanos,
    long durationMaxNanos,
    int limit) {

  public static final long NO_MAX = Long.MAX_VALUE;

  public TraceQuery {
    if (serviceName != null && serviceName.isEmpty()) {
      serviceName = null;
    }
    if (operationName != null && operationName.isEmpty()) {
      operationName = null;
    }
    if (operationName != null && serviceName == null) {
      throw new IllegalArgumentException("an operation can only be searched within a service");
    }
    tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
    if (startTimeMaxNanos < startTimeMinNanos) {
      throw new IllegalArgumentException("start time max must not be before start time min");
    }
    if (durationMinNanos < 0) {
      throw new IllegalArgumentException("minimum duration must not be negative");
    }
    if (durationMaxNanos < durationMinNanos) {
      throw new IllegalArgumentException("maximum duration must not be less than minimum duration");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
  }

  public boolean hasDurationFilter() {
    return durationMinNanos > 0 || durationMaxNanos != NO_MAX;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Defaults: any service, no tags, all time, any duration, 20 traces. */
  public static final class Builder {
    private String serviceName;
    private String operationName;
    private final Map<String, String> tags = new TreeMap<>();
    private long startTimeMinNanos = 0;
    private long startTimeMaxNanos = NO_MAX;
    private long durationMinNanos = 0;
    private long durationMaxNanos = NO_MAX;
    private int limit = 20;

    private Builder() {}

    public Builder serviceName(String v) { serviceName = v; return this; }
    public Builder operationName(String v) { operationName = v; return this; }
    public Builder tag(String key, String value) { tags.put(key, value); return this; }
    public Builder tags(Map<String, String> v) { tags.putAll(v); return this; }
    public Builder startTimeMinNanos(long v) { startTimeMinNanos = v; return this; }
    public Builder startTimeMaxNanos(long v) { startTimeMaxNanos = v; return this; }
    public Builder durationMinNanos(long v) { durationMinNanos = v; return this; }
    public Builder durationMaxNanos(long v) { durationMaxNanos = v; return this; }
    public Builder limit(int v) { limit = v; return this; }

    public TraceQuery build() {
      return new TraceQuery(serviceName, operationName, tags, startTimeMinNanos, startTimeMaxNanos,
          durationMinNanos, durationMaxNanos, limit);
    }
  }
}
