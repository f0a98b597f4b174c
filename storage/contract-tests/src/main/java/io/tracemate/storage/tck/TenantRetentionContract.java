package io.tracemate.storage.tck;

import static io.tracemate.testing.TestSpans.span;
import static io.tracemate.testing.TestSpans.spanId;
import static io.tracemate.testing.TestSpans.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.common.tenant.RetentionPolicy;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.TraceId;
import io.tracemate.storage.TenantTrace;
import io.tracemate.storage.TraceQuery;
import io.tracemate.storage.TraceReader;
import io.tracemate.testing.TestSpans;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retention per tenant: each tenant keeps what its own cutoff keeps (an override shorter or longer than the
 * default, the default for everyone else, {@code fake}'s spans written as single-tenant data included), whole
 * traces at a time, and nothing of another tenant is touched.
 */
public interface TenantRetentionContract extends StorageFixture {
  TenantId SHORT = TenantId.parse("short-lived");
  TenantId LONG = TenantId.parse("long-lived");
  TenantId THIRD = TenantId.parse("third");

  /** Ages, in retention units, of the traces every tenant writes. */
  List<Integer> AGES = List.of(10, 5, 0);

  private static Instant instantOf(long epochNanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
  }

  private static long nanosOf(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  /** One two-span trace of {@code tenant}, {@code age} units old, its services named after both. */
  private List<Span> traceOf(TenantId tenant, int age, long startNanos) {
    TraceId traceId = traceId(random());
    String service = tenant.value() + "-" + age;
    Span root =
        span(traceId, spanId(random()), SpanId.NONE, service, "GET /", startNanos, 2_000)
            .kind(SpanKind.SERVER)
            .build();
    Span child =
        span(traceId, spanId(random()), root.spanId(), service, "SELECT", startNanos + 10, 1_000)
            .kind(SpanKind.CLIENT)
            .build();
    return List.of(root, child);
  }

  @Test
  default void eachTenantKeepsWhatItsOwnCutoffKeeps() {
    Duration unit = retentionGranularity();
    long now = nanosOf(Instant.now());
    Map<TenantId, Map<Integer, List<Span>>> written = new LinkedHashMap<>();
    for (TenantId tenant : List.of(SHORT, LONG, THIRD, TenantId.DEFAULT)) {
      Map<Integer, List<Span>> byAge = new LinkedHashMap<>();
      for (int age : AGES) {
        long start = age == 0 ? now - 1_000_000_000L : now - age * unit.toNanos();
        List<Span> trace = traceOf(tenant, age, start);
        if (tenant.equals(TenantId.DEFAULT)) {
          writeAt(trace, instantOf(start)); // single-tenant data, as written before tenants existed
        } else {
          write(tenant, trace);
        }
        byAge.put(age, trace);
      }
      written.put(tenant, byAge);
    }
    flush();
    RetentionPolicy policy =
        new RetentionPolicy(
            instantOf(now - 3 * unit.toNanos()),
            Map.of(
                SHORT, instantOf(now - 7 * unit.toNanos()),
                LONG, instantOf(now - 30 * unit.toNanos())));

    int affected = backend().enforceRetention(policy);

    assertThat(affected).isPositive();
    Map<TenantId, List<Integer>> kept =
        Map.of(
            SHORT,
            List.of(5, 0),
            LONG,
            List.of(10, 5, 0),
            THIRD,
            List.of(0),
            TenantId.DEFAULT,
            List.of(0));
    assertKept(written, kept);

    // A late span of a tenant's expired trace does not bring part of it back.
    Span late = written.get(SHORT).get(10).get(0).toBuilder().name("late").build();
    write(SHORT, List.of(late));
    flush();
    assertThat(backend().traceReader().trace(TenantScope.of(SHORT), late.traceId())).isEmpty();

    reopenIfPersistent();

    assertKept(written, kept);
    assertThat(backend().enforceRetention(policy)).isZero();
  }

  @Test
  default void aLongerRetentionForOneTenantKeepsWhatTheDefaultDrops() {
    Duration unit = retentionGranularity();
    long old = nanosOf(Instant.now()) - 10 * unit.toNanos();
    List<Span> keptTrace = traceOf(LONG, 10, old);
    List<Span> droppedTrace = traceOf(THIRD, 10, old + 1_000);
    write(LONG, keptTrace);
    write(THIRD, droppedTrace);
    flush();

    backend()
        .enforceRetention(
            new RetentionPolicy(
                instantOf(old + 5 * unit.toNanos()),
                Map.of(LONG, instantOf(old - 5 * unit.toNanos()))));

    TraceReader reader = backend().traceReader();
    TraceId kept = keptTrace.get(0).traceId();
    assertThat(reader.trace(TenantScope.of(LONG), kept))
        .containsExactly(new TenantTrace(LONG, TestSpans.expectedTrace(kept, keptTrace)));
    assertThat(reader.trace(TenantScope.of(THIRD), droppedTrace.get(0).traceId())).isEmpty();
    assertThat(reader.serviceNames(TenantScope.of(THIRD))).isEmpty();
  }

  private void assertKept(
      Map<TenantId, Map<Integer, List<Span>>> written, Map<TenantId, List<Integer>> kept) {
    TraceReader reader = backend().traceReader();
    for (Map.Entry<TenantId, Map<Integer, List<Span>>> ofTenant : written.entrySet()) {
      TenantId tenant = ofTenant.getKey();
      TenantScope scope = TenantScope.of(tenant);
      List<TraceId> expected = new ArrayList<>();
      List<String> services = new ArrayList<>();
      for (Map.Entry<Integer, List<Span>> byAge : ofTenant.getValue().entrySet()) {
        TraceId traceId = byAge.getValue().get(0).traceId();
        if (kept.get(tenant).contains(byAge.getKey())) {
          expected.add(traceId);
          services.add(byAge.getValue().get(0).serviceName());
          assertThat(reader.trace(scope, traceId))
              .as("%s's trace %s units old", tenant, byAge.getKey())
              .containsExactly(
                  new TenantTrace(tenant, TestSpans.expectedTrace(traceId, byAge.getValue())));
        } else {
          assertThat(reader.trace(scope, traceId))
              .as("%s's trace %s units old", tenant, byAge.getKey())
              .isEmpty();
        }
      }
      assertThat(reader.findTraces(scope, TraceQuery.builder().limit(100).build()))
          .as("traces of %s", tenant)
          .extracting(TenantTrace::traceId)
          .containsExactlyInAnyOrderElementsOf(expected);
      assertThat(reader.serviceNames(scope))
          .as("services of %s", tenant)
          .containsExactlyInAnyOrderElementsOf(services);
    }
  }
}
