package io.tracemate.receivers.exchange;

import com.linecorp.armeria.common.FilteredHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import java.util.function.Consumer;

/**
 * A request whose body chunks each pass {@code check} as they arrive; a check that throws fails the body stream
 * with its exception (and cancels the upload). Unlike {@link HttpRequest#mapData}, whose function runs only once
 * the whole body is in when the consumer aggregates it (as gRPC's unary calls and {@code aggregate()} do), this
 * sees every chunk on arrival. Pooled chunks pass through without a copy.
 */
final class CheckedBodyRequest extends FilteredHttpRequest {
  private final Consumer<HttpData> check;

  CheckedBodyRequest(HttpRequest delegate, Consumer<HttpData> check) {
    super(delegate, true);
    this.check = check;
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
