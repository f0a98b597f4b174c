package io.tracemate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class MeasurementMathTest {

  @Test
  void percentilesUseNearestRank() {
    long[] oneToHundred = LongStream.rangeClosed(1, 100).toArray();
    assertThat(LatencySummary.percentile(oneToHundred, 50)).isEqualTo(50);
    assertThat(LatencySummary.percentile(oneToHundred, 99)).isEqualTo(99);
    assertThat(LatencySummary.percentile(oneToHundred, 100)).isEqualTo(100);
    assertThat(LatencySummary.percentile(new long[] {7}, 99)).isEqualTo(7);
    assertThat(LatencySummary.percentile(new long[] {1, 2, 3}, 50)).isEqualTo(2);
    assertThatThrownBy(() -> LatencySummary.percentile(new long[0], 50))
        .hasMessageContaining("no samples");
    assertThatThrownBy(() -> LatencySummary.percentile(oneToHundred, 0))
        .hasMessageContaining("(0, 100]");
  }

  @Test
  void summaryIsInMillisecondsAndIgnoresInputOrder() {
    long[] nanos = {9_000_000, 1_000_000, 5_000_000, 3_000_000, 7_000_000};
    LatencySummary summary = LatencySummary.ofNanos(nanos);
    assertThat(summary.count()).isEqualTo(5);
    assertThat(summary.p50Millis()).isEqualTo(5.0);
    assertThat(summary.p99Millis()).isEqualTo(9.0);
    assertThat(summary.maxMillis()).isEqualTo(9.0);
    assertThat(summary.meanMillis()).isCloseTo(5.0, within(1e-9));
    assertThat(nanos[0]).as("input untouched").isEqualTo(9_000_000);
    assertThat(LatencySummary.ofNanos(new long[0])).isEqualTo(LatencySummary.EMPTY);
  }

  @Test
  void recorderKeepsAtMostItsCapacity() {
    LatencyRecorder recorder = new LatencyRecorder(3);
    for (long i = 1; i <= 5; i++) {
      recorder.record(i * 1_000_000);
    }
    assertThat(recorder.summary().count()).isEqualTo(3);
    assertThat(recorder.dropped()).isEqualTo(2);
  }

  @Test
  void procStatCpuIsUtimePlusStimeEvenWithParenthesesInTheCommandName() {
    // pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime
    // stime ...
    String line =
        "4242 (java (trace mate)) S 1 4242 4242 0 -1 4194560 81234 0 12 0 1500 250 3 1 20 0 57 0 "
            + "123456 4000000000 120000 18446744073709551615 1 1 0 0 0 0 0 4096 17102 0 0 0 17 1 0 0 0 0 0\n";
    assertThat(ProcStat.cpuSeconds(line, 100)).isEqualTo(17.5);
    assertThat(ProcStat.cpuSeconds(line, 1000)).isEqualTo(1.75);
    assertThatThrownBy(() -> ProcStat.cpuSeconds("garbage", 100)).hasMessageContaining("no ')'");
    assertThatThrownBy(() -> ProcStat.cpuSeconds("1 (x) S 1 2", 100))
        .hasMessageContaining("fields");
  }

  @Test
  void cpuOfThisJvmIsReadableFromProc() throws Exception {
    long pid = ProcessHandle.current().pid();
    long ticks = ProcStat.clockTicksPerSecond();
    assertThat(ticks).isPositive();
    assertThat(ProcStat.cpuSeconds(pid, ticks)).isPositive();
  }

  @Test
  void prometheusSamplesAreSummedOverLabels() {
    String exposition =
        """
        # HELP tracemate_storage_bytes Bytes on disk
        # TYPE tracemate_storage_bytes gauge
        tracemate_storage_bytes{tier="hot"} 1.5E6
        tracemate_storage_bytes{tier="warm",path="a b"} 500000
        tracemate_storage_spans 10000
        process_cpu_seconds_total 12.25 1712345678000
        """;
    Map<String, Double> samples = PrometheusText.samples(exposition);
    assertThat(samples)
        .containsEntry("tracemate_storage_bytes", 2_000_000.0)
        .containsEntry("tracemate_storage_spans", 10_000.0)
        .containsEntry("process_cpu_seconds_total", 12.25);
  }

  @Test
  void retryAfterAcceptsSecondsAndHttpDates() {
    ZonedDateTime now = ZonedDateTime.of(2025, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
    assertThat(RetryAfter.parse("2", now)).isEqualTo(Duration.ofSeconds(2));
    assertThat(RetryAfter.parse("Thu, 02 Jan 2025 03:04:08 GMT", now))
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(RetryAfter.parse("3600", now)).isEqualTo(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse("soon", now)).isNull();
    assertThat(RetryAfter.parse(null, now)).isNull();
  }

  @Test
  void durationsAcceptShortAndIsoForms() {
    assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(DurationConverter.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(DurationConverter.parse("45")).isEqualTo(Duration.ofSeconds(45));
    assertThat(DurationConverter.parse("PT10S")).isEqualTo(Duration.ofSeconds(10));
    assertThatThrownBy(() -> DurationConverter.parse("a while"))
        .hasMessageContaining("not a duration");
  }
}
