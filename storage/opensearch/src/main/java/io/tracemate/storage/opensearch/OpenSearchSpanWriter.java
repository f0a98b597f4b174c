package io.tracemate.storage.opensearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracemate.common.tenant.RetentionPolicy;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.Span;
import io.tracemate.storage.SpanWriter;
import io.tracemate.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns spans into bulk index operations: each span to the daily span index of its trace ({@link TraceRouter}),
 * and, once per (tenant, service, operation, kind) and day, a document in that day's service index, which the
 * service and operation lists read. Spans whose index retention has dropped, or whose tenant's cutoff has passed
 * their day, are discarded (so a late span never brings back part of a deleted trace).
 *
 * <p>Thread-safe.
 */
final class OpenSearchSpanWriter implements SpanWriter {
  private static final int SERVICE_CACHE_LIMIT = 100_000;

  private final IndexLayout layout;
  private final BulkIndexer indexer;
  private final TraceRouter router = new TraceRouter(1 << 20);
  private final Set<String> servicesWritten = ConcurrentHashMap.newKeySet();
  private final AtomicLong discarded = new AtomicLong();
  private final Duration flushTimeout;
  private final Runnable beforeWrite;
  private volatile RetentionPolicy retention = RetentionPolicy.uniform(Instant.MIN);

  OpenSearchSpanWriter(
      IndexLayout layout, BulkIndexer indexer, Duration flushTimeout, Runnable beforeWrite) {
    this.layout = layout;
    this.indexer = indexer;
    this.flushTimeout = flushTimeout;
    this.beforeWrite = beforeWrite;
  }

  @Override
  public void write(TenantId tenant, List<Span> spans) {
    beforeWrite.run();
    RetentionPolicy policy = retention;
    Instant cutoff = policy.cutoffFor(tenant);
    List<BulkIndexer.Item> items = new ArrayList<>(spans.size() + 1);
    for (Span span : spans) {
      LocalDate day =
          router.route(
              tenant,
              span.traceId(),
              span.startEpochNanos(),
              candidate -> IndexLayout.endOf(candidate).isAfter(cutoff));
      if (day == null) {
        discarded.incrementAndGet();
        continue;
      }
      SpanDocuments.Doc doc = SpanDocuments.of(tenant, span);
      items.add(BulkIndexer.Item.index(layout.spanIndex(day), doc.id(), bytes(doc.source())));
      String serviceKey =
          String.join("\0", tenant.value(), span.serviceName(), span.name(), span.kind().name());
      if (servicesWritten.size() > SERVICE_CACHE_LIMIT) {
        servicesWritten.clear();
      }
      if (servicesWritten.add(day + "\0" + serviceKey)) {
        ObjectNode service =
            OpenSearchHttp.JSON
                .createObjectNode()
                .put("tenant", tenant.value())
                .put("serviceName", span.serviceName())
                .put("operationName", span.name())
                .put("spanKind", span.kind().name());
        items.add(
            BulkIndexer.Item.index(layout.serviceIndex(day), digest(serviceKey), bytes(service)));
      }
    }
    if (!items.isEmpty()) {
      indexer.add(items);
    }
  }

  @Override
  public void flush() {
    indexer.flush(flushTimeout);
  }

  /** From now on, spans of a day that ends at or before its tenant's cutoff are discarded. */
  void retentionApplied(RetentionPolicy policy) {
    retention = policy;
    servicesWritten.clear();
  }

  /** Spans discarded because retention had already passed their day. */
  long discardedSpans() {
    return discarded.get();
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return OpenSearchHttp.JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new StorageException("cannot encode a document: " + e.getMessage(), false, e);
    }
  }

  private static String digest(String key) {
    try {
      byte[] full =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(java.util.Arrays.copyOf(full, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
