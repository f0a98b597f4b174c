package io.tracemate.demo;

import java.util.List;

/** The things that go wrong in the simulated shop; at most one per user request. */
enum Fault {
  NONE,
  /** order-service dereferences a missing shipping address while reading an order. */
  ORDER_NULL_POINTER,
  /** The INSERT INTO orders loses a MySQL deadlock. */
  MYSQL_DEADLOCK,
  /** inventory-service's Redis does not answer in time; the gRPC call fails UNAVAILABLE. */
  REDIS_TIMEOUT,
  /** bank-core does not answer bank-gateway in time: 504 → 502 → 500 up to the gateway. */
  BANK_TIMEOUT,
  /** The model server times out; risk-control falls back to rules, the request succeeds. */
  AI_INFERENCE_TIMEOUT;

  static final List<Fault> READ_ORDER = List.of(ORDER_NULL_POINTER, REDIS_TIMEOUT);
  static final List<Fault> CREATE_ORDER =
      List.of(MYSQL_DEADLOCK, REDIS_TIMEOUT, BANK_TIMEOUT, AI_INFERENCE_TIMEOUT);
  static final List<Fault> CHECK_STOCK = List.of(REDIS_TIMEOUT);
}
