package io.tracemate.storage.lucene;

import static io.tracemate.testing.TestSpans.span;
import static io.tracemate.testing.TestSpans.spanId;
import static io.tracemate.testing.TestSpans.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.common.tenant.RetentionPolicy;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.TraceId;
import io.tracemate.storage.TenantTrace;
import io.tracemate.storage.TraceQuery;
import io.tracemate.testing.TestSpans;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention of one tenant inside a partition other tenants keep: its spans are deleted by query, the segments that
 * held them are rewritten (the space comes back at once), and what the tenants share (the origin dictionary) stays.
 */
class TenantRetentionTest {
  private static final long DAY_NANOS = Duration.ofDays(1).toNanos();
  private static final long THREE_DAYS_AGO =
      Math.floorDiv(System.currentTimeMillis() * 1_000_000L, DAY_NANOS) * DAY_NANOS - 3 * DAY_NANOS;
  private static final TenantId KEPT = TenantId.parse("kept");

  @TempDir Path dataDir;
  private final Random random = new Random(7);
  private LuceneStorage storage;

  @AfterEach
  void close() {
    if (storage != null) {
      storage.close();
    }
  }

  private LuceneStorage open() {
    storage = LuceneStorage.open(LuceneStorageConfig.of(dataDir));
    return storage;
  }

  /** Traces of one service (so both tenants share its origin), each span with an attribute of random text. */
  private List<List<Span>> traces(int count, long startNanos) {
    List<List<Span>> traces = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      TraceId traceId = traceId(random);
      Span root =
          span(traceId, spanId(random), SpanId.NONE, "shared", "GET /", startNanos + i, 2_000)
              .attributes(
                  List.of(
                      new Attribute(
                          "order.id",
                          new AttributeValue.StringValue(Long.toHexString(random.nextLong())))))
              .build();
      Span child =
          span(
                  traceId,
                  spanId(random),
                  root.spanId(),
                  "shared",
                  "SELECT",
                  startNanos + i + 10,
                  1_000)
              .build();
      traces.add(List.of(root, child));
    }
    return traces;
  }

  private void write(TenantId tenant, List<List<Span>> traces) {
    for (List<Span> trace : traces) {
      storage.spanWriter().write(tenant, trace);
    }
  }

  @Test
  void aTenantsSpansGoFromASharedPartitionAndTheirSpaceWithThem() {
    open();
    long start = THREE_DAYS_AGO + Duration.ofHours(1).toNanos();
    List<List<Span>> kept = traces(2_000, start);
    List<List<Span>> expired = traces(2_000, start + 5_000);
    write(KEPT, kept);
    write(TenantId.DEFAULT, expired);
    storage.spanWriter().flush();
    long bytesBefore = storage.stats().bytesOnDisk();

    int affected =
        storage.enforceRetention(
            new RetentionPolicy(
                Instant.now(), Map.of(KEPT, Instant.now().minus(Duration.ofDays(30)))));

    long bytesAfter = storage.stats().bytesOnDisk();
    System.out.printf(
        "partition of two equal tenants: %d bytes, %d bytes after deleting one (%.0f %%)%n",
        bytesBefore, bytesAfter, 100.0 * bytesAfter / bytesBefore);
    assertThat(affected).isEqualTo(1);
    assertThat(bytesAfter).isLessThan(bytesBefore * 7 / 10);
    assertThat(storage.stats().spanCount()).isEqualTo(2L * kept.size());
    assertTenantsAfterRetention(kept, expired);

    storage.close();
    open();

    assertTenantsAfterRetention(kept, expired);
    assertThat(
            storage.enforceRetention(
                new RetentionPolicy(
                    Instant.now(), Map.of(KEPT, Instant.now().minus(Duration.ofDays(30))))))
        .isZero();
  }

  private void assertTenantsAfterRetention(List<List<Span>> kept, List<List<Span>> expired) {
    var reader = storage.traceReader();
    TenantScope ofKept = TenantScope.of(KEPT);
    for (List<Span> trace : List.of(kept.get(0), kept.get(kept.size() - 1))) {
      TraceId traceId = trace.get(0).traceId();
      // Whole, resource included: the origin dictionary both tenants used is still there.
      assertThat(reader.trace(ofKept, traceId))
          .containsExactly(new TenantTrace(KEPT, TestSpans.expectedTrace(traceId, trace)));
    }
    assertThat(reader.trace(TenantScope.DEFAULT, expired.get(0).get(0).traceId())).isEmpty();
    assertThat(reader.serviceNames(TenantScope.DEFAULT)).isEmpty();
    assertThat(reader.operations(TenantScope.DEFAULT, "shared", null)).isEmpty();
    assertThat(reader.serviceNames(ofKept)).containsExactly("shared");
    assertThat(
            reader.findTraces(
                ofKept, TraceQuery.builder().serviceName("shared").limit(5_000).build()))
        .hasSize(kept.size());
    assertThat(reader.findTraces(TenantScope.DEFAULT, TraceQuery.builder().limit(10).build()))
        .isEmpty();
  }
}
