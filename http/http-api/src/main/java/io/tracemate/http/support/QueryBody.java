package io.tracemate.http.support;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestContext;
import io.netty.util.AttributeKey;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The query a request carried in its body (a POSTed form, as Grafana sends long LogQL; a JSON search), kept on the
 * request context for the audit log: the access decorator runs before the body is read and sees only the path and
 * query string. At most {@link #MAX_BYTES} of the body are kept, since the audit record keeps no more.
 */
public final class QueryBody {
  /** The request context attribute holding it. */
  public static final AttributeKey<String> KEY = AttributeKey.valueOf(QueryBody.class, "text");

  /** The most of a body kept: the audit log cuts a query at 8 Ki characters anyway. */
  static final int MAX_BYTES = 8 * 1024;

  private QueryBody() {}

  /** Keeps the start of {@code request}'s body on {@code ctx}, form bodies decoded so that they read as sent. */
  static void keep(RequestContext ctx, AggregatedHttpRequest request) {
    if (request.content().isEmpty()) {
      return;
    }
    byte[] bytes = request.content().array();
    String text = new String(bytes, 0, Math.min(bytes.length, MAX_BYTES), StandardCharsets.UTF_8);
    MediaType contentType = request.headers().contentType();
    if (contentType != null && contentType.is(MediaType.FORM_DATA)) {
      try {
        text = URLDecoder.decode(text, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        // a malformed escape (or one cut in half by the bound): keep what was sent
      }
    }
    ctx.setAttr(KEY, text);
  }

  /** The body text kept on {@code ctx}, if its request had one. */
  public static Optional<String> of(RequestContext ctx) {
    return Optional.ofNullable(ctx.attr(KEY));
  }
}
