package io.tracemate.demo;

import ch.qos.logback.classic.Level;
import io.opentelemetry.api.logs.Severity;

/** The log levels the simulated services write, with their OpenTelemetry and logback equivalents. */
enum LogSeverity {
  DEBUG(Severity.DEBUG, Level.DEBUG),
  INFO(Severity.INFO, Level.INFO),
  WARN(Severity.WARN, Level.WARN),
  ERROR(Severity.ERROR, Level.ERROR);

  private final Severity otel;
  private final Level logback;

  LogSeverity(Severity otel, Level logback) {
    this.otel = otel;
    this.logback = logback;
  }

  Severity otel() {
    return otel;
  }

  Level logback() {
    return logback;
  }
}
