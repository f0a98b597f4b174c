package io.tracemate.demo;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;

/** inventory-service: a gRPC server backed by Redis (stock cache) and MySQL (reservations). */
final class InventoryFlow {

  static final String RPC_SERVICE = "inventory.v1.InventoryService";
  static final String GET_STOCK = "GetStock";
  static final String RESERVE_STOCK = "ReserveStock";

  private static final long REDIS_TIMEOUT_NANOS = 1_000_000_000L;
  private static final String STOCK_CACHE = "io.shop.inventory.cache.StockCache";
  private static final String GRPC_SERVICE_CLASS = "io.shop.inventory.grpc.InventoryGrpcService";

  /**
   * {@code caller} calls {@code method} on inventory-service: the CLIENT span is recorded by the
   * caller's process, the SERVER span and everything below by an inventory-service replica.
   */
  Reply.Rpc call(TraceDraft draft, SpanPlan caller, String method, long start) {
    Randomness random = draft.random();
    DemoService inventory = DemoService.INVENTORY_SERVICE;
    String fullName = RPC_SERVICE + "/" + method;
    SpanPlan client =
        Semconv.rpc(
            caller.child(Instrumentation.GRPC, fullName, SpanKind.CLIENT, start),
            RPC_SERVICE,
            method,
            inventory.clusterHost());
    long t = start + random.hop();
    SpanPlan server =
        Semconv.rpc(
                client.serverOf(draft.pick(inventory), Instrumentation.GRPC, fullName, t),
                RPC_SERVICE,
                method,
                inventory.clusterHost())
            .attr("network.peer.address", caller.service().podIp())
            .attr("inventory.sku", draft.sku());
    t += random.overhead();

    boolean cacheDown = draft.faultIs(Fault.REDIS_TIMEOUT);
    String command = GET_STOCK.equals(method) ? "GET" : "EVALSHA";
    String statement =
        GET_STOCK.equals(method)
            ? "GET stock:" + draft.sku()
            : "EVALSHA 8f1c2a9e0b7d reserve_stock 1 stock:" + draft.sku() + " ?";
    SpanPlan cache = Semconv.redis(server, command, statement, t);
    if (cacheDown) {
      t += REDIS_TIMEOUT_NANOS + random.millis(2, 0.3);
      SimulatedException timeout = Failures.redisTimeout(method);
      cache
          .attr("error.type", "io.lettuce.core.RedisCommandTimeoutException")
          .fail(t, timeout)
          .end(t);
      t += random.overhead();
      server
          .attr("rpc.grpc.status_code", (long) Reply.Rpc.UNAVAILABLE)
          .error("UNAVAILABLE: stock cache unavailable")
          .appLog(
              t,
              LogSeverity.ERROR,
              GRPC_SERVICE_CLASS,
              method
                  + " failed for "
                  + draft.sku()
                  + ": stock cache unavailable, answering UNAVAILABLE",
              timeout);
      server.end(t);
      t += random.hop();
      client
          .attr("rpc.grpc.status_code", (long) Reply.Rpc.UNAVAILABLE)
          .error("UNAVAILABLE: stock cache unavailable")
          .end(t);
      return new Reply.Rpc(t, Reply.Rpc.UNAVAILABLE);
    }
    t = cache.end(t + random.millis(0.4, 0.5));
    // The cache's DEBUG chatter: one line per lookup, the noisiest stream of the shop.
    cache.appLog(
        t,
        LogSeverity.DEBUG,
        STOCK_CACHE,
        "Cache hit for stock:" + draft.sku() + " (" + command + ")",
        Attributes.builder()
            .put("cache.key", "stock:" + draft.sku())
            .put("cache.hit", true)
            .build());
    if (RESERVE_STOCK.equals(method)) {
      SpanPlan reserve =
          Semconv.mysql(
                  server,
                  "inventory",
                  "UPDATE",
                  "stock",
                  "UPDATE stock SET reserved = reserved + ? WHERE sku = ? AND available - reserved >= ?",
                  t + random.overhead())
              .attr("db.response.affected_rows", 1L);
      t = reserve.end(reserve.startNanos() + random.millis(2.2, 0.5));
      server.attr("inventory.reserved_quantity", (long) draft.quantity());
    } else {
      server.attr("inventory.available", (long) draft.random().between(0, 480));
    }
    t += random.overhead();
    server.attr("rpc.grpc.status_code", (long) Reply.Rpc.OK).end(t);
    t += random.hop();
    client.attr("rpc.grpc.status_code", (long) Reply.Rpc.OK).end(t);
    return new Reply.Rpc(t, Reply.Rpc.OK);
  }
}
