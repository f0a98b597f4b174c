package io.tracemate.receivers.logs;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.RequestHeaders;
import io.tracemate.receivers.BodyInflation;
import io.tracemate.receivers.RequestBodyBudget;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Content codings of log pushes, inflated without ever producing more than the limit (a gzip bomb costs at most
 * the limit in memory) and charged to the request-body budget as the output grows ({@link BodyInflation}). The
 * raw body is bounded by the services' Armeria request length. Stateless.
 */
final class LogBodies {
  private LogBodies() {}

  enum Encoding {
    IDENTITY, GZIP, DEFLATE;

    /** The request's coding, or null for one we cannot decode (415). */
    static Encoding of(RequestHeaders headers) {
      String value = headers.get(HttpHeaderNames.CONTENT_ENCODING);
      if (value == null) {
        return IDENTITY;
      }
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        // Promtail marks its snappy protobuf bodies this way; the snappy layer belongs to the format itself.
        case "", "identity", "snappy" -> IDENTITY;
        case "gzip", "x-gzip" -> GZIP;
        case "deflate" -> DEFLATE;
        default -> null;
      };
    }
  }

  /** Thrown when a body cannot be read; answered 400. */
  static final class MalformedException extends RuntimeException {
    MalformedException(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  /**
   * @throws io.tracemate.receivers.BodyTooLargeException past {@code maxBytes} (413)
   * @throws io.tracemate.receivers.BodyBudgetExhaustedException when the budget has no room (503)
   */
  static byte[] inflate(byte[] body, Encoding encoding, int maxBytes, RequestBodyBudget.Lease lease) {
    if (encoding == Encoding.IDENTITY) {
      return body;
    }
    try (InputStream in = encoding == Encoding.GZIP ? new GZIPInputStream(new ByteArrayInputStream(body), 8192)
        : new InflaterInputStream(new ByteArrayInputStream(body))) {
      return BodyInflation.inflate(in, body.length, maxBytes, lease);
    } catch (IOException e) {
      throw new MalformedException("Content-Encoding is " + encoding.name().toLowerCase(Locale.ROOT)
          + " but the body is not valid " + encoding.name().toLowerCase(Locale.ROOT) + ": " + e.getMessage(), e);
    }
  }
}
