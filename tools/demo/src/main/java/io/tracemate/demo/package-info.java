/**
 * The demo: a simulated shop whose services send realistic telemetry to Tracemate over the network,
 * exactly as instrumented services would.
 *
 * <p>Traffic is planned first ({@link io.tracemate.demo.SpanPlan} trees built by the flows: gateway,
 * orders, inventory, payments, Kafka consumers) and emitted afterwards with explicit timestamps in
 * the recent past, so a 4.5 s query costs microseconds. Every replica is its own "process": its own
 * OpenTelemetry tracer provider and resource, and its own log channel — the OpenTelemetry Logs
 * Bridge exporting OTLP (what the logback appender of the Java agent does) or, for the services that
 * ship straight to Loki, a loki4j appender in a logback context of its own. Context crosses services
 * only as W3C {@code traceparent} headers.
 *
 * <p>Logs are planned inside spans ({@code SpanPlan.appLog}) and written with the span's trace and
 * span IDs at their simulated instant; each SERVER and CONSUMER span also gets its request log line.
 * The trace shapes do not depend on logging: switching logs off sends the same spans.
 *
 * <p>Entry points: {@link io.tracemate.demo.DemoTrafficGenerator} configured by
 * {@link io.tracemate.demo.DemoOptions}, observed through {@link io.tracemate.demo.DemoStats}.
 */
package io.tracemate.demo;
