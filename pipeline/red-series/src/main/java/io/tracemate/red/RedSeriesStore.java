package io.tracemate.red;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * In-memory RED time series: per series, fixed-resolution recent slots (default 15 s for 1 h) and roll-up slots
 * (default 5 min for 24 h), each with calls, errors, duration sum and a latency histogram ({@link LatencyBuckets}).
 *
 * <p>Query windows: a slot counts in [start, end) when its start lies there; times from the roll-up boundary
 * (the start of the oldest 5 min slot that recent slots cover entirely) on are read from recent slots, earlier
 * ones from roll-up slots. Rates divide by the covered time: the window from the first included slot start to
 * the end of the last one, cut at the clock's now.
 *
 * <p>Memory is bounded: at most {@code maxSeries} series plus the overflow series ({@link SeriesKey#OVERFLOW}),
 * each with a fixed number of slots; series with no data within the retention are evicted (checked once per
 * resolution, by a recording thread).
 *
 * <p>Shared between processes ({@link #exporting}, {@link #exportDeltas}, {@link #applyDelta}): an ingester's
 * exporting store keeps no series, only what it observed since its last export, as slot deltas (calls, errors,
 * duration sum and histogram per series and slot); a querier's store adds every ingester's deltas into its series.
 * Slots merge by exact sums, so the querier's store holds what one store fed every span would hold, whatever the
 * order the deltas arrive in.
 *
 * <p>Thread-safe: {@link #record} from ingest threads, queries from HTTP threads; a lock per series.
 */
public final class RedSeriesStore {
  /** Time series longer than this are refused: ask for a larger step. */
  public static final int MAX_POINTS = 2_000;

  private final RedSeriesConfig config;
  private final Clock clock;
  private final ConcurrentHashMap<SeriesKey, Series> series = new ConcurrentHashMap<>();
  private final AtomicInteger admitted = new AtomicInteger();
  private final LongAdder overflowed = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final AtomicLong evicted = new AtomicLong();
  private final AtomicLong nextSweepMillis = new AtomicLong(Long.MIN_VALUE);
  private volatile int maxSeries; // the config's, until limitSeries; read only when a key is new

  /** Non-null for an exporting store, which keeps no series: observations wait here for the next export. */
  private final RedDeltas deltas;

  /**
   * The horizon of the latest recording millisecond: ingest records a few observations per span, dozens per
   * millisecond, and they share it instead of each making one. Racy on purpose (immutable, read and replaced whole).
   */
  private volatile Horizon recordingHorizon;

  public RedSeriesStore(RedSeriesConfig config, Clock clock) {
    this(config, clock, false);
  }

  private RedSeriesStore(RedSeriesConfig config, Clock clock, boolean exporting) {
    if (config == null || clock == null) {
      throw new IllegalArgumentException("RedSeriesStore needs a config and a clock");
    }
    this.config = config;
    this.clock = clock;
    this.maxSeries = config.maxSeries();
    this.recordingHorizon = Horizon.at(clock.millis(), config);
    this.deltas = exporting ? new RedDeltas(config) : null;
  }

  /**
   * A store that keeps no series and answers every query as empty: what it records waits, as slot deltas, until
   * {@link #exportDeltas} hands it on (to the stores that answer queries, in other processes). For an ingester whose
   * RED is read elsewhere; bounded as a store is (maxSeries keys between two exports, then the overflow series).
   */
  public static RedSeriesStore exporting(RedSeriesConfig config, Clock clock) {
    return new RedSeriesStore(config, clock, true);
  }

  /** Whether this store keeps no series and exports what it records ({@link #exporting}). */
  public boolean isExporting() {
    return deltas != null;
  }

  /**
   * Bounds the series from now on (a tenant's cap from the runtime overrides file): new keys are admitted while
   * fewer are held, the others go to {@link SeriesKey#OVERFLOW}. Series already held are kept when the bound is
   * lowered below their number; they leave as they expire.
   */
  public void limitSeries(int maxSeries) {
    if (maxSeries < 1) {
      throw new IllegalArgumentException("max_series must be at least 1, got " + maxSeries);
    }
    this.maxSeries = maxSeries;
  }

  /** The bound on series in force: the config's, or the last {@link #limitSeries}. */
  public int maxSeries() {
    return maxSeries;
  }

  public RedSeriesConfig config() {
    return config;
  }

  /**
   * One observation at {@code epochMillis} (the span's end or start time) with its duration and error flag.
   * Observations older than the retention or more than 2 minutes in the future are ignored (counted in
   * {@link #stats()}). When maxSeries is reached, new keys go to {@link SeriesKey#OVERFLOW}.
   */
  public void record(SeriesKey key, long epochMillis, long durationNanos, boolean error) {
    long now = clock.millis();
    Horizon horizon = recordingHorizon;
    if (horizon.nowMillis() != now) {
      horizon = Horizon.at(now, config);
      recordingHorizon = horizon;
    }
    if (!horizon.accepts(epochMillis)) {
      rejected.increment();
      return;
    }
    long duration = Math.max(0, durationNanos);
    if (deltas != null) {
      deltas.record(key, horizon, epochMillis, duration, error);
      return;
    }
    sweepIfDue(horizon);
    // A series evicted between lookup and record refuses the observation; a retry finds or makes a
    // live one.
    for (int attempt = 0; attempt < 8; attempt++) {
      if (seriesFor(key).record(horizon, epochMillis, duration, error)) {
        return;
      }
    }
    rejected.increment();
  }

  /**
   * What this exporting store recorded since the last export, which it forgets: call it when what was recorded is
   * to be published (an ingester: in the transaction that commits the offsets of the spans it came from).
   *
   * @throws IllegalStateException when this store is not {@linkplain #exporting exporting}
   */
  public List<SeriesDelta> exportDeltas() {
    requireExporting();
    return deltas.export();
  }

  /** Slots waiting for {@link #exportDeltas} over all series: an exporter exports early when they become many. */
  public int pendingDeltaSlots() {
    requireExporting();
    return deltas.pendingSlots();
  }

  private void requireExporting() {
    if (deltas == null) {
      throw new IllegalStateException("this RED store keeps its series; it exports no deltas");
    }
  }

  /**
   * Adds one slot delta of another store (one of {@link #exportDeltas}'s) to series {@code key}, as if its
   * observations had been recorded here: a slot of {@link RedSeriesConfig#resolution()} into the recent slot (while
   * recent) and the roll-up slot, a slot of {@link RedSeriesConfig#rollupResolution()} into the roll-up slot. The
   * series bound applies (new keys beyond maxSeries go to the overflow series).
   *
   * @return false when the slot lies outside what the store retains (counted with the rejected observations)
   * @throws IllegalArgumentException naming what is wrong when the delta is malformed (a width that is neither
   *     resolution, a start off the slot grid, negative or inconsistent counts, buckets out of range or order)
   * @throws IllegalStateException when this store is {@linkplain #exporting exporting}
   */
  public boolean applyDelta(SeriesKey key, SlotDelta delta) {
    if (delta == null) {
      throw new IllegalArgumentException("no RED delta for " + key);
    }
    long startMillis = delta.startMillis();
    long widthMillis = delta.widthMillis();
    long calls = delta.calls();
    long errors = delta.errors();
    long sumNanos = delta.sumNanos();
    int[] buckets = delta.buckets();
    int[] counts = delta.counts();
    if (deltas != null) {
      throw new IllegalStateException("an exporting RED store keeps no series to apply deltas to");
    }
    checkDelta(key, startMillis, widthMillis, calls, errors, sumNanos, buckets, counts);
    Horizon horizon = Horizon.at(clock.millis(), config);
    if (!horizon.accepts(startMillis)) {
      rejected.add(calls);
      return false;
    }
    sweepIfDue(horizon);
    boolean recentWidth = widthMillis == config.resolution().toMillis();
    for (int attempt = 0; attempt < 8; attempt++) {
      if (seriesFor(key)
          .add(horizon, startMillis, recentWidth, calls, errors, sumNanos, buckets, counts)) {
        return true;
      }
    }
    rejected.add(calls);
    return false;
  }

  private void checkDelta(
      SeriesKey key,
      long startMillis,
      long widthMillis,
      long calls,
      long errors,
      long sumNanos,
      int[] buckets,
      int[] counts) {
    if (key == null) {
      throw new IllegalArgumentException("a RED delta needs a series key");
    }
    long resolution = config.resolution().toMillis();
    long rollup = config.rollupResolution().toMillis();
    if (widthMillis != resolution && widthMillis != rollup) {
      throw new IllegalArgumentException(
          "RED delta of "
              + key
              + ": slot width "
              + widthMillis
              + " ms is neither the resolution ("
              + resolution
              + " ms) nor the roll-up resolution ("
              + rollup
              + " ms) of this store: do the ingesters and queriers share one red_series configuration?");
    }
    if (Math.floorMod(startMillis, widthMillis) != 0) {
      throw new IllegalArgumentException(
          "RED delta of "
              + key
              + ": slot start "
              + startMillis
              + " is not a multiple of its width");
    }
    if (calls < 1 || errors < 0 || errors > calls || sumNanos < 0) {
      throw new IllegalArgumentException(
          "RED delta of "
              + key
              + ": calls "
              + calls
              + ", errors "
              + errors
              + ", duration sum "
              + sumNanos
              + " (calls ≥ 1, 0 ≤ errors ≤ calls, sum ≥ 0)");
    }
    if (buckets == null || counts == null || buckets.length != counts.length) {
      throw new IllegalArgumentException(
          "RED delta of " + key + ": latency buckets and counts differ in number");
    }
    long inBuckets = 0;
    int previous = -1;
    for (int i = 0; i < buckets.length; i++) {
      if (buckets[i] <= previous || buckets[i] >= LatencyBuckets.COUNT || counts[i] < 1) {
        throw new IllegalArgumentException(
            "RED delta of "
                + key
                + ": latency bucket "
                + buckets[i]
                + " with count "
                + counts[i]
                + " at position "
                + i
                + " (buckets strictly increasing in 0.."
                + (LatencyBuckets.COUNT - 1)
                + ", counts ≥ 1)");
      }
      previous = buckets[i];
      inBuckets += counts[i];
    }
    if (inBuckets != calls) {
      throw new IllegalArgumentException(
          "RED delta of "
              + key
              + ": its latency buckets count "
              + inBuckets
              + " calls, its total "
              + calls);
    }
  }

  private Series seriesFor(SeriesKey key) {
    Series existing = series.get(key);
    if (existing != null) {
      return existing;
    }
    if (key.isOverflow()) {
      return series.computeIfAbsent(key, k -> new Series(config));
    }
    Series created =
        series.computeIfAbsent(
            key,
            k -> {
              if (admitted.incrementAndGet() <= maxSeries) {
                return new Series(config);
              }
              admitted.decrementAndGet();
              return null;
            });
    if (created != null) {
      return created;
    }
    overflowed.increment();
    return series.computeIfAbsent(SeriesKey.OVERFLOW, k -> new Series(config));
  }

  private void sweepIfDue(Horizon horizon) {
    long due = nextSweepMillis.get();
    if (horizon.nowMillis() < due
        || !nextSweepMillis.compareAndSet(
            due, horizon.nowMillis() + config.resolution().toMillis())) {
      return;
    }
    series.forEach(
        (key, candidate) -> {
          if (candidate.evictIfExpired(horizon) && series.remove(key, candidate)) {
            evicted.incrementAndGet();
            if (!key.isOverflow()) {
              admitted.decrementAndGet();
            }
          }
        });
  }

  /**
   * The keys of the live series, the overflow series included when it has data: a read-only live view, weakly
   * consistent while ingest adds and sweeps series (queries iterate it once per selector, and a copy of 10,000
   * keys each time cost more than the lookups it served).
   */
  public Set<SeriesKey> keys() {
    return Collections.unmodifiableSet(series.keySet());
  }

  /** Merged over all series matching the filter within [start, end). */
  public RedSummary summarize(Predicate<SeriesKey> filter, Instant start, Instant end) {
    Window window = window(start, end);
    Accumulator sum = new Accumulator();
    forEachSeries(filter, s -> s.collect(window.horizon, window.from, window.to, at -> sum));
    return sum.summarize(window.coveredSeconds());
  }

  /** Grouped by the value of one label (series without it are skipped); ordered by label value. */
  public Map<String, RedSummary> summarizeBy(
      Predicate<SeriesKey> filter, String label, Instant start, Instant end) {
    return summarizeBy(filter, label, start, end, value -> Double.NaN);
  }

  /**
   * {@link #summarizeBy(Predicate, String, Instant, Instant)}, counting as {@link RedSummary#slowCalls() slow} the
   * calls of each group above {@code slowMillis.applyAsDouble(labelValue)} (NaN: the default rule).
   */
  public Map<String, RedSummary> summarizeBy(
      Predicate<SeriesKey> filter,
      String label,
      Instant start,
      Instant end,
      ToDoubleFunction<String> slowMillis) {
    Window window = window(start, end);
    Map<String, Accumulator> groups = new HashMap<>();
    series.forEach(
        (key, s) -> {
          String value = key.get(label);
          if (value != null && filter.test(key)) {
            Accumulator group = groups.computeIfAbsent(value, v -> new Accumulator());
            s.collect(window.horizon, window.from, window.to, at -> group);
          }
        });
    double seconds = window.coveredSeconds();
    Map<String, RedSummary> result = new TreeMap<>();
    groups.forEach(
        (value, group) ->
            result.put(value, group.summarize(seconds, slowMillis.applyAsDouble(value))));
    return result;
  }

  /**
   * Points of width {@code step} covering [start, end): the step is rounded up to a multiple of the resolution
   * that covers the range (the roll-up resolution when start is before the roll-up boundary), and points start at
   * multiples of the step since the epoch, so the first point begins at start rounded down. Points without
   * calls are included (with {@link RedSummary#EMPTY}).
   *
   * @throws IllegalArgumentException when end is not after start, or the range would need more than
   *     {@link #MAX_POINTS} points
   */
  public List<RedPoint> timeSeries(
      Predicate<SeriesKey> filter, Instant start, Instant end, Duration step) {
    Horizon horizon = Horizon.at(clock.millis(), config);
    long from = start.toEpochMilli();
    long to = end.toEpochMilli();
    if (to <= from) {
      throw new IllegalArgumentException(
          "time series end (" + end + ") must be after its start (" + start + ")");
    }
    long unit =
        from < horizon.boundaryMillis() ? horizon.rollupMillis() : horizon.resolutionMillis();
    long stepMillis = Horizon.ceilTo(Math.max(step == null ? 0 : step.toMillis(), 1), unit);
    long first = Horizon.floorTo(from, stepMillis);
    long points = (to - first + stepMillis - 1) / stepMillis;
    if (points > MAX_POINTS) {
      throw new IllegalArgumentException(
          "time series from "
              + start
              + " to "
              + end
              + " in steps of "
              + Duration.ofMillis(stepMillis)
              + " needs "
              + points
              + " points, more than "
              + MAX_POINTS
              + ": use a larger step");
    }
    Accumulator[] buckets = new Accumulator[(int) points];
    forEachSeries(
        filter,
        s ->
            s.collect(
                horizon,
                first,
                to,
                at -> {
                  int bucket = (int) ((at - first) / stepMillis);
                  if (buckets[bucket] == null) {
                    buckets[bucket] = new Accumulator();
                  }
                  return buckets[bucket];
                }));
    List<RedPoint> result = new ArrayList<>(buckets.length);
    for (int i = 0; i < buckets.length; i++) {
      long pointStart = first + i * stepMillis;
      double seconds =
          Math.max(0, Math.min(pointStart + stepMillis, horizon.nowMillis()) - pointStart) / 1000d;
      RedSummary summary = buckets[i] == null ? RedSummary.EMPTY : buckets[i].summarize(seconds);
      result.add(new RedPoint(Instant.ofEpochMilli(pointStart), summary));
    }
    return result;
  }

  /**
   * Hands every retained slot of one series to {@code visitor}, oldest first, as the store held them at
   * {@code nowMillis}: 5 min roll-up slots before the roll-up boundary (the oldest roll-up slot the recent slots
   * cover entirely), 15 s recent slots from it on, future-dated slots (up to 2 minutes ahead) included, slots
   * without data skipped. Each time is read at one resolution only, so prefix sums over the visited slots are the
   * series' cumulative counts. The series' lock is held while the visitor runs (see {@link SlotVisitor}).
   *
   * @param nowMillis the instant whose horizon decides what is retained (one value for every series of a query,
   *     so they agree on the boundary); usually {@link #nowMillis()}
   * @return false when the store holds no series {@code key}
   */
  public boolean readSlots(SeriesKey key, long nowMillis, SlotVisitor visitor) {
    Series s = series.get(key);
    if (s == null) {
      return false;
    }
    s.visit(Horizon.at(nowMillis, config), visitor);
    return true;
  }

  /**
   * Where the store switches from roll-up to recent slots at {@code nowMillis}: times before it are kept at
   * {@link RedSeriesConfig#rollupResolution()}, later ones at {@link RedSeriesConfig#resolution()}.
   */
  public long rollupBoundaryMillis(long nowMillis) {
    return Horizon.at(nowMillis, config).boundaryMillis();
  }

  /** The store's clock, which decides what it retains. */
  public long nowMillis() {
    return clock.millis();
  }

  /** Series count, overflowed and rejected observations, evicted series, estimated bytes. */
  public RedSeriesStats stats() {
    long bytes = 0;
    for (Series s : series.values()) {
      bytes += s.estimatedBytes();
    }
    return new RedSeriesStats(
        series.size(),
        overflowed.sum() + (deltas == null ? 0 : deltas.overflowed()),
        rejected.sum(),
        evicted.get(),
        bytes);
  }

  private void forEachSeries(
      Predicate<SeriesKey> filter, java.util.function.Consumer<Series> action) {
    series.forEach(
        (key, s) -> {
          if (filter.test(key)) {
            action.accept(s);
          }
        });
  }

  private Window window(Instant start, Instant end) {
    Horizon horizon = Horizon.at(clock.millis(), config);
    long from = start.toEpochMilli();
    long to = end.toEpochMilli();
    if (to <= from) {
      return new Window(horizon, from, from, 0);
    }
    long coveredFrom =
        Math.max(
            Horizon.ceilTo(
                from,
                from < horizon.boundaryMillis()
                    ? horizon.rollupMillis()
                    : horizon.resolutionMillis()),
            horizon.oldestMillis());
    long coveredTo =
        Math.min(
            Horizon.ceilTo(
                to,
                to <= horizon.boundaryMillis()
                    ? horizon.rollupMillis()
                    : horizon.resolutionMillis()),
            horizon.nowMillis());
    return new Window(horizon, from, to, Math.max(0, coveredTo - coveredFrom));
  }

  private record Window(Horizon horizon, long from, long to, long coveredMillis) {
    double coveredSeconds() {
      return coveredMillis / 1000d;
    }
  }
}
