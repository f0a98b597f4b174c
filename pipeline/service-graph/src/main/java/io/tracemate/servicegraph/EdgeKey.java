package io.tracemate.servicegraph;

/**
 * Identity of one edge: who calls whom, how, through which broker destination ({@code via}, e.g.
 * {@code kafka/orders} for a producer→consumer edge; "" otherwise), and whether it is a broker leg.
 */
record EdgeKey(String client, String server, ConnectionType connectionType, String via, Leg leg) {

  /**
   * A producer → broker ({@link #PUBLISH}) or broker → consumer ({@link #CONSUME}) leg: the same messages as
   * the producer → consumer edges, drawn through the broker node ({@link TopologyQuery#brokersAsNodes()}).
   * Legs are kept apart from the collector-compatible edges and never reach the Prometheus metrics.
   */
  enum Leg {
    NONE(""),
    PUBLISH("publish"),
    CONSUME("consume");

    final String label;

    Leg(String label) {
      this.label = label;
    }

    static Leg fromLabel(String label) {
      for (Leg leg : values()) {
        if (leg.label.equals(label)) {
          return leg;
        }
      }
      throw new IllegalArgumentException("unknown leg '" + label + "'");
    }
  }

  EdgeKey(String client, String server, ConnectionType connectionType, String via) {
    this(client, server, connectionType, via, Leg.NONE);
  }

  /** Readable and, with the recorder's collision check, unique: "a → b", "a → b (messaging_system via kafka/orders)". */
  String displayId() {
    StringBuilder id = new StringBuilder(client).append(" → ").append(server);
    if (connectionType != ConnectionType.DIRECT || !via.isEmpty() || leg != Leg.NONE) {
      id.append(" (").append(connectionType.label());
      if (!via.isEmpty()) {
        id.append(connectionType.label().isEmpty() ? "" : " ").append("via ").append(via);
      }
      if (leg != Leg.NONE) {
        id.append(' ').append(leg.label);
      }
      id.append(')');
    }
    return id.toString();
  }
}
