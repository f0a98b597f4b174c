package io.tracemate.demo;

/**
 * The decisions taken once per simulated user request: which fault (if any) it meets, whether the
 * audit query is the slow one, and the business identifiers every service sees. Not thread-safe.
 */
final class TraceDraft {

  private final SimulatedFleet fleet;
  private final Randomness random;
  private final Fault fault;
  private final boolean slowAuditQuery;
  private final String userId;
  private final String orderId;
  private final String paymentId;
  private final String sku;
  private final int quantity;
  private final long amountCents;

  TraceDraft(SimulatedFleet fleet, Randomness random, Fault fault, boolean slowAuditQuery) {
    this.fleet = fleet;
    this.random = random;
    this.fault = fault;
    this.slowAuditQuery = slowAuditQuery;
    this.userId = "U" + random.digits(7);
    this.orderId = "ORD-" + random.digits(10);
    this.paymentId = "PAY-" + random.digits(12);
    this.sku = "SKU-" + random.between(10_000, 10_999);
    this.quantity = random.between(1, 4);
    this.amountCents = quantity * (long) random.between(1_990, 89_900);
  }

  ServiceInstance pick(DemoService service) {
    return fleet.pick(service, random.generator());
  }

  Randomness random() {
    return random;
  }

  boolean faultIs(Fault candidate) {
    return fault == candidate;
  }

  boolean slowAuditQuery() {
    return slowAuditQuery;
  }

  String userId() {
    return userId;
  }

  String orderId() {
    return orderId;
  }

  String paymentId() {
    return paymentId;
  }

  String sku() {
    return sku;
  }

  int quantity() {
    return quantity;
  }

  /** Order total in CNY, with two decimals. */
  double amount() {
    return amountCents / 100.0;
  }
}
