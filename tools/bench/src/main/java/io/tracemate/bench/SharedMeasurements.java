package io.tracemate.bench;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * The trace bench's measurement helpers, opened to the other benches (such as {@code io.tracemate.bench.logs})
 * without widening the helpers themselves: server CPU from {@code /proc/PID/stat}, Prometheus text samples,
 * {@code Retry-After}, back-off and latency percentiles are then measured the same way by every bench (the options
 * they share are the mixins {@link BenchTarget} and {@link JsonReportOption}, and {@link DurationConverter}).
 * Stateless; thread-safe.
 */
public final class SharedMeasurements {

  private SharedMeasurements() {}

  /** utime + stime of a local process in seconds, or null when {@code /proc/PID/stat} cannot be read. */
  public static Double processCpuSeconds(long pid, long clockTicksPerSecond) {
    return new CpuSource.ProcStatCpu(pid, clockTicksPerSecond).read();
  }

  /** {@code getconf CLK_TCK}, or Linux's usual 100. */
  public static long clockTicksPerSecond() {
    return ProcStat.clockTicksPerSecond();
  }

  /** Metric name to value (label variants summed) of a Prometheus text exposition. */
  public static Map<String, Double> prometheusSamples(String exposition) {
    return PrometheusText.samples(exposition);
  }

  /** A {@code Retry-After} header as a delay capped at 30 s; null when absent or unparseable. */
  public static Duration retryAfter(String header, ZonedDateTime now) {
    return RetryAfter.parse(header, now);
  }

  /** The wait before resending a throttled request that came without {@code Retry-After}, at most {@code capMillis}. */
  public static Duration backoff(int attempt, long capMillis) {
    return Backoff.jittered(attempt, capMillis);
  }

  /** Nearest-rank percentiles of latencies in nanoseconds. */
  public static LatencySummary latencies(long[] nanos) {
    return LatencySummary.ofNanos(nanos);
  }
}
