package io.tracemate.storage;

import java.util.Locale;
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
 *   <li>its duration lies in {@code [durationMinNanos, durationMaxNanos]} (inclusive);</li>
 *   <li>{@code traceIdPrefix}: the trace ID, written as Jaeger writes it (16 lowercase hex digits when its high
 *       half is zero, else 32), starts with these hex digits; null means any. This is how a short ID a person
 *       copied from a list (Jaeger UI shows seven digits) finds its trace.</li>
 * </ul>
 *
 * @param limit most traces to return, at least 1
 * @param order which traces the limit keeps and in what order they come back
 */
public record TraceQuery(
    String serviceName,
    String operationName,
    Map<String, String> tags,
    long startTimeMinNanos,
    long startTimeMaxNanos,
    long durationMinNanos,
    long durationMaxNanos,
    int limit,
    String traceIdPrefix,
    Order order) {

  public static final long NO_MAX = Long.MAX_VALUE;

  /** The order of a search's traces, which also decides which ones the limit keeps. */
  public enum Order {
    /** By the start time of each trace's newest matching span, newest first (Jaeger's order). */
    NEWEST_FIRST,
    /**
     * By the duration of each trace's longest matching span, longest first: the slowest requests of a service
     * in the window, whenever they happened. Ties in any order.
     */
    LONGEST_FIRST
  }

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
    if (traceIdPrefix != null && traceIdPrefix.isEmpty()) {
      traceIdPrefix = null;
    }
    if (traceIdPrefix != null) {
      if (traceIdPrefix.length() > 32
          || !traceIdPrefix.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        throw new IllegalArgumentException(
            "trace ID prefix must be 1 to 32 hex digits, got '" + traceIdPrefix + "'");
      }
      traceIdPrefix = traceIdPrefix.toLowerCase(Locale.ROOT);
    }
    order = order == null ? Order.NEWEST_FIRST : order;
  }

  public boolean hasDurationFilter() {
    return durationMinNanos > 0 || durationMaxNanos != NO_MAX;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Defaults: any service, no tags, all time, any duration, any trace ID, 20 traces, newest first. */
  public static final class Builder {
    private String serviceName;
    private String operationName;
    private final Map<String, String> tags = new TreeMap<>();
    private long startTimeMinNanos = 0;
    private long startTimeMaxNanos = NO_MAX;
    private long durationMinNanos = 0;
    private long durationMaxNanos = NO_MAX;
    private int limit = 20;
    private String traceIdPrefix;
    private Order order = Order.NEWEST_FIRST;

    private Builder() {}

    public Builder serviceName(String v) {
      serviceName = v;
      return this;
    }

    public Builder operationName(String v) {
      operationName = v;
      return this;
    }

    public Builder tag(String key, String value) {
      tags.put(key, value);
      return this;
    }

    public Builder tags(Map<String, String> v) {
      tags.putAll(v);
      return this;
    }

    public Builder startTimeMinNanos(long v) {
      startTimeMinNanos = v;
      return this;
    }

    public Builder startTimeMaxNanos(long v) {
      startTimeMaxNanos = v;
      return this;
    }

    public Builder durationMinNanos(long v) {
      durationMinNanos = v;
      return this;
    }

    public Builder durationMaxNanos(long v) {
      durationMaxNanos = v;
      return this;
    }

    public Builder limit(int v) {
      limit = v;
      return this;
    }

    public Builder traceIdPrefix(String v) {
      traceIdPrefix = v;
      return this;
    }

    public Builder order(Order v) {
      order = v;
      return this;
    }

    public TraceQuery build() {
      return new TraceQuery(
          serviceName,
          operationName,
          tags,
          startTimeMinNanos,
          startTimeMaxNanos,
          durationMinNanos,
          durationMaxNanos,
          limit,
          traceIdPrefix,
          order);
    }
  }
}
