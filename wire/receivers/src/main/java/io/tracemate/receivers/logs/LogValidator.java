package io.tracemate.receivers.logs;

import io.tracemate.common.labels.LabelNames;
import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies {@link LogLimits} to a push, as Loki's distributor and ingester do, and says what it kept and what it
 * refused (with Loki's messages):
 *
 * <ol>
 *   <li>per stream: at least one label, valid label names, at most {@code max_label_names_per_series} labels,
 *       name and value lengths; a stream failing these is refused whole;
 *   <li>per entry: line size (refused, or truncated when configured), too old ({@code reject_old_samples_max_age}),
 *       too new ({@code creation_grace_period}), too far behind the newest entry of its stream
 *       ({@code out_of_order_time_window}; the newest entry is remembered across pushes);
 *   <li>the tenant's rate (token bucket over the line bytes left): over it, the whole push is refused;
 *   <li>the tenant's active streams ({@link LogLimits#maxActiveStreams()}): a stream that is not active yet and
 *       would pass the limit has its entries refused ({@code stream_limit}, Loki's message); active streams are
 *       always admitted, as a Loki ingester refuses only the creation of new streams;
 *   <li>each stream's rate: over it, that stream's entries are refused.
 * </ol>
 *
 * Rate limits are in line bytes (UTF-8). Stream state (newest timestamp, rate bucket) is kept for at most
 * {@code maxTrackedStreams} streams, least recently pushed evicted first, and lives in memory only: after a
 * restart out-of-order checks start afresh. Active streams (see {@link ActiveStreams}) are tracked only while a
 * stream limit is set, also in memory only: after a restart each tenant may again create up to its limit.
 * Thread-safe.
 */
public final class LogValidator {
  /** Enough for a large single node; each entry costs about 150 bytes. */
  public static final int DEFAULT_MAX_TRACKED_STREAMS = 200_000;

  private final LogLimits limits;
  private final TenantLogLimits tenantLimits;
  private final Clock clock;
  private final Map<String, TenantBucket> tenants = new ConcurrentHashMap<>();
  private final Map<StreamKey, StreamState> streams;
  private final ActiveStreams activeStreams;

  /** A tenant's rate bucket and the limits it was made for: a change of the tenant's limits makes a new one. */
  private record TenantBucket(TokenBucket bucket, long rate, long burst) {}

  public LogValidator(LogLimits limits, Clock clock) {
    this(limits, TenantLogLimits.fixed(limits), clock, DEFAULT_MAX_TRACKED_STREAMS);
  }

  public LogValidator(LogLimits limits, Clock clock, int maxTrackedStreams) {
    this(limits, TenantLogLimits.fixed(limits), clock, maxTrackedStreams);
  }

  /**
   * @param limits the configured limits; the stream idle period and the tracked-stream bound come from them
   * @param tenantLimits the limits of each tenant, asked once per push (runtime overrides)
   */
  public LogValidator(
      LogLimits limits, TenantLogLimits tenantLimits, Clock clock, int maxTrackedStreams) {
    this.limits = limits;
    this.tenantLimits = tenantLimits;
    this.clock = clock;
    // Always there, so that an override can give a tenant a stream limit at run time; it tracks
    // only the tenants that have one.
    this.activeStreams = new ActiveStreams(limits.streamIdlePeriod());
    this.streams =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<StreamKey, StreamState> eldest) {
            return size() > maxTrackedStreams;
          }
        };
  }

  /** The configured limits (a tenant's may differ: {@link #limits(String)}). */
  public LogLimits limits() {
    return limits;
  }

  /** The limits in force for {@code tenant}. */
  public LogLimits limits(String tenant) {
    return tenantLimits.forTenant(tenant);
  }

  public Validation validate(String tenant, List<LogStream> pushed) {
    LogLimits limits = tenantLimits.forTenant(tenant);
    long now = nanos(clock.instant());
    List<Refusal> refusals = new ArrayList<>();
    List<Plan> plans = new ArrayList<>(pushed.size());
    Map<StreamKey, Long> newestInPush = new HashMap<>();
    for (LogStream stream : pushed) {
      Refusal refusal = checkLabels(limits, stream);
      if (refusal != null) {
        refusals.add(refusal);
        continue;
      }
      StreamKey key = new StreamKey(tenant, stream.labels());
      StreamState state =
          existingState(key); // created only once the stream is admitted (stream limit)
      long newest =
          Math.max(
              state == null ? Long.MIN_VALUE : state.newest(),
              newestInPush.getOrDefault(key, Long.MIN_VALUE));
      List<LogEntry> kept = new ArrayList<>(stream.entries().size());
      long bytes = 0;
      for (LogEntry entry : stream.entries()) {
        LogEntry checked = checkEntry(limits, stream.labels(), entry, now, newest, refusals);
        if (checked != null) {
          kept.add(checked);
          bytes += checked.lineBytes();
          newest = Math.max(newest, checked.timestampNanos());
        }
      }
      newestInPush.put(key, newest);
      if (!kept.isEmpty()) {
        plans.add(new Plan(key, kept, bytes));
      }
    }
    return applyRates(limits, tenant, now, plans, refusals);
  }

  private Validation applyRates(
      LogLimits limits, String tenant, long now, List<Plan> plans, List<Refusal> refusals) {
    long totalBytes = 0;
    int totalLines = 0;
    for (Plan plan : plans) {
      totalBytes += plan.bytes;
      totalLines += plan.entries.size();
    }
    if (plans.isEmpty()) {
      return new Validation(List.of(), refusals, 0);
    }
    TokenBucket tenantBucket = tenantBucket(limits, tenant, now);
    if (!tenantBucket.tryTake(totalBytes, now)) {
      refusals.add(
          new Refusal(
              RefusalReason.RATE_LIMITED,
              totalLines,
              totalBytes,
              "Ingestion rate limit exceeded for user "
                  + tenant
                  + " (limit: "
                  + limits.ingestionRateBytes()
                  + " bytes/sec) while attempting to ingest '"
                  + totalLines
                  + "' lines totaling '"
                  + totalBytes
                  + "' bytes, reduce log volume or contact your Loki administrator to see if the limit can be"
                  + " increased"));
      return new Validation(List.of(), refusals, tenantBucket.secondsUntil(totalBytes, now));
    }
    List<LogStream> accepted = new ArrayList<>(plans.size());
    long retryAfter = 0;
    int streamLimit = limits.maxActiveStreams();
    for (Plan plan : plans) {
      LabelSet labels = plan.key.labels();
      if (streamLimit > 0 && !activeStreams.admit(tenant, labels, now / 1_000_000, streamLimit)) {
        refusals.add(
            new Refusal(
                RefusalReason.STREAM_LIMIT,
                plan.entries.size(),
                plan.bytes,
                "maximum active stream limit exceeded when trying to create stream "
                    + labels
                    + ", reduce the number"
                    + " of active streams (reduce labels or reduce label values), or contact your Loki administrator"
                    + " to see if the limit can be increased, user: '"
                    + tenant
                    + "'"));
        continue;
      }
      StreamState state = state(limits, plan.key, now);
      if (state.bucket().tryTake(plan.bytes, now)) {
        accepted.add(new LogStream(labels, plan.entries));
        state.advance(plan.entries);
      } else {
        refusals.add(
            new Refusal(
                RefusalReason.PER_STREAM_RATE_LIMIT,
                plan.entries.size(),
                plan.bytes,
                "Per stream rate limit exceeded (limit: "
                    + limits.perStreamRateLimitBytes()
                    + " bytes/sec) while"
                    + " attempting to ingest for stream '"
                    + labels
                    + "' totaling "
                    + plan.bytes
                    + " bytes,"
                    + " consider splitting a stream via additional labels or contact your Loki administrator to see"
                    + " if the limit can be increased"));
        retryAfter = Math.max(retryAfter, state.bucket().secondsUntil(plan.bytes, now));
      }
    }
    return new Validation(accepted, refusals, retryAfter);
  }

  private TokenBucket tenantBucket(LogLimits limits, String tenant, long now) {
    long rate = limits.ingestionRateBytes();
    long burst = limits.ingestionBurstBytes();
    TenantBucket held = tenants.get(tenant);
    if (held != null && held.rate() == rate && held.burst() == burst) {
      return held.bucket(); // every push but the first after a change: no lock
    }
    return tenants
        .compute(
            tenant,
            (unused, existing) ->
                existing != null && existing.rate() == rate && existing.burst() == burst
                    ? existing
                    : new TenantBucket(new TokenBucket(rate, burst, now), rate, burst))
        .bucket();
  }

  private Refusal checkLabels(LogLimits limits, LogStream stream) {
    LabelSet labels = stream.labels();
    int entries = stream.entries().size();
    if (labels.isEmpty()) {
      return new Refusal(
          RefusalReason.MISSING_LABELS,
          entries,
          stream.lineBytes(),
          "error at least one label pair is required per stream");
    }
    if (labels.size() > limits.maxLabelNamesPerSeries()) {
      return new Refusal(
          RefusalReason.MAX_LABEL_NAMES_PER_SERIES,
          entries,
          stream.lineBytes(),
          "stream '"
              + labels
              + "' has "
              + labels.size()
              + " label names; limit "
              + limits.maxLabelNamesPerSeries());
    }
    for (Label label : labels.labels()) {
      if (!LabelNames.isValid(label.name())) {
        return new Refusal(
            RefusalReason.INVALID_LABELS,
            entries,
            stream.lineBytes(),
            "stream '"
                + labels
                + "' has an invalid label name '"
                + label.name()
                + "': names must match [a-zA-Z_][a-zA-Z0-9_]*");
      }
      if (label.name().length() > limits.maxLabelNameLength()) {
        return new Refusal(
            RefusalReason.LABEL_NAME_TOO_LONG,
            entries,
            stream.lineBytes(),
            "stream '" + labels + "' has label name too long: '" + label.name() + "'");
      }
      if (label.value().length() > limits.maxLabelValueLength()) {
        return new Refusal(
            RefusalReason.LABEL_VALUE_TOO_LONG,
            entries,
            stream.lineBytes(),
            "stream '" + labels + "' has label value too long: '" + label.value() + "'");
      }
    }
    return null;
  }

  /** The entry to keep (maybe truncated), or null after adding a refusal. */
  private LogEntry checkEntry(
      LogLimits limits,
      LabelSet labels,
      LogEntry entry,
      long now,
      long newest,
      List<Refusal> refusals) {
    long ts = entry.timestampNanos();
    long max = limits.maxLineSizeBytes();
    if (max > 0) {
      int length = entry.lineBytes();
      if (length > max) {
        if (!limits.maxLineSizeTruncate()) {
          refusals.add(
              new Refusal(
                  RefusalReason.LINE_TOO_LONG,
                  1,
                  length,
                  "Max entry size '"
                      + max
                      + "' bytes exceeded for stream '"
                      + labels
                      + "' while adding an entry with length '"
                      + length
                      + "' bytes"));
          return null;
        }
        entry = new LogEntry(ts, truncate(entry.line(), max), entry.metadata());
      }
    }
    if (limits.rejectOldSamples()) {
      long oldest = now - limits.rejectOldSamplesMaxAge().toNanos();
      if (ts < oldest) {
        refusals.add(
            refusal(
                RefusalReason.GREATER_THAN_MAX_SAMPLE_AGE,
                entry,
                "entry for stream '"
                    + labels
                    + "' has timestamp too old: "
                    + time(ts)
                    + ", oldest acceptable timestamp is: "
                    + time(oldest)));
        return null;
      }
    }
    if (ts > now + limits.creationGracePeriod().toNanos()) {
      refusals.add(
          refusal(
              RefusalReason.TOO_FAR_IN_FUTURE,
              entry,
              "entry for stream '" + labels + "' has timestamp too new: " + time(ts)));
      return null;
    }
    if (newest != Long.MIN_VALUE) {
      long cutoff = newest - limits.outOfOrderTimeWindow().toNanos();
      if (ts < cutoff) {
        refusals.add(
            refusal(
                RefusalReason.TOO_FAR_BEHIND,
                entry,
                "entry with timestamp "
                    + time(ts)
                    + " ignored, reason: 'entry too far behind, entry timestamp is: "
                    + time(ts)
                    + ", cutoff timestamp is: "
                    + time(cutoff)
                    + "' for stream: "
                    + labels));
        return null;
      }
    }
    return entry;
  }

  private static Refusal refusal(RefusalReason reason, LogEntry entry, String message) {
    return new Refusal(reason, 1, entry.lineBytes(), message);
  }

  private StreamState existingState(StreamKey key) {
    synchronized (streams) {
      return streams.get(key);
    }
  }

  private StreamState state(LogLimits limits, StreamKey key, long now) {
    long rate = limits.perStreamRateLimitBytes();
    long burst = limits.perStreamRateLimitBurstBytes();
    synchronized (streams) {
      StreamState state = streams.get(key);
      if (state == null || state.rate != rate || state.burst != burst) {
        StreamState fresh = new StreamState(new TokenBucket(rate, burst, now), rate, burst);
        if (state != null) {
          fresh.newest = state.newest();
        }
        streams.put(key, fresh);
        state = fresh;
      }
      return state;
    }
  }

  /** The longest prefix of at most {@code maxBytes} UTF-8 bytes that does not split a character. */
  static String truncate(String line, long maxBytes) {
    long bytes = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      int width;
      int chars = 1;
      if (c < 0x80) {
        width = 1;
      } else if (c < 0x800) {
        width = 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < line.length()
          && Character.isLowSurrogate(line.charAt(i + 1))) {
        width = 4;
        chars = 2;
      } else {
        width = 3;
      }
      if (bytes + width > maxBytes) {
        return line.substring(0, i);
      }
      bytes += width;
      i += chars - 1;
    }
    return line;
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  private static String time(long nanos) {
    return Instant.ofEpochSecond(
            Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
        .toString();
  }

  private record StreamKey(String tenant, LabelSet labels) {}

  private record Plan(StreamKey key, List<LogEntry> entries, long bytes) {}

  /** The newest accepted timestamp of one stream and its rate bucket. */
  private static final class StreamState {
    private final TokenBucket bucket;
    private final long rate;
    private final long burst;
    private long newest = Long.MIN_VALUE;

    StreamState(TokenBucket bucket, long rate, long burst) {
      this.bucket = bucket;
      this.rate = rate;
      this.burst = burst;
    }

    TokenBucket bucket() {
      return bucket;
    }

    synchronized long newest() {
      return newest;
    }

    synchronized void advance(List<LogEntry> entries) {
      for (LogEntry entry : entries) {
        newest = Math.max(newest, entry.timestampNanos());
      }
    }
  }
}
