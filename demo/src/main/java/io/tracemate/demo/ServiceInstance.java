package io.tracemate.demo;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.EnumMap;
import java.util.Map;

/**
 * One replica (pod) of a simulated service: its own SDK tracer provider (with its own resource
 * and exporter), as a separate process would have. Thread-safe: tracers are created up front.
 */
final class ServiceInstance {

  private final DemoService service;
  private final String podName;
  private final String podIp;
  private final SdkTracerProvider provider;
  private final Map<Instrumentation, Tracer> tracers = new EnumMap<>(Instrumentation.class);

  ServiceInstance(DemoService service, String podName, String podIp, SdkTracerProvider provider) {
    this.service = service;
    this.podName = podName;
    this.podIp = podIp;
    this.provider = provider;
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

  Tracer tracer(Instrumentation instrumentation) {
    return tracers.get(instrumentation);
  }

  @Override
  public String toString() {
    return podName;
  }
}
