package io.tracemate.receivers.exchange;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Reads request bodies without ever holding more than the limit: the compressed body is collected chunk by
 * chunk and refused as soon as it passes the limit, and inflating stops as soon as the output passes it, so a
 * gzip bomb costs at most {@code maxBytes} of memory. Memory follows the bytes that actually arrived, never the
 * {@code Content-Length} a client declares; what inflating produces is charged to the request's
 * {@link RequestBodyBudget.Lease} before it is allocated ({@link BodyInflation}). Stateless; thread-safe.
 */
public final class RequestBodies {
  private RequestBodies() {}

  /** Content codings a receiver may understand; each receiver says which it takes. */
  public enum Coding {
    IDENTITY,
    GZIP,
    DEFLATE,
    /** Promtail marks its snappy protobuf bodies this way; the snappy layer belongs to Loki's format itself. */
    SNAPPY;

    /** The request's coding, or null when it is one no receiver can decode (answered with 415). */
    public static Coding of(RequestHeaders headers) {
      String value = headers.get(HttpHeaderNames.CONTENT_ENCODING);
      if (value == null) {
        return IDENTITY;
      }
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "", "identity" -> IDENTITY;
        case "gzip", "x-gzip" -> GZIP;
        case "deflate" -> DEFLATE;
        case "snappy" -> SNAPPY;
        default -> null;
      };
    }

    /** Whether the body must be inflated before its format reads it. */
    boolean inflates() {
      return this == GZIP || this == DEFLATE;
    }
  }

  /**
   * Collects the raw body; fails with {@link BodyTooLargeException} once it passes {@code maxBytes} (at once
   * when Content-Length already says so; a smaller Content-Length reserves nothing).
   */
  static CompletableFuture<byte[]> read(ServiceRequestContext ctx, HttpRequest req, int maxBytes) {
    long declared = req.headers().contentLength();
    if (declared > maxBytes) {
      return CompletableFuture.failedFuture(tooLarge(maxBytes, "Content-Length " + declared));
    }
    CompletableFuture<byte[]> body = new CompletableFuture<>();
    req.subscribe(new BoundedCollector(body, maxBytes), ctx.eventLoop());
    return body;
  }

  /**
   * Inflates a gzip or deflate body, refusing to produce more than {@code maxBytes}, and charging {@code lease} for
   * each buffer before allocating it; other codings return the body as it is.
   *
   * @throws BodyTooLargeException when the inflated body passes the limit
   * @throws BodyBudgetExhaustedException when the request-body budget has no room for the inflated body
   * @throws MalformedRequestException when the body is not valid in its coding
   */
  static byte[] inflate(byte[] body, Coding coding, int maxBytes, RequestBodyBudget.Lease lease) {
    if (!coding.inflates()) {
      return body;
    }
    String name = coding.name().toLowerCase(Locale.ROOT);
    try (InputStream in =
        coding == Coding.GZIP
            ? new GZIPInputStream(new ByteArrayInputStream(body), 8192)
            : new InflaterInputStream(new ByteArrayInputStream(body))) {
      return BodyInflation.inflate(in, body.length, maxBytes, lease);
    } catch (IOException e) {
      throw new MalformedRequestException(
          "Content-Encoding is "
              + name
              + " but the body is not valid "
              + name
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static BodyTooLargeException tooLarge(int maxBytes, String what) {
    return new BodyTooLargeException(what + " exceeds the limit of " + maxBytes + " bytes");
  }

  /**
   * Collects HttpData chunks and joins them once at the end (exactly sized, so the body is never copied while it
   * grows), cancelling the upload once it passes the limit.
   */
  private static final class BoundedCollector implements Subscriber<HttpObject> {
    private final CompletableFuture<byte[]> result;
    private final int maxBytes;
    private final List<byte[]> chunks = new ArrayList<>();
    private int size;
    private Subscription subscription;

    BoundedCollector(CompletableFuture<byte[]> result, int maxBytes) {
      this.result = result;
      this.maxBytes = maxBytes;
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
        chunks.add(data.array());
        size += length;
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable cause) {
      chunks.clear();
      result.completeExceptionally(cause);
    }

    @Override
    public void onComplete() {
      if (chunks.size() == 1) {
        result.complete(chunks.get(0));
        return;
      }
      byte[] body = new byte[size];
      int position = 0;
      for (byte[] chunk : chunks) {
        System.arraycopy(chunk, 0, body, position, chunk.length);
        position += chunk.length;
      }
      chunks.clear();
      result.complete(body);
    }
  }
}
