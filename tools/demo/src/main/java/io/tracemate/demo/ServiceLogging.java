package io.tracemate.demo;

import io.opentelemetry.api.trace.SpanContext;

/**
 * How each simulated service logs: which channel its logs leave through, the logger of its request
 * log, and the names of its worker threads (Tomcat, Reactor Netty, gRPC, Kafka consumer).
 *
 * <p>Most services use the OpenTelemetry Logs Bridge (OTLP), as services running the Java agent do.
 * bank-gateway is the "legacy" service that pushes plain text to Loki; analytics-service (the data
 * team's) pushes JSON lines to Loki.
 */
final class ServiceLogging {

  /** Threads of a request handler's pool; a request stays on one thread within one service. */
  private static final int WORKER_THREADS = 200;

  private ServiceLogging() {}

  /**
   * The line format of a service that pushes its logs to Loki (when a Loki endpoint is set); null
   * for the services that log over OTLP.
   */
  static LokiLogChannel.Format lokiFormat(DemoService service) {
    return switch (service) {
      case BANK_GATEWAY -> LokiLogChannel.Format.TEXT;
      case ANALYTICS_SERVICE -> LokiLogChannel.Format.JSON;
      default -> null;
    };
  }

  /** The logger that writes the service's request (access) log. */
  static String requestLogger(DemoService service) {
    return switch (service) {
      case API_GATEWAY -> "reactor.netty.http.server.AccessLog";
      case INVENTORY_SERVICE -> "io.shop.inventory.grpc.AccessLogInterceptor";
      case RISK_CONTROL -> "io.payments.risk.grpc.AccessLogInterceptor";
      case PAYMENT_SERVICE, BANK_GATEWAY -> "io.payments.web.RequestLoggingFilter";
      case NOTIFICATION_SERVICE -> "io.shop.notification.OrderEventsListener";
      case ANALYTICS_SERVICE -> "io.shop.analytics.OrderEventsConsumer";
      case ORDER_SERVICE -> "io.shop.order.web.RequestLoggingFilter";
    };
  }

  /**
   * The thread that handled this service's part of the trace: derived from the trace ID so every
   * line of one request in one service shows the same thread, without drawing scenario randomness.
   */
  static String thread(DemoService service, SpanContext span) {
    if (!span.isValid()) {
      return backgroundThread(service);
    }
    int worker =
        1 + Math.floorMod(span.getTraceId().hashCode() * 31 + service.ordinal(), WORKER_THREADS);
    return switch (service) {
      case API_GATEWAY -> "reactor-http-epoll-" + (1 + worker % 4);
      case INVENTORY_SERVICE, RISK_CONTROL -> "grpc-default-executor-" + worker;
      case NOTIFICATION_SERVICE ->
          "org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1";
      case ANALYTICS_SERVICE -> "analytics-consumer-1";
      default -> "http-nio-8080-exec-" + worker;
    };
  }

  /** The thread of work outside any request: health probes, pool housekeeping. */
  static String backgroundThread(DemoService service) {
    return switch (service) {
      case API_GATEWAY -> "reactor-http-epoll-1";
      case INVENTORY_SERVICE, RISK_CONTROL -> "grpc-default-executor-0";
      case NOTIFICATION_SERVICE, ANALYTICS_SERVICE -> "main";
      default -> "http-nio-8080-exec-1";
    };
  }
}
