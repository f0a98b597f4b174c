package io.tracemate.demo;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Turns a {@link SpanPlan} into real spans through the OpenTelemetry SDK of each replica.
 *
 * <p>Context crosses service boundaries the way it does between real processes: the caller's
 * context is injected as W3C {@code traceparent} into a header map (the outgoing request or Kafka
 * record headers) and the callee extracts it with the propagator; nothing else is shared. Every
 * timestamp is explicit, so a 4.5 s span costs microseconds to produce.
 *
 * <p>Log lines planned inside a span ({@link PlannedEvent.AppLog}) and each request's log line go
 * to the replica's log channel with the span's trace and span IDs and their simulated timestamps;
 * they add nothing to the trace itself.
 *
 * <p>Thread-safe if each thread emits its own plans.
 */
final class TraceEmitter {

  private static final AttributeKey<String> EXCEPTION_TYPE =
      AttributeKey.stringKey("exception.type");

  private static final TextMapSetter<Map<String, String>> SETTER = Map::put;
  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private final TextMapPropagator propagator = W3CTraceContextPropagator.getInstance();
  private final SimulatedClock clock;
  private final LongAdder spansEnded = new LongAdder();

  TraceEmitter(SimulatedClock clock) {
    this.clock = clock;
  }

  /** Emits the whole tree with the trace start at {@code anchorEpochNanos}. */
  void emit(SpanPlan root, long anchorEpochNanos) {
    try {
      emit(root, Context.root(), null, anchorEpochNanos);
    } finally {
      clock.clear();
    }
  }

  long spansEnded() {
    return spansEnded.sum();
  }

  private void emit(SpanPlan plan, Context parent, KafkaMessage parentRecord, long anchor) {
    long start = anchor + plan.startNanos();
    clock.set(start);
    SpanBuilder builder =
        plan.service()
            .tracer(plan.instrumentation())
            .spanBuilder(plan.name())
            .setSpanKind(plan.kind())
            .setStartTimestamp(start, TimeUnit.NANOSECONDS)
            .setAllAttributes(plan.attributes());
    switch (plan.parenting()) {
      case ROOT -> builder.setNoParent();
      case IN_PROCESS -> builder.setParent(parent);
      case REMOTE_CALL -> builder.setParent(extract(inject(parent)));
      case KAFKA_RECORD -> {
        Context producer = extract(parentRecord.headers());
        builder
            .setParent(producer)
            .addLink(Span.fromContext(producer).getSpanContext(), recordAttributes(parentRecord))
            .setAttribute("messaging.kafka.destination.partition", parentRecord.partition())
            .setAttribute("messaging.kafka.message.offset", parentRecord.offset());
      }
    }
    for (KafkaMessage record : plan.consumedRecords()) {
      SpanContext producer = Span.fromContext(extract(record.headers())).getSpanContext();
      builder.addLink(producer, recordAttributes(record));
    }
    Span span = builder.startSpan();
    Context context = Context.root().with(span);

    KafkaMessage published = null;
    if (plan.publishTopic() != null) {
      published = plan.publishTopic().publish(plan.publishKey(), inject(context), start);
      span.setAttribute("messaging.kafka.destination.partition", published.partition());
      span.setAttribute("messaging.kafka.message.offset", published.offset());
    }
    for (PlannedEvent event : plan.events()) {
      long at = anchor + event.offsetNanos();
      switch (event) {
        case PlannedEvent.Log log ->
            span.addEvent(log.name(), log.attributes(), at, TimeUnit.NANOSECONDS);
        case PlannedEvent.Failure failure -> {
          clock.set(at); // recordException takes its timestamp from the SDK clock
          span.recordException(
              failure.exception(), Attributes.of(EXCEPTION_TYPE, failure.exception().typeName()));
        }
        case PlannedEvent.AppLog line -> writeLog(plan, span.getSpanContext(), line, anchor);
      }
    }
    if (plan.status() == StatusCode.ERROR) {
      span.setStatus(StatusCode.ERROR, plan.statusDescription());
    }
    for (SpanPlan child : plan.children()) {
      emit(child, context, published, anchor);
    }
    span.end(anchor + plan.endNanos(), TimeUnit.NANOSECONDS);
    spansEnded.increment();
    PlannedEvent.AppLog requestLog = RequestLogs.of(plan);
    if (requestLog != null) {
      writeLog(plan, span.getSpanContext(), requestLog, anchor);
    }
  }

  /** The service writes {@code line} to its log while {@code span} is its active span. */
  private static void writeLog(
      SpanPlan plan, SpanContext span, PlannedEvent.AppLog line, long anchor) {
    ServiceInstance service = plan.service();
    service
        .logs()
        .write(
            new LogLine(
                anchor + line.offsetNanos(),
                line.severity(),
                line.logger(),
                ServiceLogging.thread(service.service(), span),
                line.message(),
                span,
                line.attributes(),
                line.exception()));
  }

  /** What the caller's instrumentation writes into the outgoing request or record headers. */
  private Map<String, String> inject(Context context) {
    Map<String, String> headers = new HashMap<>(4);
    propagator.inject(context, headers, SETTER);
    return headers;
  }

  /** What the callee's instrumentation reads back from the incoming headers. */
  private Context extract(Map<String, String> headers) {
    return propagator.extract(Context.root(), headers, GETTER);
  }

  private static Attributes recordAttributes(KafkaMessage record) {
    return Attributes.builder()
        .put("messaging.destination.name", record.topic())
        .put("messaging.kafka.destination.partition", record.partition())
        .put("messaging.kafka.message.offset", record.offset())
        .build();
  }
}
