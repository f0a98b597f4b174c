package io.tracemate.demo;

import io.opentelemetry.api.trace.SpanKind;
import java.util.List;

/**
 * Plans the shop's user requests as they enter through api-gateway: reading an order, placing an
 * order (the payment flow) or checking stock. Decides per request which fault, if any, it meets.
 *
 * <p>Not thread-safe: one instance per generator thread.
 */
final class ShopTraffic {

  static final String PUBLIC_HOST = "shop.example.com";

  private static final List<String> USER_AGENTS =
      List.of(
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
          "ShopApp/5.12.0 (Android 14; Pixel 8) okhttp/4.12.0",
          "ShopApp/5.12.0 (iPhone15,2; iOS 17.5.1) CFNetwork/1496.0.7");

  private final SimulatedFleet fleet;
  private final DemoOptions options;
  private final Randomness random;
  private final InventoryFlow inventory = new InventoryFlow();
  private final OrderFlow orders;
  private final ConsumerFlow consumers;

  ShopTraffic(
      SimulatedFleet fleet, KafkaTopic ordersTopic, DemoOptions options, Randomness random) {
    this.fleet = fleet;
    this.options = options;
    this.random = random;
    this.consumers = new ConsumerFlow(fleet);
    this.orders = new OrderFlow(inventory, new PaymentFlow(), consumers, ordersTopic);
  }

  /** The next user request, planned with its start at offset 0. */
  SpanPlan nextUserRequest() {
    double roll = random.generator().nextDouble();
    if (roll < 0.55) {
      return readOrder(draft(Fault.READ_ORDER, true));
    } else if (roll < 0.85) {
      return placeOrder(draft(Fault.CREATE_ORDER, true));
    } else {
      return checkStock(draft(Fault.CHECK_STOCK, false));
    }
  }

  /** An analytics-service poll of {@code records} (a trace of its own). */
  SpanPlan analyticsBatch(List<KafkaMessage> records) {
    return consumers.analyticsBatch(records, random);
  }

  private TraceDraft draft(List<Fault> possibleFaults, boolean reachesOrderService) {
    Fault fault = random.chance(options.errorRate()) ? random.pick(possibleFaults) : Fault.NONE;
    boolean slowAudit = reachesOrderService && random.chance(options.slowQueryRate());
    return new TraceDraft(fleet, random, fault, slowAudit);
  }

  private SpanPlan readOrder(TraceDraft draft) {
    String path = "/api/orders/" + draft.orderId();
    SpanPlan root = gatewayRoot(draft, "GET", "/api/orders/{id}", path);
    long t = authenticate(draft, root, random.overhead());
    SpanPlan client =
        Semconv.httpClient(
            root,
            Instrumentation.REACTOR_NETTY,
            "GET",
            DemoService.ORDER_SERVICE.clusterHost(),
            8080,
            "/orders/" + draft.orderId(),
            t + random.overhead());
    Reply.Http reply = orders.getOrder(draft, client, client.startNanos() + random.hop());
    return finish(root, client, reply);
  }

  private SpanPlan placeOrder(TraceDraft draft) {
    SpanPlan root =
        gatewayRoot(draft, "POST", "/api/orders", "/api/orders")
            .attr("business.transaction", PaymentFlow.BUSINESS_TRANSACTION);
    long t = authenticate(draft, root, random.overhead());
    SpanPlan client =
        Semconv.httpClient(
            root,
            Instrumentation.REACTOR_NETTY,
            "POST",
            DemoService.ORDER_SERVICE.clusterHost(),
            8080,
            "/orders",
            t + random.overhead());
    Reply.Http reply = orders.createOrder(draft, client, client.startNanos() + random.hop());
    return finish(root, client, reply);
  }

  /** The gateway transcodes this REST call to inventory-service's gRPC API. */
  private SpanPlan checkStock(TraceDraft draft) {
    SpanPlan root =
        gatewayRoot(
            draft, "GET", "/api/products/{sku}/stock", "/api/products/" + draft.sku() + "/stock");
    long t = authenticate(draft, root, random.overhead());
    Reply.Rpc reply = inventory.call(draft, root, InventoryFlow.GET_STOCK, t + random.overhead());
    int status = reply.ok() ? 200 : 503;
    Semconv.httpServerDone(root, status, reply.end() + random.overhead());
    return root;
  }

  private SpanPlan gatewayRoot(TraceDraft draft, String method, String route, String path) {
    String clientAddress =
        random.pick(List.of("203.0.113.", "198.51.100.", "192.0.2.")) + random.between(1, 254);
    return SpanPlan.root(
            draft.pick(DemoService.API_GATEWAY),
            Instrumentation.SPRING_WEBFLUX,
            method + " " + route,
            SpanKind.SERVER,
            0)
        .attr("http.request.method", method)
        .attr("http.route", route)
        .attr("url.full", "https://" + PUBLIC_HOST + path)
        .attr("url.scheme", "https")
        .attr("url.path", path)
        .attr("server.address", PUBLIC_HOST)
        .attr("server.port", 443L)
        .attr("network.protocol.version", "2")
        .attr("client.address", clientAddress)
        .attr("user_agent.original", random.pick(USER_AGENTS))
        .attr("enduser.id", draft.userId());
  }

  private long authenticate(TraceDraft draft, SpanPlan root, long start) {
    SpanPlan verify =
        Semconv.code(root, "io.shop.gateway.security.JwtAuthenticationFilter", "verify", start)
            .attr("auth.method", "jwt")
            .attr("enduser.id", draft.userId());
    return verify.end(start + random.millis(0.25, 0.4));
  }

  private SpanPlan finish(SpanPlan root, SpanPlan client, Reply.Http reply) {
    long t = Semconv.httpClientDone(client, reply.status(), reply.end() + random.hop());
    Semconv.httpServerDone(root, reply.status(), t + random.overhead());
    return root;
  }
}
