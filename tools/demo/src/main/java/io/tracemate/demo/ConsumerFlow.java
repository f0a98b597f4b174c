package io.tracemate.demo;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import java.util.List;

/**
 * The two consumer groups of the {@code orders} topic: notification-service processes each record
 * as it arrives (its CONSUMER span continues the producer's trace and links to the producer
 * span), analytics-service polls records in batches (each batch is a new trace whose CONSUMER
 * span links to every producer span it consumed: fan-in across traces).
 */
final class ConsumerFlow {

  private final SimulatedFleet fleet;

  ConsumerFlow(SimulatedFleet fleet) {
    this.fleet = fleet;
  }

  /** notification-service handles the record {@code publish} sends, starting at {@code start}. */
  void notifyCustomer(TraceDraft draft, SpanPlan publish, long start) {
    Randomness random = draft.random();
    SpanPlan consume =
        publish.consumerOf(
            draft.pick(DemoService.NOTIFICATION_SERVICE),
            publish.publishTopic().name() + " process",
            start);
    messaging(consume, publish.publishTopic().name(), "notification-service")
        .attr("messaging.kafka.message.key", draft.orderId());
    long t = start + random.overhead();
    SpanPlan render =
        Semconv.code(consume, "io.shop.notification.TemplateRenderer", "renderOrderConfirmation", t)
            .attr("notification.template", "order-confirmation")
            .attr("notification.channel", "sms");
    t = render.end(t + random.millis(0.8, 0.4));
    SpanPlan send =
        Semconv.httpClient(
                consume,
                Instrumentation.HTTP_CLIENT,
                "POST",
                "api.sms-provider.example",
                443,
                "/v1/messages",
                t + random.overhead())
            .attr("peer.service", "sms-provider");
    t = Semconv.httpClientDone(send, 202, send.startNanos() + random.millis(65, 0.45));
    consume
        .appLog(
            t,
            LogSeverity.INFO,
            "io.shop.notification.OrderConfirmationSender",
            "Sent order-confirmation SMS for order "
                + draft.orderId()
                + " to user "
                + draft.userId(),
            Attributes.builder()
                .put("order.id", draft.orderId())
                .put("user.id", draft.userId())
                .put("notification.channel", "sms")
                .build())
        .end(t + random.overhead());
  }

  /** A new trace: analytics-service consuming {@code records} in one poll. */
  SpanPlan analyticsBatch(List<KafkaMessage> records, Randomness random) {
    String topic = records.getFirst().topic();
    SpanPlan consume =
        SpanPlan.root(
                fleet.pick(DemoService.ANALYTICS_SERVICE, random.generator()),
                Instrumentation.KAFKA,
                topic + " process",
                SpanKind.CONSUMER,
                0)
            .consumes(records);
    messaging(consume, topic, "analytics-service")
        .attr("messaging.batch.message_count", (long) records.size());
    long t = random.overhead();
    consume.appLog(
        t,
        LogSeverity.DEBUG,
        "org.apache.kafka.clients.consumer.internals.FetchCollector",
        "Fetched "
            + records.size()
            + " records from "
            + topic
            + " partitions "
            + records.stream().map(r -> topic + "-" + r.partition()).distinct().sorted().toList(),
        Attributes.empty());
    SpanPlan aggregate =
        Semconv.code(consume, "io.shop.analytics.OrderMetricsAggregator", "aggregate", t)
            .attr("analytics.window", "1m")
            .attr("analytics.records", (long) records.size());
    t = aggregate.end(t + random.millis(0.3 * records.size(), 0.3));
    aggregate.appLog(
        t,
        LogSeverity.INFO,
        "io.shop.analytics.OrderMetricsAggregator",
        "Aggregated " + records.size() + " order events into the 1m window",
        Attributes.builder()
            .put("analytics.window", "1m")
            .put("analytics.records", (long) records.size())
            .build());
    SpanPlan insert =
        consume
            .child(
                Instrumentation.JDBC,
                "INSERT analytics.order_events",
                SpanKind.CLIENT,
                t + random.overhead())
            .attr("db.system", "clickhouse")
            .attr("db.name", "analytics")
            .attr("db.operation", "INSERT")
            .attr("db.sql.table", "order_events")
            .attr(
                "db.statement",
                "INSERT INTO order_events (order_id, user_id, amount, currency, status, ts) VALUES")
            .attr("server.address", "clickhouse.data.svc.cluster.local")
            .attr("server.port", 8123L);
    t = insert.end(insert.startNanos() + random.millis(9, 0.5));
    consume.end(t + random.overhead());
    return consume;
  }

  private static SpanPlan messaging(SpanPlan consume, String topic, String group) {
    return consume
        .attr("messaging.system", "kafka")
        .attr("messaging.destination.name", topic)
        .attr("messaging.operation", "process")
        .attr("messaging.operation.type", "process")
        .attr("messaging.kafka.consumer.group", group)
        .attr("messaging.client_id", "consumer-" + group + "-1");
  }
}
