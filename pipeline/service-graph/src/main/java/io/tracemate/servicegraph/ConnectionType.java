package io.tracemate.servicegraph;

/**
 * How the two ends of an edge are connected, with the collector servicegraph connector's
 * {@code connection_type} label values.
 */
public enum ConnectionType {
  /** A CLIENT span paired with the SERVER span of an instrumented callee. */
  DIRECT(""),
  /** A PRODUCER span paired with a CONSUMER span (by parent or by span link). */
  MESSAGING_SYSTEM("messaging_system"),
  /** A CLIENT span with {@code db.system}: the database is never instrumented, so the edge forms at once. */
  DATABASE("database"),
  /** One side is not instrumented: the peer is named from the span's attributes, or is {@code user}. */
  VIRTUAL_NODE("virtual_node");

  private final String label;

  ConnectionType(String label) {
    this.label = label;
  }

  /** The collector's label value ("" for a direct client/server edge). */
  public String label() {
    return label;
  }

  /** @throws IllegalArgumentException for an unknown label */
  public static ConnectionType fromLabel(String label) {
    for (ConnectionType type : values()) {
      if (type.label.equals(label)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown connection_type '"
            + label
            + "': expected \"\", messaging_system, database or virtual_node");
  }
}
