package io.tracemate.storage.opensearch;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.TraceId;
import java.time.LocalDate;
import java.util.function.Predicate;

/**
 * Remembers the day (index) each recently seen trace of a tenant went to, so that every span of a trace lands in the
 * index that saw it first, whatever its own start time, and retention drops traces whole (the embedded store routes
 * the same way, see its {@code TraceRouter}).
 *
 * <p>A fixed-size direct-mapped table: a new trace overwrites whatever trace shared its slot, memory stays bounded
 * (about 40 bytes a slot), and an evicted trace is routed by its span's start time again. With several writers
 * (ingesters) each has its own table; Kafka keys records by tenant and trace ID, so one ingester sees every span of
 * a trace. Thread-safe (striped locks keep a slot's fields consistent).
 */
final class TraceRouter {
  private static final int STRIPES = 64;

  private final TenantId[] tenants;
  private final long[] highs;
  private final long[] lows;
  private final long[] days;
  private final Object[] locks = new Object[STRIPES];
  private final int mask;

  TraceRouter(int capacity) {
    int size = Integer.highestOneBit(Math.max(STRIPES, Math.min(capacity, 1 << 26)) - 1) << 1;
    tenants = new TenantId[size];
    highs = new long[size];
    lows = new long[size];
    days = new long[size];
    mask = size - 1;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /**
   * The day of the span's trace: the remembered one while {@code live} accepts it, else the day of the span's start,
   * which is then remembered. Atomic per trace, so writers racing with spans of a new trace agree.
   *
   * @return the day, or null when even the span's own day is not live (the span is to be discarded)
   */
  LocalDate route(
      TenantId tenant, TraceId traceId, long spanStartNanos, Predicate<LocalDate> live) {
    int slot = slot(tenant, traceId);
    synchronized (locks[slot & (STRIPES - 1)]) {
      if (tenant.equals(tenants[slot])
          && highs[slot] == traceId.high()
          && lows[slot] == traceId.low()) {
        LocalDate known = LocalDate.ofEpochDay(days[slot]);
        // a trace whose index retention dropped: its late spans go too, never half a trace back
        return live.test(known) ? known : null;
      }
      LocalDate day = IndexLayout.dayOfNanos(spanStartNanos);
      if (!live.test(day)) {
        return null;
      }
      tenants[slot] = tenant;
      highs[slot] = traceId.high();
      lows[slot] = traceId.low();
      days[slot] = day.toEpochDay();
      return day;
    }
  }

  private int slot(TenantId tenant, TraceId traceId) {
    long hash = traceId.high() * 0x9E3779B97F4A7C15L ^ traceId.low() ^ tenant.hashCode();
    hash ^= hash >>> 29;
    hash *= 0xBF58476D1CE4E5B9L;
    hash ^= hash >>> 32;
    return (int) hash & mask;
  }
}
