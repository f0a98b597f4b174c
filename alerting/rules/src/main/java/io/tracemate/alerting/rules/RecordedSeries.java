package io.tracemate.alerting.rules;

import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.promql.engine.Labels;
import io.tracemate.promql.engine.SampleSeries;
import io.tracemate.promql.engine.SelectRequest;
import io.tracemate.promql.engine.SeriesMatcher;
import io.tracemate.promql.engine.SeriesSource;
import io.tracemate.promql.engine.StaleMarker;
import io.tracemate.promql.engine.UnionSeriesSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * The series recording rules write, per tenant, kept in memory for a retention window and read back as a PromQL
 * {@link SeriesSource} by the rules after them and by the Prometheus query API (the server composes them with the
 * span metrics series). Bounded: at most {@code maxSeriesPerTenant} series per tenant (a rule that would add more
 * fails, as a rule over its {@code limit} does), samples older than the retention dropped as new ones arrive, and
 * series silent for longer than it forgotten by {@link #prune}. A series that a rule stops producing gets a
 * staleness marker, as Prometheus writes one. Not persisted: after a restart the rules record again from then on.
 *
 * <p>Thread-safe: rule evaluations append while queries select; each series is copied under its own lock and
 * handed to the sink after the lock is released.
 */
public final class RecordedSeries {
  private static final int CHECK_EVERY = 4096;

  private final Duration retention;
  private final int maxSeriesPerTenant;
  private final Map<TenantId, Map<Labels, Buffer>> tenants = new ConcurrentHashMap<>();

  /**
   * @param retention how long samples are kept (queries over longer ranges see the recent part)
   * @param maxSeriesPerTenant most series one tenant's rules may record
   */
  public RecordedSeries(Duration retention, int maxSeriesPerTenant) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, got " + retention);
    }
    if (maxSeriesPerTenant < 1) {
      throw new IllegalArgumentException(
          "maxSeriesPerTenant must be positive, got " + maxSeriesPerTenant);
    }
    this.retention = retention;
    this.maxSeriesPerTenant = maxSeriesPerTenant;
  }

  /** The tenant's recorded series. */
  public SeriesSource forTenant(TenantId tenant) {
    return (request, cancellation, sink) -> select(tenant, request, cancellation, sink);
  }

  /** The recorded series of every tenant of {@code scope}. */
  public SeriesSource forScope(TenantScope scope) {
    List<SeriesSource> sources = new ArrayList<>();
    for (TenantId tenant : scope.tenants()) {
      sources.add(forTenant(tenant));
    }
    return UnionSeriesSource.of(sources);
  }

  /** Whether the tenant may add {@code added} new series. */
  boolean hasRoomFor(TenantId tenant, int added) {
    Map<Labels, Buffer> series = tenants.get(tenant);
    return (series == null ? 0 : series.size()) + added <= maxSeriesPerTenant;
  }

  /** Whether the tenant holds {@code labels}. */
  boolean contains(TenantId tenant, Labels labels) {
    Map<Labels, Buffer> series = tenants.get(tenant);
    return series != null && series.containsKey(labels);
  }

  /**
   * Appends one sample; a sample not after the series' last one is ignored (the same evaluation time twice).
   *
   * @throws IllegalStateException when the series is new and the tenant holds the most series it may
   */
  void append(TenantId tenant, Labels labels, long timestampMillis, double value) {
    Map<Labels, Buffer> series =
        tenants.computeIfAbsent(tenant, t -> new ConcurrentSkipListMap<>());
    Buffer buffer = series.get(labels);
    if (buffer == null) {
      if (series.size() >= maxSeriesPerTenant) {
        throw new IllegalStateException(
            "tenant "
                + tenant
                + " already records "
                + maxSeriesPerTenant
                + " series (ruler.max_recorded_series_per_tenant)");
      }
      buffer = series.computeIfAbsent(labels, l -> new Buffer());
    }
    buffer.append(timestampMillis, value, timestampMillis - retention.toMillis());
  }

  /** Ends a series that a rule no longer produces. */
  void markStale(TenantId tenant, Labels labels, long timestampMillis) {
    Map<Labels, Buffer> series = tenants.get(tenant);
    Buffer buffer = series == null ? null : series.get(labels);
    if (buffer != null) {
      buffer.append(timestampMillis, StaleMarker.VALUE, timestampMillis - retention.toMillis());
    }
  }

  /** Forgets series whose last sample is older than the retention before {@code nowMillis}. */
  public void prune(long nowMillis) {
    long oldest = nowMillis - retention.toMillis();
    for (Map<Labels, Buffer> series : tenants.values()) {
      series.values().removeIf(buffer -> buffer.lastTimestamp() < oldest);
    }
  }

  /** Number of series the tenant records. */
  public int seriesCount(TenantId tenant) {
    Map<Labels, Buffer> series = tenants.get(tenant);
    return series == null ? 0 : series.size();
  }

  private void select(
      TenantId tenant,
      SelectRequest request,
      Cancellation cancellation,
      Consumer<SampleSeries> sink) {
    Map<Labels, Buffer> series = tenants.get(tenant);
    if (series == null) {
      return;
    }
    SeriesMatcher matcher = SeriesMatcher.of(request.matchers());
    String name = matcher.metricName();
    long visited = 0;
    for (Map.Entry<Labels, Buffer> entry : series.entrySet()) {
      if (++visited % CHECK_EVERY == 0) {
        cancellation.check();
      }
      Labels labels = entry.getKey();
      if (name != null && !name.equals(labels.get("__name__")) || !matcher.matches(labels)) {
        continue;
      }
      cancellation.check();
      SampleSeries samples =
          entry.getValue().copy(labels, request.minTimeMillis(), request.maxTimeMillis());
      if (samples.size() > 0) {
        sink.accept(samples);
      }
    }
  }

  /** One series' samples in time order; old ones dropped in bulk as new ones arrive. */
  private static final class Buffer {
    private long[] timestamps = new long[8];
    private double[] values = new double[8];
    private int start;
    private int end;

    synchronized void append(long t, double v, long dropBefore) {
      if (end > start && t <= timestamps[end - 1]) {
        return;
      }
      while (start < end && timestamps[start] < dropBefore) {
        start++;
      }
      if (end == timestamps.length) {
        int live = end - start;
        if (start > 0 && live < timestamps.length / 2) {
          System.arraycopy(timestamps, start, timestamps, 0, live);
          System.arraycopy(values, start, values, 0, live);
        } else {
          timestamps = Arrays.copyOfRange(timestamps, start, start + timestamps.length * 2);
          values = Arrays.copyOfRange(values, start, start + values.length * 2);
        }
        start = 0;
        end = live;
      }
      timestamps[end] = t;
      values[end] = v;
      end++;
    }

    synchronized long lastTimestamp() {
      return end > start ? timestamps[end - 1] : Long.MIN_VALUE;
    }

    synchronized SampleSeries copy(Labels labels, long mint, long maxt) {
      int from = lowerBound(mint);
      int to = maxt == Long.MAX_VALUE ? end : lowerBound(maxt + 1);
      return new SampleSeries(
          labels, Arrays.copyOfRange(timestamps, from, to), Arrays.copyOfRange(values, from, to));
    }

    private int lowerBound(long t) {
      int lo = start;
      int hi = end;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (timestamps[mid] < t) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }
}
