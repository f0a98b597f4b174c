package io.tracemate.servicegraph;

import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import java.util.List;

/**
 * Names the uninstrumented peer of a span from its attributes ({@code virtual_node_peer_attributes}): the first
 * attribute of the list that the span carries (non-blank) names the node.
 *
 * <ul>
 *   <li>{@code db.namespace} / {@code db.name} give {@code <db.system>/<value>}, e.g. {@code mysql/orders}
 *       (just the value when db.system is absent);
 *   <li>{@code db.system} gives {@code <db.system>/<server.address>} (or {@code net.peer.name}), e.g.
 *       {@code redis/redis-master.shop.svc.cluster.local}, or just {@code redis} without an address, so two Redis
 *       clusters without a database name do not collapse into one node;
 *   <li>{@code messaging.destination.name} / {@code messaging.destination} give
 *       {@code <messaging.system>/<value>}, e.g. {@code kafka/orders};
 *   <li>any other attribute ({@code peer.service}, {@code server.address}, {@code net.peer.name}, custom ones)
 *       gives its value as it is.
 * </ul>
 *
 * <p>The node's kind follows the span, not the attribute that named it: {@link NodeKind#DATABASE} when it has
 * {@code db.system} (or a database name), {@link NodeKind#MESSAGING} when it has {@code messaging.system} or a
 * destination, otherwise {@link NodeKind#VIRTUAL}. Immutable and thread-safe.
 */
final class PeerNaming {

  /** A named uninstrumented peer. */
  record Peer(String name, NodeKind kind) {}

  private final List<String> attributes;

  PeerNaming(List<String> attributes) {
    this.attributes = List.copyOf(attributes);
  }

  /** The peer named by {@code spanAttributes}, or null when none of the configured attributes is present. */
  Peer peerOf(List<Attribute> spanAttributes) {
    return peerOf(spanAttributes, kindOf(spanAttributes));
  }

  /** {@link #peerOf(List)} of a span whose {@link #kindOf kind} the caller already knows. */
  Peer peerOf(List<Attribute> spanAttributes, NodeKind kind) {
    for (String attribute : attributes) {
      String value = text(spanAttributes, attribute);
      if (value == null) {
        continue;
      }
      String name =
          switch (attribute) {
            case "db.namespace", "db.name" -> qualified(text(spanAttributes, "db.system"), value);
            case "db.system" -> qualified(value, address(spanAttributes));
            case "messaging.destination.name", "messaging.destination" ->
                qualified(text(spanAttributes, "messaging.system"), value);
            default -> value;
          };
      return new Peer(name, kind);
    }
    return null;
  }

  /**
   * The database a database client span calls: named like {@link #peerOf}, or, when the configured list names
   * nothing, by db.system, db.namespace or db.name.
   */
  Peer databaseOf(List<Attribute> spanAttributes) {
    Peer peer = peerOf(spanAttributes, NodeKind.DATABASE);
    if (peer != null) {
      return peer;
    }
    String name = text(spanAttributes, "db.system");
    for (String key : List.of("db.namespace", "db.name")) {
      name = name != null ? name : text(spanAttributes, key);
    }
    return new Peer(name, NodeKind.DATABASE);
  }

  /** True for a client span of a database call: it never has an instrumented server side. */
  static boolean isDatabaseCall(List<Attribute> spanAttributes) {
    return text(spanAttributes, "db.system") != null
        || text(spanAttributes, "db.namespace") != null
        || text(spanAttributes, "db.name") != null;
  }

  static NodeKind kindOf(List<Attribute> spanAttributes) {
    if (isDatabaseCall(spanAttributes)) {
      return NodeKind.DATABASE;
    }
    if (text(spanAttributes, "messaging.system") != null
        || text(spanAttributes, "messaging.destination.name") != null
        || text(spanAttributes, "messaging.destination") != null) {
      return NodeKind.MESSAGING;
    }
    return NodeKind.VIRTUAL;
  }

  /** The broker destination a producer or consumer span talks to ({@code kafka/orders}), or "" when unnamed. */
  static String destinationOf(List<Attribute> spanAttributes) {
    String destination = text(spanAttributes, "messaging.destination.name");
    if (destination == null) {
      destination = text(spanAttributes, "messaging.destination");
    }
    return destination == null
        ? ""
        : qualified(text(spanAttributes, "messaging.system"), destination);
  }

  private static String address(List<Attribute> spanAttributes) {
    String address = text(spanAttributes, "server.address");
    return address != null ? address : text(spanAttributes, "net.peer.name");
  }

  private static String qualified(String system, String value) {
    if (system == null) {
      return value;
    }
    return value == null ? system : system + "/" + value;
  }

  static String text(List<Attribute> spanAttributes, String key) {
    AttributeValue value = Attribute.find(spanAttributes, key);
    if (value == null) {
      return null;
    }
    String text = value.asText();
    return text.isBlank() ? null : text;
  }
}
