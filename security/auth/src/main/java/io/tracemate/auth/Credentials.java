package io.tracemate.auth;

/**
 * What a request presented to prove who sent it, as the transport found it: the {@code Authorization} header (HTTP)
 * or metadata entry (gRPC), and the subject of a client certificate the TLS layer has already verified against the
 * configured client CA. Either may be null.
 *
 * @param authorization the header's value as sent ({@code Bearer <token>}), or null
 * @param clientCertificateSubject the verified client certificate's subject distinguished name (RFC 2253, as
 *     {@code X500Principal.getName()} gives it), or null
 */
public record Credentials(String authorization, String clientCertificateSubject) {
  /** A request that presented nothing. */
  public static final Credentials NONE = new Credentials(null, null);

  /** Only an {@code Authorization} value. */
  public static Credentials authorization(String value) {
    return new Credentials(value, null);
  }

  /** Only a verified client certificate. */
  public static Credentials clientCertificate(String subject) {
    return new Credentials(null, subject);
  }

  /** A bearer token, as {@code Authorization: Bearer <token>} sends it. */
  public static Credentials bearer(String token) {
    return new Credentials("Bearer " + token, null);
  }
}
