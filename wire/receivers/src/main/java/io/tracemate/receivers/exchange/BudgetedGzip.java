package io.tracemate.receivers.exchange;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Decompressor;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * gRPC's gzip message coding, charging the request's {@link RequestBodyBudget.Lease} for every byte it inflates
 * before protobuf reads it. Armeria's deframer inflates a message while the protobuf marshaller parses it, before
 * the service method runs; charging there, not once the service has the parsed message, means a gzip bomb is
 * refused (UNAVAILABLE with RetryInfo) as soon as its inflated bytes pass the budget, instead of after its whole
 * message (up to {@code max-request-bytes}) and its protobuf objects were built. Many such calls at once hold no
 * more than the budget together.
 *
 * <p>The lease is the one of the request current when the message starts inflating: Armeria deframes a unary call
 * in the callback of its body's aggregation, which {@link GrpcReceiver} completes in the request's context; without
 * one (a service not behind the budget decorator) nothing is charged. Stateless; thread-safe. The streams it makes
 * are used by one thread at a time.
 */
final class BudgetedGzip implements Decompressor {
  /** Charged ahead in steps, so that a message costs one budget update per 64 KiB, not one per protobuf read. */
  private static final int CHARGE_STEP = 64 * 1024;

  @Override
  public String getMessageEncoding() {
    return "gzip";
  }

  @Override
  public InputStream decompress(InputStream compressed) throws IOException {
    RequestBodyBudget.Lease lease =
        RequestBodyBudget.leaseOf(ServiceRequestContext.currentOrNull());
    return new Charging(new GZIPInputStream(compressed), lease);
  }

  /** Charges what {@code in} produces, a step ahead of it. */
  private static final class Charging extends FilterInputStream {
    private final RequestBodyBudget.Lease lease;
    private long credit;

    Charging(InputStream in, RequestBodyBudget.Lease lease) {
      super(in);
      this.lease = lease;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        take(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int read = in.read(buffer, offset, length);
      if (read > 0) {
        take(read);
      }
      return read;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(n);
      if (skipped > 0) {
        take(skipped); // inflated all the same; charged as if read
      }
      return skipped;
    }

    /**
     * @throws BodyBudgetExhaustedException when the budget has no room (the call is answered UNAVAILABLE)
     * @throws java.util.concurrent.CancellationException when the call is already over
     */
    private void take(long bytes) {
      if (bytes > credit) {
        long step = Math.max(CHARGE_STEP, bytes - credit);
        lease.charge(step);
        credit += step;
      }
      credit -= bytes;
    }
  }
}
