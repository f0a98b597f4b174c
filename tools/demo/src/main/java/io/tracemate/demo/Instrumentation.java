package io.tracemate.demo;

/**
 * The instrumentation scope a simulated span comes from, named like the OpenTelemetry Java agent's
 * instrumentations so the backend sees realistic scope names; {@link #MANUAL} spans use the
 * service's own scope, as hand-written spans do.
 */
enum Instrumentation {
  SPRING_WEBFLUX("io.opentelemetry.spring-webflux-5.3"),
  REACTOR_NETTY("io.opentelemetry.reactor-netty-1.0"),
  SPRING_WEBMVC("io.opentelemetry.spring-webmvc-6.0"),
  HTTP_CLIENT("io.opentelemetry.okhttp-3.0"),
  GRPC("io.opentelemetry.grpc-1.6"),
  JDBC("io.opentelemetry.jdbc"),
  LETTUCE("io.opentelemetry.lettuce-5.1"),
  KAFKA("io.opentelemetry.kafka-clients-2.6"),
  MANUAL(null);

  /** Version of the (simulated) Java agent whose instrumentations produced the spans. */
  static final String AGENT_VERSION = "2.10.0-alpha";

  private final String scopeName;

  Instrumentation(String scopeName) {
    this.scopeName = scopeName;
  }

  String scopeName(DemoService service) {
    return scopeName != null ? scopeName : "io.shop." + service.serviceName().replace('-', '.');
  }

  String scopeVersion(DemoService service) {
    return scopeName != null ? AGENT_VERSION : service.version();
  }
}
