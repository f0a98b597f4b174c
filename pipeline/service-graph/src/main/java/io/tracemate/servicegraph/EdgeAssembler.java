package io.tracemate.servicegraph;

import io.tracemate.model.Attribute;
import io.tracemate.model.Span;
import io.tracemate.model.SpanKind;
import java.util.List;

/**
 * Turns spans and store outcomes into {@link CompletedEdge}s: pairs, database calls, virtual peers, and the
 * {@code user} in front of entry services. Stateless and thread-safe; the counters live in the caller.
 */
final class EdgeAssembler {

  /** The client of an entry service's root SERVER span, as the collector names it. */
  static final String USER = "user";

  private final PeerNaming naming;

  EdgeAssembler(PeerNaming naming) {
    this.naming = naming;
  }

  HalfEdge halfEdge(Span span) {
    List<Attribute> attributes = span.attributes();
    // A SERVER never names a peer: when its client does not come, its caller is unknowable.
    PeerNaming.Peer peer = null;
    boolean databaseCall = false;
    if (span.kind() != SpanKind.SERVER) {
      // The attributes are read once per span here (the pairing under the lock reads the half edge
      // only).
      NodeKind kind = PeerNaming.kindOf(attributes);
      databaseCall = span.kind() == SpanKind.CLIENT && kind == NodeKind.DATABASE;
      peer = databaseCall ? naming.databaseOf(attributes) : naming.peerOf(attributes, kind);
    }
    String destination =
        span.kind() == SpanKind.PRODUCER || span.kind() == SpanKind.CONSUMER
            ? PeerNaming.destinationOf(attributes)
            : "";
    return new HalfEdge(
        span.kind(),
        span.serviceName(),
        span.startEpochNanos() / 1_000_000,
        span.durationNanos(),
        span.status().isError(),
        peer,
        destination,
        databaseCall);
  }

  /** A CLIENT span with db.system: the edge to the database node, at once. */
  CompletedEdge databaseCall(HalfEdge client) {
    PeerNaming.Peer peer = client.peer;
    EdgeKey key = new EdgeKey(client.service, peer.name(), ConnectionType.DATABASE, "");
    return oneSided(key, NodeKind.SERVICE, NodeKind.DATABASE, client);
  }

  /** A root SERVER span: a request from {@link #USER}. */
  CompletedEdge fromUser(HalfEdge server) {
    EdgeKey key = new EdgeKey(USER, server.service, ConnectionType.VIRTUAL_NODE, "");
    return oneSided(key, NodeKind.VIRTUAL, NodeKind.SERVICE, server);
  }

  CompletedEdge paired(HalfEdge initiator, HalfEdge receiver) {
    boolean messaging = initiator.kind == SpanKind.PRODUCER;
    String via =
        messaging
            ? (initiator.destination.isEmpty() ? receiver.destination : initiator.destination)
            : "";
    EdgeKey key =
        new EdgeKey(
            initiator.service,
            receiver.service,
            messaging ? ConnectionType.MESSAGING_SYSTEM : ConnectionType.DIRECT,
            via);
    return new CompletedEdge(
        key,
        NodeKind.SERVICE,
        NodeKind.SERVICE,
        initiator.startEpochMillis,
        initiator.durationNanos,
        receiver.startEpochMillis,
        receiver.durationNanos,
        initiator.error || receiver.error);
  }

  /**
   * A half edge that never met its partner: a client or producer calls its named peer; a consumer was fed by its
   * named broker destination. Null when nothing names the peer, or for a SERVER (its caller is unknowable).
   */
  CompletedEdge unpaired(HalfEdge halfEdge) {
    PeerNaming.Peer peer = halfEdge.peer;
    if (peer == null) {
      return null;
    }
    if (halfEdge.isInitiator()) {
      EdgeKey key = new EdgeKey(halfEdge.service, peer.name(), ConnectionType.VIRTUAL_NODE, "");
      return oneSided(key, NodeKind.SERVICE, peer.kind(), halfEdge);
    }
    if (halfEdge.kind == SpanKind.CONSUMER) {
      EdgeKey key = new EdgeKey(peer.name(), halfEdge.service, ConnectionType.VIRTUAL_NODE, "");
      return oneSided(key, peer.kind(), NodeKind.SERVICE, halfEdge);
    }
    return null;
  }

  /** The producer → broker leg of a PRODUCER span; null when it names no destination. */
  CompletedEdge publishLeg(HalfEdge producer) {
    if (producer.destination.isEmpty()) {
      return null;
    }
    EdgeKey key =
        new EdgeKey(
            producer.service,
            producer.destination,
            ConnectionType.MESSAGING_SYSTEM,
            "",
            EdgeKey.Leg.PUBLISH);
    return oneSided(key, NodeKind.SERVICE, NodeKind.MESSAGING, producer);
  }

  /**
   * The broker → consumer leg of a CONSUMER span that read a record of {@code destination} (one per record, so
   * a batch that read 8 records counts 8); null when no destination is known.
   */
  CompletedEdge consumeLeg(HalfEdge consumer, String destination) {
    if (destination.isEmpty()) {
      return null;
    }
    EdgeKey key =
        new EdgeKey(
            destination,
            consumer.service,
            ConnectionType.MESSAGING_SYSTEM,
            "",
            EdgeKey.Leg.CONSUME);
    return oneSided(key, NodeKind.MESSAGING, NodeKind.SERVICE, consumer);
  }

  static boolean takesPart(SpanKind kind) {
    return kind == SpanKind.CLIENT
        || kind == SpanKind.SERVER
        || kind == SpanKind.PRODUCER
        || kind == SpanKind.CONSUMER;
  }

  /** Both sides measured by the one span there is. */
  private static CompletedEdge oneSided(
      EdgeKey key, NodeKind clientKind, NodeKind serverKind, HalfEdge measured) {
    return new CompletedEdge(
        key,
        clientKind,
        serverKind,
        measured.startEpochMillis,
        measured.durationNanos,
        measured.startEpochMillis,
        measured.durationNanos,
        measured.error);
  }
}
