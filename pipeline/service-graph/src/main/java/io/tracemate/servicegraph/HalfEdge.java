package io.tracemate.servicegraph;

import io.tracemate.model.SpanKind;

/**
 * One side of a would-be edge, taken from a span: CLIENT or PRODUCER (the initiator), SERVER or CONSUMER
 * (the receiver). Only what an edge needs is kept, so a pending half edge costs a few dozen bytes, not a span.
 *
 * <p>Not thread-safe: owned by {@link PendingEdges} under the graph's lock.
 */
final class HalfEdge {
  final SpanKind kind;
  final String service;
  final long startEpochMillis;
  final long durationNanos;
  final boolean error;

  /** The uninstrumented peer this span names (callee of an initiator, broker of a consumer); may be null. */
  final PeerNaming.Peer peer;

  /** The broker destination ({@code kafka/orders}) of a producer or consumer; "" otherwise. */
  final String destination;

  /** A CLIENT span of a database call (db.system, db.namespace or db.name): it never has an instrumented server. */
  final boolean databaseCall;

  /** How many store entries this half edge waits in (a consumer waits once per producer it links to). */
  int waitingIn;

  /** Whether it met at least one partner. */
  boolean paired;

  /** Whether it was already reported unpaired (eviction can release a consumer's entries one by one). */
  boolean reported;

  HalfEdge(
      SpanKind kind,
      String service,
      long startEpochMillis,
      long durationNanos,
      boolean error,
      PeerNaming.Peer peer,
      String destination,
      boolean databaseCall) {
    this.kind = kind;
    this.service = service;
    this.startEpochMillis = startEpochMillis;
    this.durationNanos = durationNanos;
    this.error = error;
    this.peer = peer;
    this.destination = destination;
    this.databaseCall = databaseCall;
  }

  boolean isInitiator() {
    return kind == SpanKind.CLIENT || kind == SpanKind.PRODUCER;
  }

  /** CLIENT pairs with SERVER, PRODUCER with CONSUMER. */
  boolean canPairWith(HalfEdge receiver) {
    return (kind == SpanKind.CLIENT && receiver.kind == SpanKind.SERVER)
        || (kind == SpanKind.PRODUCER && receiver.kind == SpanKind.CONSUMER);
  }
}
