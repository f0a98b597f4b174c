package io.tracemate.auth;

/** How a principal proved who it is; audited with every request and a label of the failure counter. */
public enum AuthMethod {
  /** An OIDC bearer token (a JWT signed by the configured issuer). */
  OIDC("oidc"),
  /** An API token from the configuration, found by its SHA-256. */
  API_TOKEN("api_token"),
  /** A client certificate the TLS layer verified. */
  CLIENT_CERTIFICATE("client_certificate"),
  /** Nobody: authentication is off. */
  NONE("none");

  private final String label;

  AuthMethod(String label) {
    this.label = label;
  }

  /** The name in the audit log and on metrics. */
  public String label() {
    return label;
  }
}
