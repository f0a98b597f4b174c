package io.tracemate.receivers;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Reads request bodies without ever holding more than the limit: the compressed body is collected chunk by
 * chunk and refused as soon as it passes the limit, and inflating stops as soon as the output passes it, so a
 * gzip bomb costs at most {@code maxBytes} of memory. Stateless; thread-safe.
 */
final class RequestBodies {
  private static final int INITIAL_CAPACITY = 16 * 1024;

  private RequestBodies() {}

  /** Content codings a receiver understands. */
  enum Encoding {
    IDENTITY,
    GZIP;

    /** The request's coding, or null when it is one we cannot decode (answered with 415). */
    static Encoding of(RequestHeaders headers) {
      String value = headers.get(HttpHeaderNames.CONTENT_ENCODING);
      if (value == null) {
        return IDENTITY;
      }
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "", "identity" -> IDENTITY;
        case "gzip", "x-gzip" -> GZIP;
        default -> null;
      };
    }
  }

  /**
   * Collects the raw body; fails with {@link BodyTooLargeException} once it passes {@code maxBytes} (or
   * immediately, when Content-Length already says so).
   */
  static CompletableFuture<byte[]> read(ServiceRequestContext ctx, HttpRequest req, int maxBytes) {
    long declared = req.headers().contentLength();
    if (declared > maxBytes) {
      return CompletableFuture.failedFuture(tooLarge(maxBytes, "Content-Length " + declared));
    }
    CompletableFuture<byte[]> body = new CompletableFuture<>();
    req.subscribe(new BoundedCollector(body, maxBytes, declared >= 0 ? (int) declared : INITIAL_CAPACITY),
        ctx.eventLoop());
    return body;
  }

  /**
   * Inflates a gzip body, refusing to produce more than {@code maxBytes}.
   *
   * @throws BodyTooLargeException when the inflated body passes the limit
   * @throws MalformedRequestException when the body is not gzip
   */
  static byte[] gunzip(byte[] compressed, int maxBytes) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), 8192)) {
      // Most OTLP batches compress 5-10x; start there and grow, never beyond maxBytes + 1.
      byte[] out = new byte[(int) Math.min((long) maxBytes + 1, Math.max(8192L, compressed.length * 8L))];
      int size = 0;
      while (true) {
        if (size == out.length) {
          if (size > maxBytes) {
            throw tooLarge(maxBytes, "the inflated body");
          }
          out = Arrays.copyOf(out, (int) Math.min((long) maxBytes + 1, out.length * 2L));
        }
        int read = in.read(out, size, out.length - size);
        if (read < 0) {
          return size == out.length ? out : Arrays.copyOf(out, size);
        }
        size += read;
        if (size > maxBytes) {
          throw tooLarge(maxBytes, "the inflated body");
        }
      }
    } catch (IOException e) {
      throw new MalformedRequestException("Content-Encoding is gzip but the body is not valid gzip: "
          + e.getMessage(), e);
    }
  }

  private static BodyTooLargeException tooLarge(int maxBytes, String what) {
    return new BodyTooLargeException(what + " exceeds the limit of " + maxBytes + " bytes");
  }

  /** Collects HttpData chunks into one array, cancelling the upload once it passes the limit. */
  private static final class BoundedCollector implements Subscriber<HttpObject> {
    private final CompletableFuture<byte[]> result;
    private final int maxBytes;
    private byte[] buffer;
    private int size;
    private Subscription subscription;

    BoundedCollector(CompletableFuture<byte[]> result, int maxBytes, int expectedSize) {
      this.result = result;
      this.maxBytes = maxBytes;
      this.buffer = new byte[Math.min(expectedSize, maxBytes)];
    }

    @Override
    public void onSubscribe(Subscription subscription) {
      this.subscription = subscription;
      subscription.request(1);
    }

    @Override
    public void onNext(HttpObject object) {
      if (result.isDone()) {
        return;
      }
      if (object instanceof HttpData data && !data.isEmpty()) {
        int length = data.length();
        if ((long) size + length > maxBytes) {
          subscription.cancel();
          result.completeExceptionally(tooLarge(maxBytes, "the request body"));
          return;
        }
        if (size + length > buffer.length) {
          buffer = Arrays.copyOf(buffer, (int) Math.min(maxBytes, Math.max((long) buffer.length * 2, size + length)));
        }
        System.arraycopy(data.array(), 0, buffer, size, length);
        size += length;
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable cause) {
      result.completeExceptionally(cause);
    }

    @Override
    public void onComplete() {
      result.complete(size == buffer.length ? buffer : Arrays.copyOf(buffer, size));
    }
  }
}
