package io.tracemate.auth;

/**
 * What a request does to a tenant. Every route declares the one it needs (the route table comes with the wiring);
 * a {@link Role} is a set of them.
 */
public enum Permission {
  /** Send spans and logs (OTLP, Zipkin, Loki push). */
  INGEST("write to"),
  /** Query traces, logs, topology, RED, analysis, the tail. */
  READ("read"),
  /** Change rules and silences (alerting). */
  WRITE_RULES("change the rules of"),
  /** Administer: tenants, overrides, retention, the audit log. */
  ADMIN("administer");

  private final String verb;

  Permission(String verb) {
    this.verb = verb;
  }

  /** How a refusal says it: "not allowed to {verb} tenant x". */
  public String verb() {
    return verb;
  }
}
