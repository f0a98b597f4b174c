package io.tracemate.demo;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.EnumMap;
import java.util.Map;

/**
 * One replica (pod) of a simulated service: its own SDK tracer provider (with its own resource
 * and exporter) and log channel, as a separate process would have. Thread-safe: tracers are created up front.
 */
final class ServiceInstance {

  private final DemoService service;
  private final String podName;
  private final String podIp;
  private final SdkTracerProvider provider;
  private final LogChannel logs;
  private final Map<Instrumentation, Tracer> tracers = new EnumMap<>(Instrumentation.class);

  ServiceInstance(
      DemoService service,
      String podName,
      String podIp,
      SdkTracerProvider provider,
      LogChannel logs) {
    this.service = service;
    this.podName = podName;
    this.podIp = podIp;
    this.provider = provider;
    this.logs = logs;
    for (Instrumentation instrumentation : Instrumentation.values()) {
      tracers.put(
          instrumentation,
          provider
              .tracerBuilder(instrumentation.scopeName(service))
              .setInstrumentationVersion(instrumentation.scopeVersion(service))
              .build());
    }
  }

  DemoService service() {
    return service;
  }

  String podIp() {
    return podIp;
  }

  SdkTracerProvider provider() {
    return provider;
  }

  /** Where this replica's logs go (its own logs SDK or loki4j appender). */
  LogChannel logs() {
    return logs;
  }

  Tracer tracer(Instrumentation instrumentation) {
    return tracers.get(instrumentation);
  }

  @Override
  public String toString() {
    return podName;
  }
}
