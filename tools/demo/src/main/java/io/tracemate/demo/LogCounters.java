package io.tracemate.demo;

import java.util.concurrent.atomic.LongAdder;

/** What the log channels of all replicas have written and sent. Thread-safe. */
final class LogCounters {

  final LongAdder otlpRecords = new LongAdder();
  final LongAdder otlpExported = new LongAdder();
  final LongAdder otlpFailed = new LongAdder();
  final LongAdder lokiRecords = new LongAdder();
  final LongAdder lokiPushesAccepted = new LongAdder();
  final LongAdder lokiPushesFailed = new LongAdder();

  DemoStats.LogStats snapshot() {
    return new DemoStats.LogStats(
        otlpRecords.sum(),
        otlpExported.sum(),
        otlpFailed.sum(),
        lokiRecords.sum(),
        lokiPushesAccepted.sum(),
        lokiPushesFailed.sum());
  }
}
