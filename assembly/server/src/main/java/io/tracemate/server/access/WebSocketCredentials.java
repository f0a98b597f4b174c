package io.tracemate.server.access;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Credentials a browser sends on a WebSocket handshake, where a page cannot set headers: the bearer token and the
 * tenant scope travel in {@code Sec-WebSocket-Protocol} as {@code tracemate.bearer.<base64url>} and
 * {@code tracemate.scope.<base64url>} entries (the way Kubernetes' API server takes a token from a browser's
 * WebSocket). They become {@code Authorization} and {@code X-Scope-OrgID} before anything else reads the request,
 * and leave the protocol list, so no credential is echoed or recorded and the service below sees an ordinary
 * request. Headers sent as headers win: the entries only fill in what is missing. Stateless.
 */
final class WebSocketCredentials {
  static final String BEARER_PREFIX = "tracemate.bearer.";
  static final String SCOPE_PREFIX = "tracemate.scope.";

  private WebSocketCredentials() {}

  /**
   * The headers with the credential entries of their protocol list lifted into {@code Authorization} and
   * {@code X-Scope-OrgID}; {@code headers} itself when the list carries none.
   *
   * @throws IllegalArgumentException naming the entry that is not unpadded base64url of UTF-8 text
   */
  static RequestHeaders lift(RequestHeaders headers) {
    List<String> offered = headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
    if (offered.isEmpty()) {
      return headers;
    }
    String bearer = null;
    String scope = null;
    List<String> kept = new ArrayList<>();
    for (String value : offered) {
      for (String entry : value.split(",")) {
        String protocol = entry.strip();
        if (protocol.startsWith(BEARER_PREFIX)) {
          bearer = decode(protocol, BEARER_PREFIX);
        } else if (protocol.startsWith(SCOPE_PREFIX)) {
          scope = decode(protocol, SCOPE_PREFIX);
        } else if (!protocol.isEmpty()) {
          kept.add(protocol);
        }
      }
    }
    if (bearer == null && scope == null) {
      return headers;
    }
    RequestHeadersBuilder lifted = headers.toBuilder();
    lifted.remove(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
    if (!kept.isEmpty()) {
      lifted.set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, String.join(", ", kept));
    }
    if (bearer != null && !headers.contains(HttpHeaderNames.AUTHORIZATION)) {
      lifted.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + bearer);
    }
    if (scope != null && !headers.contains(AccessDecorator.TENANT_HEADER)) {
      lifted.set(AccessDecorator.TENANT_HEADER, scope);
    }
    return lifted.build();
  }

  private static String decode(String protocol, String prefix) {
    String encoded = protocol.substring(prefix.length());
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(encoded);
      if (bytes.length == 0) {
        throw new IllegalArgumentException("empty");
      }
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException(
          "Sec-WebSocket-Protocol: "
              + prefix
              + "… must be followed by the unpadded base64url of the value (RFC 4648 §5)");
    }
  }
}
