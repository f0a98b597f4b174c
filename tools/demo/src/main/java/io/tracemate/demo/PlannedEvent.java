package io.tracemate.demo;

import io.opentelemetry.api.common.Attributes;

/** Something that happens inside a planned span, at an offset from the trace start. */
sealed interface PlannedEvent {

  long offsetNanos();

  /** A span event, e.g. a log line the service wrote while the span was active. */
  record Log(long offsetNanos, String name, Attributes attributes) implements PlannedEvent {}

  /** An exception the service caught and recorded on the span. */
  record Failure(long offsetNanos, SimulatedException exception) implements PlannedEvent {}

  /**
   * A line the service writes to its log (not a span event: it leaves the trace untouched) while
   * the span is active, so it carries the span's trace and span IDs.
   *
   * @param exception logged with its stack trace, or null
   */
  record AppLog(
      long offsetNanos,
      LogSeverity severity,
      String logger,
      String message,
      Attributes attributes,
      SimulatedException exception)
      implements PlannedEvent {}
}
