package io.tracemate.http.jaeger;

import io.tracemate.http.support.Parameters;
import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.Span;
import io.tracemate.model.SpanEvent;
import io.tracemate.model.SpanKind;
import io.tracemate.model.StatusCode;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import io.tracemate.storage.DependencyLink;
import io.tracemate.storage.DependencyReader;
import io.tracemate.storage.Operation;
import io.tracemate.storage.StorageException;
import io.tracemate.storage.TraceQuery;
import io.tracemate.storage.TraceReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * A small, honest implementation of the read SPI over spans held in memory, with the semantics of the
 * storage-api javadoc (a span must match every criterion itself, whole traces returned, newest first).
 * It also records the last query it was asked, so tests can check how HTTP parameters were translated.
 */
final class InMemoryTraceStore implements TraceReader, DependencyReader {
  private final List<Span> spans = new CopyOnWriteArrayList<>();
  private final AtomicReference<StorageException> failure = new AtomicReference<>();
  final AtomicReference<TraceQuery> lastQuery = new AtomicReference<>();
  final AtomicReference<Instant[]> lastDependencyWindow = new AtomicReference<>();

  void add(List<Span> more) {
    spans.addAll(more);
  }

  void clear() {
    spans.clear();
    failure.set(null);
    lastQuery.set(null);
    lastDependencyWindow.set(null);
  }

  /** Every later call throws this until {@link #clear()}. */
  void failWith(StorageException e) {
    failure.set(e);
  }

  private void maybeFail() {
    StorageException e = failure.get();
    if (e != null) {
      throw e;
    }
  }

  @Override
  public Optional<Trace> trace(TraceId traceId) {
    maybeFail();
    List<Span> found = spans.stream().filter(s -> s.traceId().equals(traceId))
        .sorted(Comparator.comparingLong(Span::startEpochNanos)).toList();
    return found.isEmpty() ? Optional.empty() : Optional.of(new Trace(traceId, found));
  }

  @Override
  public List<Trace> findTraces(TraceQuery query) {
    maybeFail();
    lastQuery.set(query);
    boolean longest = query.order() == TraceQuery.Order.LONGEST_FIRST;
    Map<TraceId, Long> newestMatch = new HashMap<>();
    for (Span span : spans) {
      if (matches(span, query)) {
        newestMatch.merge(span.traceId(), longest ? span.durationNanos() : span.startEpochNanos(), Math::max);
      }
    }
    return newestMatch.entrySet().stream()
        .sorted(Map.Entry.<TraceId, Long>comparingByValue().reversed())
        .limit(query.limit())
        .map(e -> trace(e.getKey()).orElseThrow())
        .toList();
  }

  private static boolean matches(Span span, TraceQuery query) {
    if (query.serviceName() != null && !query.serviceName().equals(span.serviceName())) {
      return false;
    }
    if (query.operationName() != null && !query.operationName().equals(span.name())) {
      return false;
    }
    if (query.traceIdPrefix() != null && !span.traceId().toJaegerHex().startsWith(query.traceIdPrefix())) {
      return false;
    }
    if (span.startEpochNanos() < query.startTimeMinNanos() || span.startEpochNanos() > query.startTimeMaxNanos()) {
      return false;
    }
    if (span.durationNanos() < query.durationMinNanos() || span.durationNanos() > query.durationMaxNanos()) {
      return false;
    }
    for (Map.Entry<String, String> tag : query.tags().entrySet()) {
      if (!hasTag(span, tag.getKey(), tag.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasTag(Span span, String key, String value) {
    if (textEquals(Attribute.find(span.attributes(), key), value)
        || textEquals(Attribute.find(span.resource().attributes(), key), value)) {
      return true;
    }
    for (SpanEvent event : span.events()) {
      if (textEquals(Attribute.find(event.attributes(), key), value)) {
        return true;
      }
    }
    String derived = switch (key) {
      case "error" -> span.status().code() == StatusCode.ERROR ? "true" : null;
      case "span.kind" -> span.kind() == SpanKind.UNSPECIFIED ? null : span.kind().jaegerName();
      case "otel.status_code" -> span.status().code() == StatusCode.UNSET ? null : span.status().code().name();
      case "otel.status_description" -> span.status().message().isEmpty() ? null : span.status().message();
      case "otel.scope.name" -> span.scope().name().isEmpty() ? null : span.scope().name();
      case "otel.scope.version" -> span.scope().version().isEmpty() ? null : span.scope().version();
      default -> null;
    };
    return value.equals(derived);
  }

  private static boolean textEquals(AttributeValue attribute, String value) {
    return attribute != null && attribute.asText().equals(value);
  }

  @Override
  public List<String> serviceNames() {
    maybeFail();
    return List.copyOf(spans.stream().map(Span::serviceName).collect(Collectors.toCollection(TreeSet::new)));
  }

  @Override
  public List<Operation> operations(String serviceName, SpanKind spanKind) {
    maybeFail();
    return spans.stream()
        .filter(s -> s.serviceName().equals(serviceName))
        .filter(s -> spanKind == null || s.kind() == spanKind)
        .map(s -> new Operation(s.name(), s.kind()))
        .distinct()
        .sorted(Comparator.comparing(Operation::name).thenComparing(Operation::spanKind))
        .toList();
  }

  @Override
  public List<DependencyLink> dependencies(Instant start, Instant end) {
    maybeFail();
    lastDependencyWindow.set(new Instant[] {start, end});
    long from = Parameters.epochNanos(start);
    long to = Parameters.epochNanos(end);
    Map<List<Object>, Span> byId = new LinkedHashMap<>();
    for (Span span : spans) {
      byId.put(List.of(span.traceId(), span.spanId()), span);
    }
    Map<List<String>, long[]> counts = new TreeMap<>(
        Comparator.<List<String>, String>comparing(k -> k.get(0)).thenComparing(k -> k.get(1)));
    for (Span child : spans) {
      if (child.startEpochNanos() < from || child.startEpochNanos() >= to || child.isRoot()) {
        continue;
      }
      Span parent = byId.get(List.of(child.traceId(), child.parentSpanId()));
      if (parent == null || Objects.equals(parent.serviceName(), child.serviceName())) {
        continue;
      }
      long[] c = counts.computeIfAbsent(List.of(parent.serviceName(), child.serviceName()), k -> new long[2]);
      c[0]++;
      if (child.status().isError()) {
        c[1]++;
      }
    }
    List<DependencyLink> links = new ArrayList<>();
    counts.forEach((k, c) -> links.add(new DependencyLink(k.get(0), k.get(1), c[0], c[1])));
    return links;
  }
}
