package io.tracemate.demo;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.ArrayList;
import java.util.List;

/**
 * One span of a simulated trace, planned before anything is sent: which replica records it, when
 * it starts and ends relative to the trace start, its attributes, status, events and children.
 *
 * <p>Planning first and emitting afterwards lets the whole trace be placed in the recent past
 * (nothing ends in the future, even a 4.5 s query) while the generator runs far faster than the
 * simulated time. {@link TraceEmitter} turns a plan into real SDK spans.
 *
 * <p>Not thread-safe: built and emitted by one thread.
 */
final class SpanPlan {

  /** How a span finds its parent, which decides how the emitter propagates context to it. */
  enum Parenting {
    /** The first span of a trace. */
    ROOT,
    /** A child in the same process: the parent's context is passed directly. */
    IN_PROCESS,
    /** The server side of a call: context crosses the wire in W3C {@code traceparent} headers. */
    REMOTE_CALL,
    /** A consumer of a record the parent (a PRODUCER) published: parent and link from its headers. */
    KAFKA_RECORD
  }

  private final ServiceInstance service;
  private final Instrumentation instrumentation;
  private final String name;
  private final SpanKind kind;
  private final Parenting parenting;
  private final long startNanos;
  private long endNanos = -1;
  private final AttributesBuilder attributes = Attributes.builder();
  private StatusCode status = StatusCode.UNSET;
  private String statusDescription = "";
  private final List<PlannedEvent> events = new ArrayList<>(2);
  private final List<SpanPlan> children = new ArrayList<>(4);
  private KafkaTopic publishTopic;
  private String publishKey;
  private List<KafkaMessage> consumedRecords = List.of();

  private SpanPlan(
      ServiceInstance service,
      Instrumentation instrumentation,
      String name,
      SpanKind kind,
      Parenting parenting,
      long startNanos) {
    this.service = service;
    this.instrumentation = instrumentation;
    this.name = name;
    this.kind = kind;
    this.parenting = parenting;
    this.startNanos = startNanos;
  }

  static SpanPlan root(
      ServiceInstance service,
      Instrumentation instrumentation,
      String name,
      SpanKind kind,
      long start) {
    return new SpanPlan(service, instrumentation, name, kind, Parenting.ROOT, start);
  }

  /** A child span recorded by the same process. */
  SpanPlan child(Instrumentation instrumentation, String name, SpanKind kind, long start) {
    return add(new SpanPlan(service, instrumentation, name, kind, Parenting.IN_PROCESS, start));
  }

  /** The callee's server span of the call this CLIENT span makes. */
  SpanPlan serverOf(
      ServiceInstance callee, Instrumentation instrumentation, String name, long start) {
    if (kind != SpanKind.CLIENT) {
      throw new IllegalStateException(
          "only a CLIENT span calls another service, not " + kind + " " + name);
    }
    return add(
        new SpanPlan(callee, instrumentation, name, SpanKind.SERVER, Parenting.REMOTE_CALL, start));
  }

  /** A consumer processing the record this PRODUCER span publishes, in the same trace. */
  SpanPlan consumerOf(ServiceInstance consumer, String name, long start) {
    if (kind != SpanKind.PRODUCER || publishTopic == null) {
      throw new IllegalStateException(
          "only a publishing PRODUCER span has consumers, not " + kind + " " + name);
    }
    return add(
        new SpanPlan(
            consumer,
            Instrumentation.KAFKA,
            name,
            SpanKind.CONSUMER,
            Parenting.KAFKA_RECORD,
            start));
  }

  /** Marks this PRODUCER span as publishing one record with {@code key} to {@code topic}. */
  SpanPlan publishes(KafkaTopic topic, String key) {
    if (kind != SpanKind.PRODUCER) {
      throw new IllegalStateException("only a PRODUCER span publishes, not " + kind + " " + name);
    }
    this.publishTopic = topic;
    this.publishKey = key;
    return this;
  }

  /** Records already published (by other traces) that this span consumes: one link each. */
  SpanPlan consumes(List<KafkaMessage> records) {
    this.consumedRecords = List.copyOf(records);
    return this;
  }

  SpanPlan attr(String key, String value) {
    attributes.put(key, value);
    return this;
  }

  SpanPlan attr(String key, long value) {
    attributes.put(key, value);
    return this;
  }

  SpanPlan attr(String key, double value) {
    attributes.put(key, value);
    return this;
  }

  SpanPlan attr(String key, boolean value) {
    attributes.put(key, value);
    return this;
  }

  SpanPlan error(String description) {
    this.status = StatusCode.ERROR;
    this.statusDescription = description;
    return this;
  }

  /** Records {@code exception} at {@code at} and marks the span failed with its message. */
  SpanPlan fail(long at, SimulatedException exception) {
    events.add(new PlannedEvent.Failure(at, exception));
    return error(exception.toString());
  }

  SpanPlan log(long at, String name, Attributes eventAttributes) {
    events.add(new PlannedEvent.Log(at, name, eventAttributes));
    return this;
  }

  /** The service writes {@code message} to its log at {@code at} while this span is active. */
  SpanPlan appLog(long at, LogSeverity severity, String logger, String message, Attributes fields) {
    events.add(new PlannedEvent.AppLog(at, severity, logger, message, fields, null));
    return this;
  }

  /** The service logs {@code exception} with its stack trace at {@code at} while this span is active. */
  SpanPlan appLog(
      long at, LogSeverity severity, String logger, String message, SimulatedException exception) {
    events.add(
        new PlannedEvent.AppLog(at, severity, logger, message, Attributes.empty(), exception));
    return this;
  }

  /** Ends the span at {@code at}; returns {@code at} so handlers can chain their clock. */
  long end(long at) {
    if (at < startNanos) {
      throw new IllegalArgumentException(
          "span " + name + " would end before it starts: " + at + " < " + startNanos);
    }
    this.endNanos = at;
    return at;
  }

  /** The latest end of this span and everything below it. */
  long latestEnd() {
    long latest = endNanos;
    for (SpanPlan child : children) {
      latest = Math.max(latest, child.latestEnd());
    }
    return latest;
  }

  private SpanPlan add(SpanPlan child) {
    children.add(child);
    return child;
  }

  ServiceInstance service() {
    return service;
  }

  Instrumentation instrumentation() {
    return instrumentation;
  }

  String name() {
    return name;
  }

  SpanKind kind() {
    return kind;
  }

  Parenting parenting() {
    return parenting;
  }

  long startNanos() {
    return startNanos;
  }

  long endNanos() {
    if (endNanos < 0) {
      throw new IllegalStateException(
          "span " + name + " of " + service + " was planned but never ended");
    }
    return endNanos;
  }

  Attributes attributes() {
    return attributes.build();
  }

  StatusCode status() {
    return status;
  }

  String statusDescription() {
    return statusDescription;
  }

  List<PlannedEvent> events() {
    return events;
  }

  List<SpanPlan> children() {
    return children;
  }

  KafkaTopic publishTopic() {
    return publishTopic;
  }

  String publishKey() {
    return publishKey;
  }

  List<KafkaMessage> consumedRecords() {
    return consumedRecords;
  }
}
