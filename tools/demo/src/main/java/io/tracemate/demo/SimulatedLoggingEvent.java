package io.tracemate.demo;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * A logback event as the simulated service's {@code logger.info(...)} would have produced it, but
 * at the simulated instant, with the trace and span IDs in the MDC (as the OpenTelemetry agent's
 * logback MDC instrumentation puts them) and the log line's fields as SLF4J key/value pairs.
 *
 * <p>The exception renders with the real library's class name ({@link SimulatedException#typeName()}),
 * not the demo's. Not thread-safe; handed to one appender.
 */
final class SimulatedLoggingEvent extends LoggingEvent {

  static final String TRACE_ID = "trace_id";
  static final String SPAN_ID = "span_id";

  private final IThrowableProxy throwable;

  SimulatedLoggingEvent(LoggerContext context, LogLine line) {
    setLoggerContext(context);
    setLoggerName(line.logger());
    setLevel(line.severity().logback());
    setMessage(line.message());
    setThreadName(line.thread());
    setInstant(Instant.ofEpochSecond(0, line.epochNanos()));
    Map<String, String> mdc = new HashMap<>(4);
    if (line.spanContext().isValid()) {
      mdc.put(TRACE_ID, line.spanContext().getTraceId());
      mdc.put(SPAN_ID, line.spanContext().getSpanId());
    }
    setMDCPropertyMap(mdc);
    Attributes fields = line.attributes();
    fields.forEach(
        (AttributeKey<?> key, Object value) ->
            addKeyValuePair(new KeyValuePair(key.getKey(), value)));
    SimulatedException exception = line.exception();
    this.throwable =
        exception == null
            ? null
            : new SimulatedThrowableProxy(new ThrowableProxy(exception), exception);
  }

  @Override
  public IThrowableProxy getThrowableProxy() {
    return throwable;
  }

  /** logback's own proxy of the exception, reporting the simulated library type as the class name. */
  private record SimulatedThrowableProxy(IThrowableProxy proxy, SimulatedException exception)
      implements IThrowableProxy {

    @Override
    public String getMessage() {
      return proxy.getMessage();
    }

    @Override
    public String getClassName() {
      return exception.typeName();
    }

    @Override
    public StackTraceElementProxy[] getStackTraceElementProxyArray() {
      return proxy.getStackTraceElementProxyArray();
    }

    @Override
    public int getCommonFrames() {
      return proxy.getCommonFrames();
    }

    @Override
    public IThrowableProxy getCause() {
      IThrowableProxy cause = proxy.getCause();
      if (cause == null) {
        return null;
      }
      return exception.getCause() instanceof SimulatedException simulated
          ? new SimulatedThrowableProxy(cause, simulated)
          : cause;
    }

    @Override
    public IThrowableProxy[] getSuppressed() {
      return proxy.getSuppressed();
    }

    @Override
    public boolean isCyclic() {
      return proxy.isCyclic();
    }
  }
}
