package io.tracemate.demo;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;

/**
 * order-service: reads and creates orders (MySQL), reserves stock (inventory-service over gRPC),
 * charges (payment-service over HTTP), announces new orders on Kafka and, after every request,
 * reads the order's audit trail — the query that now and then is the 4.5 s full table scan of
 * the troubleshooting story.
 */
final class OrderFlow {

  static final String AUDIT_STATEMENT = "SELECT * FROM audit_log WHERE order_id = ?";
  static final String INSERT_ORDER =
      "INSERT INTO orders (id, user_id, status, total_amount, currency, created_at) VALUES (?, ?, ?, ?, ?, ?)";

  /** What AuditTrailRepository logs after the slow audit query: the log line of the story. */
  static final String SLOW_AUDIT_WARNING =
      "Query on audit_log without date range, potential full table scan.";

  static final String AUDIT_REPOSITORY = "io.shop.order.audit.AuditTrailRepository";

  /** The logger Tomcat reports exceptions escaping the DispatcherServlet with. */
  static final String DISPATCHER_LOGGER =
      "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]";

  private static final String SERVICE_CLASS = "io.shop.order.service.OrderService";

  private final InventoryFlow inventory;
  private final PaymentFlow payments;
  private final ConsumerFlow consumers;
  private final KafkaTopic ordersTopic;

  OrderFlow(
      InventoryFlow inventory,
      PaymentFlow payments,
      ConsumerFlow consumers,
      KafkaTopic ordersTopic) {
    this.inventory = inventory;
    this.payments = payments;
    this.consumers = consumers;
    this.ordersTopic = ordersTopic;
  }

  /** {@code GET /orders/{id}} as called by the gateway's CLIENT span {@code caller}. */
  Reply.Http getOrder(TraceDraft draft, SpanPlan caller, long start) {
    Randomness random = draft.random();
    SpanPlan server =
        caller.serverOf(
            draft.pick(DemoService.ORDER_SERVICE),
            Instrumentation.SPRING_WEBMVC,
            "GET /orders/{id}",
            start);
    Semconv.httpServer(
        server,
        "GET",
        "/orders/{id}",
        "/orders/" + draft.orderId(),
        8080,
        caller.service().podIp(),
        "ReactorNetty/1.1.22");
    long t = start + random.overhead();
    SpanPlan logic =
        Semconv.code(server, SERVICE_CLASS, "getOrder", t)
            .attr("order.id", draft.orderId())
            .attr("enduser.id", draft.userId());
    t =
        query(
            logic,
            "orders",
            "SELECT o.id, o.user_id, o.status, o.total_amount, o.currency, o.created_at FROM orders o WHERE o.id = ?",
            t + random.overhead(),
            random.millis(1.1, 0.5));
    t =
        query(
            logic,
            "order_items",
            "SELECT i.sku, i.quantity, i.unit_price FROM order_items i WHERE i.order_id = ?",
            t + random.overhead(),
            random.millis(0.9, 0.5));
    Reply.Rpc stock = inventory.call(draft, logic, InventoryFlow.GET_STOCK, t + random.overhead());
    t = stock.end();
    if (!stock.ok()) {
      return failRequest(
          draft,
          server,
          logic,
          t,
          Failures.grpcUnavailable(
              InventoryFlow.GET_STOCK,
              "io.shop.order.service.OrderService.getOrder(OrderService.java:88)"));
    }
    if (draft.faultIs(Fault.ORDER_NULL_POINTER)) {
      return failRequest(
          draft, server, logic, t + random.millis(0.3, 0.3), Failures.orderNullPointer());
    }
    t = auditTrail(draft, logic, t + random.overhead());
    logic
        .appLog(
            t,
            LogSeverity.DEBUG,
            SERVICE_CLASS,
            "Loaded order " + draft.orderId() + " (status PAID)",
            code("getOrder", draft))
        .attr("order.status", "PAID")
        .end(t);
    t = Semconv.httpServerDone(server, 200, t + random.overhead());
    return new Reply.Http(t, 200);
  }

  /** {@code POST /orders}: reserve stock, charge, store, announce on Kafka, read the audit trail. */
  Reply.Http createOrder(TraceDraft draft, SpanPlan caller, long start) {
    Randomness random = draft.random();
    SpanPlan server =
        caller.serverOf(
            draft.pick(DemoService.ORDER_SERVICE),
            Instrumentation.SPRING_WEBMVC,
            "POST /orders",
            start);
    Semconv.httpServer(
        server,
        "POST",
        "/orders",
        "/orders",
        8080,
        caller.service().podIp(),
        "ReactorNetty/1.1.22");
    long t = start + random.overhead();
    SpanPlan logic =
        Semconv.code(server, SERVICE_CLASS, "createOrder", t)
            .attr("order.id", draft.orderId())
            .attr("order.item_count", (long) draft.quantity())
            .attr("order.total_amount", draft.amount())
            .attr("enduser.id", draft.userId());

    Reply.Rpc reserved =
        inventory.call(draft, logic, InventoryFlow.RESERVE_STOCK, t + random.overhead());
    t = reserved.end();
    if (!reserved.ok()) {
      return failRequest(
          draft,
          server,
          logic,
          t,
          Failures.grpcUnavailable(
              InventoryFlow.RESERVE_STOCK,
              "io.shop.order.service.OrderService.createOrder(OrderService.java:118)"));
    }
    Reply.Http charged = payments.charge(draft, logic, t + random.overhead());
    t = charged.end();
    if (!charged.ok()) {
      return failRequest(draft, server, logic, t + random.overhead(), Failures.paymentBadGateway());
    }

    SpanPlan insert =
        Semconv.mysql(logic, "orders", "INSERT", "orders", INSERT_ORDER, t + random.overhead());
    if (draft.faultIs(Fault.MYSQL_DEADLOCK)) {
      t = insert.startNanos() + random.millis(45, 0.4);
      insert
          .attr("error.type", "com.mysql.cj.jdbc.exceptions.MySQLTransactionRollbackException")
          .fail(t, Failures.mysqlDeadlock())
          .end(t);
      return failRequest(
          draft,
          server,
          logic,
          t + random.overhead(),
          Failures.springCannotAcquireLock(INSERT_ORDER));
    }
    t =
        insert
            .attr("db.response.affected_rows", 1L)
            .end(insert.startNanos() + random.millis(3, 0.5));
    logic.appLog(
        t,
        LogSeverity.INFO,
        SERVICE_CLASS,
        String.format(
            java.util.Locale.ROOT,
            "Order %s created for user %s (%d items, %.2f CNY)",
            draft.orderId(),
            draft.userId(),
            draft.quantity(),
            draft.amount()),
        code("createOrder", draft));

    SpanPlan publish =
        logic
            .child(
                Instrumentation.KAFKA,
                ordersTopic.name() + " publish",
                SpanKind.PRODUCER,
                t + random.overhead())
            .publishes(ordersTopic, draft.orderId())
            .attr("messaging.system", "kafka")
            .attr("messaging.destination.name", ordersTopic.name())
            .attr("messaging.operation", "publish")
            .attr("messaging.operation.type", "send")
            .attr("messaging.kafka.message.key", draft.orderId())
            .attr("messaging.client_id", "producer-order-service-1")
            .attr("server.address", "kafka-0.kafka-headless.infra.svc.cluster.local")
            .attr("server.port", 9092L);
    t = publish.end(publish.startNanos() + random.millis(0.6, 0.5));
    consumers.notifyCustomer(draft, publish, t + random.millis(12, 0.8));

    t = auditTrail(draft, logic, t + random.overhead());
    logic.attr("order.status", "CREATED").end(t);
    t = Semconv.httpServerDone(server, 201, t + random.overhead());
    return new Reply.Http(t, 201);
  }

  /**
   * Reads the order's audit trail. Normally a few milliseconds; for the unlucky requests it scans
   * the whole table for ~4.5 s and the service logs a warning, exactly as in the seed story.
   */
  private long auditTrail(TraceDraft draft, SpanPlan logic, long start) {
    Randomness random = draft.random();
    SpanPlan audit =
        Semconv.mysql(logic, "orders", "SELECT", "audit_log", AUDIT_STATEMENT, start)
            .attr("db.user", "order_user")
            .attr("network.peer.address", "10.43.12.7")
            .attr("network.peer.port", 3306L);
    if (!draft.slowAuditQuery()) {
      return audit
          .attr("db.response.returned_rows", (long) random.between(1, 12))
          .end(start + random.millis(2.5, 0.5));
    }
    double factor = Math.exp(0.03 * random.generator().nextGaussian());
    long duration = Math.clamp((long) (4_500_000_000L * factor), 4_200_000_000L, 4_900_000_000L);
    long end = start + duration;
    audit
        .attr("db.response.returned_rows", (long) random.between(3, 40))
        .log(
            end,
            "log",
            Attributes.builder()
                .put("log.severity", "WARN")
                .put("log.logger", AUDIT_REPOSITORY)
                .put("log.message", SLOW_AUDIT_WARNING)
                .build())
        // The same warning in the service's log, written while the JDBC span is active.
        .appLog(
            end,
            LogSeverity.WARN,
            AUDIT_REPOSITORY,
            SLOW_AUDIT_WARNING,
            Attributes.builder()
                .put("code.namespace", AUDIT_REPOSITORY)
                .put("code.function", "findByOrderId")
                .put("db.sql.table", "audit_log")
                .put("db.duration_ms", duration / 1_000_000)
                .put("order.id", draft.orderId())
                .build());
    return audit.end(end);
  }

  private static Attributes code(String function, TraceDraft draft) {
    return Attributes.builder()
        .put("code.namespace", SERVICE_CLASS)
        .put("code.function", function)
        .put("order.id", draft.orderId())
        .put("user.id", draft.userId())
        .build();
  }

  private long query(SpanPlan logic, String table, String statement, long start, long duration) {
    return Semconv.mysql(logic, "orders", "SELECT", table, statement, start).end(start + duration);
  }

  private Reply.Http failRequest(
      TraceDraft draft, SpanPlan server, SpanPlan logic, long at, SimulatedException exception) {
    logic.fail(at, exception).end(at);
    // The Spring MVC instrumentation records the escaping exception on the server span as well.
    long t = at + draft.random().overhead();
    server
        .fail(t, exception)
        .appLog(
            t,
            LogSeverity.ERROR,
            DISPATCHER_LOGGER,
            "Servlet.service() for servlet [dispatcherServlet] in context"
                + " with path [] threw exception [Request processing failed: "
                + exception
                + "] with root cause",
            exception);
    return new Reply.Http(Semconv.httpServerDone(server, 500, t), 500);
  }
}
