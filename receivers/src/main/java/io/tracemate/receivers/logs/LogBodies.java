package io.tracemate.receivers.logs;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.RequestHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Content codings of log pushes, inflated without ever producing more than the limit (a gzip bomb costs at most
 * the limit in memory). The raw body is bounded by the services' Armeria request length. Stateless.
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

  /** Thrown when a body passes the limit; answered 413. */
  static final class TooLargeException extends RuntimeException {
    TooLargeException(String message) {
      super(message, null, false, false);
    }
  }

  /** Thrown when a body cannot be read; answered 400. */
  static final class MalformedException extends RuntimeException {
    MalformedException(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  static byte[] inflate(byte[] body, Encoding encoding, int maxBytes) {
    if (encoding == Encoding.IDENTITY) {
      return body;
    }
    try (InputStream in = encoding == Encoding.GZIP ? new GZIPInputStream(new ByteArrayInputStream(body), 8192)
        : new InflaterInputStream(new ByteArrayInputStream(body))) {
      byte[] out = in.readNBytes(maxBytes + 1);
      if (out.length > maxBytes) {
        throw new TooLargeException("the inflated body exceeds the limit of " + maxBytes + " bytes");
      }
      return out;
    } catch (IOException e) {
      throw new MalformedException("Content-Encoding is " + encoding.name().toLowerCase(Locale.ROOT)
          + " but the body is not valid " + encoding.name().toLowerCase(Locale.ROOT) + ": " + e.getMessage(), e);
    }
  }
}
