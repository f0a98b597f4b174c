package io.tracemate.receivers.exchange;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.AggregationOptions;
import com.linecorp.armeria.common.FilteredHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.RequestContext;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A request whose body chunks each pass {@code check} as they arrive; a check that throws fails the body stream
 * with its exception (and cancels the upload). Unlike {@link HttpRequest#mapData}, whose function runs only once
 * the whole body is in when the consumer aggregates it (as gRPC's unary calls and {@code aggregate()} do), this
 * sees every chunk on arrival. Pooled chunks pass through without a copy.
 */
final class CheckedBodyRequest extends FilteredHttpRequest {
  private final Consumer<HttpData> check;
  private final RequestContext aggregateIn;

  CheckedBodyRequest(HttpRequest delegate, Consumer<HttpData> check) {
    this(delegate, check, null);
  }

  /**
   * @param aggregateIn the context {@link #aggregate(AggregationOptions)} completes in, so that its callbacks
   *     see the request's context (Armeria completes it on the event loop without one), or null
   */
  CheckedBodyRequest(HttpRequest delegate, Consumer<HttpData> check, RequestContext aggregateIn) {
    super(delegate, true);
    this.check = check;
    this.aggregateIn = aggregateIn;
  }

  @Override
  public CompletableFuture<AggregatedHttpRequest> aggregate(AggregationOptions options) {
    CompletableFuture<AggregatedHttpRequest> aggregated = super.aggregate(options);
    return aggregateIn == null ? aggregated : aggregateIn.makeContextAware(aggregated);
  }

  @Override
  protected HttpObject filter(HttpObject object) {
    if (object instanceof HttpData data) {
      try {
        check.accept(data);
      } catch (RuntimeException e) {
        data.close(); // a refused chunk goes no further; release it if pooled
        throw e;
      }
    }
    return object;
  }
}
